"""Whoosh's per-document columns of one segment read straight into numpy arrays (for the snapshot)."""

from __future__ import annotations

import numpy as np


def _byte_to_length_table() -> np.ndarray:
    from whoosh.util.numeric import byte_to_length

    return np.array([byte_to_length(i) for i in range(256)], dtype=np.float64)


_LENGTHS = _byte_to_length_table()


def numeric_column(segment_reader, fieldname: str) -> np.ndarray | None:
    """A numeric column (as written: sortable unsigned values) as an array, one value per document."""
    if not segment_reader.has_column(fieldname):
        return None
    column = segment_reader.column_reader(fieldname, translate=False)
    doccount = segment_reader.doc_count_all()
    try:
        typecode = column._typecode
        count = column._count
        raw = column._dbfile.get(column._basepos, count * column._fixedlen)
        values = np.frombuffer(raw, dtype=np.dtype(typecode).newbyteorder(">")).astype(np.uint64)
        if count < doccount:
            values = np.concatenate([values, np.full(doccount - count, column._default, dtype=np.uint64)])
        return values[:doccount]
    except AttributeError:  # another column layout: read it the slow way
        return np.fromiter((int(v) for v in column), dtype=np.uint64, count=doccount)


def length_column(segment_reader, fieldname: str) -> np.ndarray:
    """Whoosh's per-document field lengths (one byte each, decoded as Whoosh decodes them)."""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

    doccount = segment_reader.doc_count_all()
    perdoc = segment_reader._perdoc
    name = _lenfield(fieldname)
    if not perdoc.has_column(name):
        return np.zeros(doccount, dtype=np.float64)
    column = perdoc.column_reader(name, LENGTHS_COLUMN)
    try:
        raw = column._dbfile.get(column._basepos, column._count)
        lengths = np.frombuffer(raw, dtype=np.uint8)
        if len(lengths) < doccount:
            lengths = np.concatenate([lengths, np.zeros(doccount - len(lengths), dtype=np.uint8)])
    except AttributeError:
        lengths = np.fromiter((b if isinstance(b, int) else ord(b) for b in column), np.uint8, count=doccount)
    return _LENGTHS[lengths[:doccount]]
