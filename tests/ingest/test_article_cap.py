"""The per-article size cap: an article over it is reported on its own line and skipped; the rest imports."""

from __future__ import annotations

import pathlib

import pytest

from archive.ingest import MAX_ARTICLE_BYTES, IngestError, parse_file

SMALL = "Small story\n\nShort Url\n\nISLAMABAD: A small story about trade.\n"
BIG_BODY = "ISLAMABAD: " + "A long sentence about trade. " * 2000  # about 58 KB


def _sgm(newid: int, body: str) -> str:
    return f'<REUTERS NEWID="{newid}"><TEXT><TITLE>T{newid}</TITLE><BODY>{body}</BODY></TEXT></REUTERS>\n'


def test_default_cap_is_documented_and_generous() -> None:
    """The cap is 1 MB: a hundred times Reuters' longest story, far below a 19 MB hostile one."""
    assert MAX_ARTICLE_BYTES == 1_000_000


def test_text_file_article_over_the_cap_is_skipped_with_a_reason(tmp_path: pathlib.Path) -> None:
    """GIVEN a text file of three articles, the second 58 KB, and a 10 KB cap
    WHEN it is parsed
    THEN the first and third are articles (the third keeps its number), the second is an error."""
    big = f"Big story\n\nShort Url\n\n{BIG_BODY}\n"
    path = tmp_path / "three.txt"
    path.write_text(f"{SMALL}\n\n\n{big}\n\n\n{SMALL.replace('Small', 'Other')}", encoding="utf-8")
    parsed = parse_file(path, max_article_bytes=10_000)
    assert [a.title for a in parsed.articles] == ["Small story", "Other story"]
    assert [a.ref.rsplit("#", 1)[1] for a in parsed.articles] == ["1", "3"]
    assert len(parsed.errors) == 1
    assert parsed.errors[0].startswith("article 2 (from line ")
    assert "KB, over the 10.0 KB limit for one article" in parsed.errors[0]


def test_text_file_that_is_one_oversized_article(tmp_path: pathlib.Path) -> None:
    """GIVEN a one-article text file over the cap THEN the IngestError says so, naming the limit."""
    path = tmp_path / "one.txt"
    path.write_text(f"Big story\n\n{BIG_BODY}\n", encoding="utf-8")
    with pytest.raises(IngestError, match=r"article 1 \(from line 1\): .* over the 10\.0 KB limit"):
        parse_file(path, max_article_bytes=10_000)


def test_sgml_record_over_the_cap_is_reported(tmp_path: pathlib.Path) -> None:
    """GIVEN a Reuters file whose second record is over the cap THEN it is an error with its NEWID."""
    path = tmp_path / "r.sgm"
    path.write_text(_sgm(1, "Short.") + _sgm(2, BIG_BODY) + _sgm(3, "Also short."), encoding="latin-1")
    parsed = parse_file(path, max_article_bytes=10_000)
    assert [a.ref for a in parsed.articles] == ["reuters:1", "reuters:3"]
    assert len(parsed.errors) == 1 and parsed.errors[0].startswith("record 2 (NEWID 2): ")
