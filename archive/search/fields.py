"""Index field types that keep values exact: not stemmed, not split on commas."""

from __future__ import annotations

from haystack import indexes
from whoosh import columns as whoosh_columns
from whoosh import fields as whoosh_fields


class ExactField(indexes.MultiValueField):
    """Haystack side: a list of exact values (country codes, organisation slugs, date keys)."""

    field_type = "exact"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        # Stored as a list (ExactList), not haystack's comma-joined string: haystack must not
        # split it when reading results back, but convert it (MultiValueField.convert: a list).
        self.is_multivalued = False


class SortKeyField(indexes.IntegerField):
    """Haystack side: an integer Whoosh can sort on from a column (e.g. 20230620 for a date)."""

    field_type = "sortkey"


class FingerprintField(indexes.CharField):
    """Haystack side: a stored-only hash of the document, so drift checks can compare content cheaply."""

    field_type = "stored"

    def __init__(self, **kwargs) -> None:
        super().__init__(indexed=False, stored=True, default="", **kwargs)


class ExactList(whoosh_fields.ID):
    """Whoosh side: each value of a list is one term, exactly as given, deduplicated.

    Deduplication matters: repeated values would be counted twice by facet counts.
    """

    def __init__(self) -> None:
        super().__init__(stored=True)

    def index(self, value, **kwargs):
        values = [value] if isinstance(value, str) else list(value or ())
        return [(text.encode("utf-8"), 1, 1.0, b"") for text in sorted({str(v) for v in values if v})]


class ArticleIdField(whoosh_fields.ID):
    """Whoosh side of haystack's `django_id`: a stored, indexed string as haystack's, plus a numeric column.

    The column lets a snapshot read a segment's article ids as one array when it opens (segments.py)
    instead of decompressing a stored document for every hit a page shows (and its copies).
    """

    def __init__(self) -> None:
        super().__init__(stored=True)
        self.column_type = whoosh_columns.NumericColumn("Q", default=0)

    def to_column_value(self, value) -> int:
        try:
            return max(int(value), 0)
        except (TypeError, ValueError):  # a model with a non-integer key: 0 reads as "no id in the column"
            return 0

    def from_column_value(self, value):
        return value


def whoosh_field_for(field_type: str) -> whoosh_fields.FieldType | None:
    """The Whoosh field for one of our haystack field types, or None for haystack's default."""
    if field_type == "exact":
        return ExactList()
    if field_type == "stored":
        return whoosh_fields.STORED()
    if field_type == "sortkey":
        # shift_step=0: one term per value, not Whoosh's default 16 tiers (about a fifth of every article's postings
        # for three sort keys). Sorting reads the column, the fast path's date ranges its arrays; Whoosh's own
        # range queries read the same postings from one term per distinct value instead of fewer coarse ones.
        return whoosh_fields.NUMERIC(numtype=int, bits=64, stored=True, sortable=True, signed=True, shift_step=0)
    return None
