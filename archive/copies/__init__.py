"""Copies of one story (syndicated versions, near-identical bodies): detected and grouped.

The public face; the other modules of this package are its insides.
"""

from archive.copies.representative import representative

__all__ = ["representative"]
