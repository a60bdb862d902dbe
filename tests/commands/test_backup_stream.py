"""data.json is decoded one record at a time from a stream, whatever the chunk boundaries cut: the same values
as json.loads of the whole, and a refusal (a RestoreError, never another exception) for any cut-off file."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive import backup_stream
from archive.backup_stream import Capped, JsonArray, RestoreError

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text()
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4), max_leaves=12
)
encodings = st.fixed_dictionaries({"ensure_ascii": st.booleans(), "indent": st.none() | st.integers(0, 2)})


def decode(data: bytes) -> list:
    return list(JsonArray(Capped(io.BytesIO(data), "data.json", None)))


@pytest.mark.slow
@settings(max_examples=300)
@given(items=st.lists(values, max_size=6), options=encodings, chunk=st.integers(1, 200))
def test_any_chunking_gives_the_values_json_loads_gives(items, options, chunk):
    # GIVEN an array as some JSON writer might lay it out, read a few bytes at a time
    data = json.dumps(items, **options).encode()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(backup_stream, "CHUNK", chunk)
        # WHEN it is decoded  THEN the items are the array's
        assert decode(data) == json.loads(data)


@pytest.mark.slow
@settings(max_examples=300)
@given(items=st.lists(values, min_size=1, max_size=6), options=encodings, chunk=st.integers(1, 200), data=st.data())
def test_a_cut_off_array_is_always_refused(items, options, chunk, data):
    # GIVEN an array cut off anywhere before its end (in a number, a string, a character, between items)
    whole = json.dumps(items, **options).encode()
    cut = whole[: data.draw(st.integers(0, len(whole) - 1))]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(backup_stream, "CHUNK", chunk)
        # WHEN it is decoded
        # THEN it is refused as a RestoreError (so the restore stops before the database is touched)
        with pytest.raises(RestoreError):
            decode(cut)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "not a JSON array"),
        (b'{"model": "a"}', "not a JSON array"),
        (b"[1 2]", "a record is followed by '2'"),
        (b"[1,]", "not valid JSON"),
        (b"[1] [2]", "more after its array"),
        (b"[" * 5000 + b"]" * 5000, "nested too deeply"),
        (b'["\xff"]', "not UTF-8"),
        (b'["\x01"]', "Invalid control character"),
    ],
)
def test_malformed_arrays_are_refused_with_a_reason(data, reason):
    with pytest.raises(RestoreError, match=reason):
        decode(data)
