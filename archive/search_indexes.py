"""Where haystack looks for indexes; the index itself lives with the rest of search."""

from archive.search import ArticleIndex

__all__ = ["ArticleIndex"]
