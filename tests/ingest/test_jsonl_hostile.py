"""JSON Lines from an untrusted upload: identity, deep nesting, odd numbers and oversized lines."""

from __future__ import annotations

import json
import pathlib

import pytest

from archive.ingest import IngestError, parse_file, parse_jsonl

GOOD = json.dumps({"title": "Good", "body": "A good record."})


def test_import_ref_cannot_claim_another_files_article() -> None:
    """GIVEN a record whose import_ref names a seed article, with a raw_text of its choosing
    WHEN the file is parsed
    THEN its ref lies under this file's ref, and its raw_text is the line as received."""
    line = json.dumps(
        {"import_ref": "seeds/000_728eb46f56e5de8d.txt#1", "title": "t", "body": "b", "raw_text": "forged"}
    )
    (article,) = parse_jsonl(line + "\n", ref="upload/evil.jsonl").articles
    assert article.ref == "upload/evil.jsonl:seeds/000_728eb46f56e5de8d.txt#1"
    assert article.raw_text == line


def test_refs_of_every_kind_stay_under_the_file() -> None:
    """GIVEN records with an import_ref, an id, or neither
    THEN every ref starts with the file's ref."""
    lines = [
        json.dumps({"import_ref": "reuters:17", "title": "a", "body": "a"}),
        json.dumps({"id": "reuters:18", "title": "b", "body": "b"}),
        json.dumps({"import_ref": "  ", "title": "c", "body": "c"}),  # blank: as if absent
    ]
    parsed = parse_jsonl("\n".join(lines), ref="up/x.jsonl")
    assert [a.ref for a in parsed.articles] == ["up/x.jsonl:reuters:17", "up/x.jsonl:reuters:18", "up/x.jsonl#3"]


@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_deeply_nested_line_is_reported_on_its_line(opener: str) -> None:
    """GIVEN a line nested 100,000 deep between two good lines (RecursionError out of the parser before)
    WHEN the file is parsed
    THEN that line is an error naming it, and the good lines are articles."""
    deep = opener * 100_000
    parsed = parse_jsonl(f"{GOOD}\n{deep}\n{GOOD.replace('Good', 'Also good')}\n", ref="f.jsonl")
    assert [a.title for a in parsed.articles] == ["Good", "Also good"]
    assert len(parsed.errors) == 1
    assert parsed.errors[0].startswith("line 2: ")
    assert "nested too deeply" in parsed.errors[0] or "not JSON" in parsed.errors[0]


def test_deeply_nested_value_in_a_field() -> None:
    """GIVEN a complete record whose 'countries' is nested 100,000 deep
    THEN that line is reported, not raised."""
    deep = '{"title": "t", "body": "b", "countries": ' + "[" * 100_000 + "]" * 100_000 + "}"
    parsed = parse_jsonl(f"{GOOD}\n{deep}\n", ref="f.jsonl")
    assert len(parsed.articles) == 1
    assert parsed.errors == ["line 2: not readable, its JSON is nested too deeply"]


def test_a_lone_surrogate_is_reported_on_its_line() -> None:
    """GIVEN a record whose title holds an escaped half of a UTF-16 pair ("\\ud800"), no character at all
    THEN that line is reported in words (it failed as "UnicodeEncodeError: 'utf-8' codec can't encode…" when
    stored), and the good lines are articles; a whole pair ("\\ud83d\\ude00", 😀) is a character and imports."""
    lone = '{"title": "Surrogate \\ud800 here", "body": "b"}'
    pair = '{"title": "Smile \\ud83d\\ude00", "body": "b"}'
    parsed = parse_jsonl(f"{GOOD}\n{lone}\n{pair}\n", ref="f.jsonl")
    assert [a.title for a in parsed.articles] == ["Good", "Smile \U0001f600"]
    assert parsed.errors == [
        "line 2: holds half of a UTF-16 pair (an escape such as \\ud800 with no partner), which is no character: "
        "the file was written with a broken encoding"
    ]


def test_integer_too_long_to_read_is_reported() -> None:
    """GIVEN an id of 5,000 digits (Python refuses to read ints over 4,300 digits: a ValueError)
    THEN that line is reported and the others parse."""
    parsed = parse_jsonl(f'{GOOD}\n{{"id": {"9" * 5000}, "title": "t", "body": "b"}}\n', ref="f.jsonl")
    assert len(parsed.articles) == 1
    assert len(parsed.errors) == 1 and parsed.errors[0].startswith("line 2: not readable")


def test_line_over_the_article_cap_is_reported(tmp_path: pathlib.Path) -> None:
    """GIVEN a file with one record of 2 MB between small ones, and a 1 MB cap per article
    WHEN it is parsed
    THEN the big line is an error giving its size and the cap; the others are articles."""
    big = json.dumps({"title": "Big", "body": "word " * 400_000})
    path = tmp_path / "mixed.jsonl"
    path.write_text(f"{GOOD}\n{big}\n{GOOD.replace('Good', 'Small')}\n", encoding="utf-8")
    parsed = parse_file(path, max_article_bytes=1_000_000)
    assert [a.title for a in parsed.articles] == ["Good", "Small"]
    assert parsed.errors == ["line 2: 2.0 MB, over the 1.0 MB limit for one article; not imported"]


def test_file_of_only_oversized_lines_says_why(tmp_path: pathlib.Path) -> None:
    """GIVEN a file whose only record is over the cap
    THEN the IngestError names the cap."""
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"title": "Big", "body": "x" * 5000}) + "\n", encoding="utf-8")
    with pytest.raises(IngestError, match=r"line 1: 5\.0 KB, over the 1\.0 KB limit for one article"):
        parse_file(path, max_article_bytes=1000)
