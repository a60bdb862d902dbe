"""parse_file: choosing the parser, and refusing files that are not text with a useful message."""

from __future__ import annotations

import json
import pathlib
import unicodedata

import pytest

from archive.ingest import SUPPORTED_SUFFIXES, parse_file
from archive.ingest.types import IngestError

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n\t\n", "empty file"),
        ("blank.jsonl", b"\n\n", "empty file"),
        ("image.txt", PNG, "binary file: looks like a PNG image"),
        ("image.jsonl", PNG, "binary file: looks like a PNG image"),
        ("image.sgm", PNG, "binary file: looks like a PNG image"),
        ("doc.txt", b"%PDF-1.7\n...", "PDF document"),
        ("nul.txt", b"some text\x00\x00more", "NUL bytes"),
        ("controls.txt", bytes(range(1, 9)) * 50 + b"text", "control bytes"),
        ("utf16.txt", "hello".encode("utf-16"), "UTF-16"),
        (
            "latin1.txt",
            "Café au lait\nin São Paulo".encode("latin-1"),
            "not valid UTF-8: byte 3 (line 1, column 4) is 0xE9, in “Café au lait”",
        ),
        ("latin1.jsonl", b'{"title": "ok", "body": "fine"}\n{"title": "Caf\xe9"}', "line 2"),
        ("notes.docx", b"PK\x03\x04", "unsupported file type ('.docx')"),
        ("README", b"hello", "unsupported file type (no suffix)"),
    ],
)
def test_bad_files(tmp_path: pathlib.Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(IngestError) as caught:
        parse_file(path)
    assert message in str(caught.value)


def test_unknown_suffix_lists_the_supported_ones(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "a.docx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(IngestError) as caught:
        parse_file(path)
    for suffix in SUPPORTED_SUFFIXES:
        assert suffix in str(caught.value)


def test_missing_file_and_directory(tmp_path: pathlib.Path) -> None:
    with pytest.raises(IngestError, match="not found"):
        parse_file(tmp_path / "nope.txt")
    (tmp_path / "dir.txt").mkdir()
    with pytest.raises(IngestError, match="directory"):
        parse_file(tmp_path / "dir.txt")


def test_text_file_refs_default_to_parent_and_name(tmp_path: pathlib.Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    path = folder / "story.TXT"
    path.write_bytes("\ufeffKARACHI: Officials met on Saturday.\r\n\r\nMore text.\r\n".encode())
    parsed = parse_file(path)
    (article,) = parsed.articles
    assert article.ref == "batch/story.TXT#1"
    assert article.dateline.place == "Karachi"
    assert article.body == "Officials met on Saturday.\n\nMore text."
    assert parsed.path == str(path)
    assert parse_file(path, ref_base="custom").articles[0].ref == "custom#1"


def test_jsonl_and_json_suffixes(tmp_path: pathlib.Path) -> None:
    line = json.dumps({"id": "a1", "title": "T", "body": "B"}).encode()
    for name in ("x.jsonl", "x.json"):
        (tmp_path / name).write_bytes(line + b"\n")
        assert parse_file(tmp_path / name).articles[0].ref == f"{tmp_path.name}/{name}:a1"


def test_sgm_is_read_as_latin1(tmp_path: pathlib.Path) -> None:
    record = (
        '<REUTERS NEWID="5"><DATE>2-MAR-1987 09:15:05.40</DATE><TEXT><TITLE>S\xc3O PAULO</TITLE>'
        "<DATELINE>    SAO PAULO, March 2 - </DATELINE>"
        "<BODY>Caf\xe9 prices rose.\n Reuter\n&#3;</BODY></TEXT></REUTERS>"
    )
    path = tmp_path / "x.sgm"
    path.write_bytes(record.encode("latin-1"))
    (article,) = parse_file(path).articles
    assert article.title == "SÃO PAULO"
    assert article.body == "Café prices rose."
    assert article.ref == "reuters:5"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("belem.txt", "Prefeitura de Belém amplia coleta\n\nBELÉM: A prefeitura de Belém ampliou a coleta seletiva."),
        (
            "belem.jsonl",
            json.dumps(
                {
                    "id": "b1",
                    "title": "Eleições em Belém",
                    "author": "Antônio Gonçalves",
                    "source": "Jornal do Pará",
                    "dateline": "Belém",
                    "body": "A prefeitura de Belém anunciou obras de saneamento.",
                },
                ensure_ascii=False,
            ),
        ),
    ],
)
def test_decomposed_text_is_imported_composed_and_the_raw_text_as_received(
    tmp_path: pathlib.Path, name: str, content: str
) -> None:
    # GIVEN a file written decomposed (NFD: "e" + a combining accent), as macOS and PDFs give text
    path = tmp_path / name
    path.write_text(nfd(content), encoding="utf-8")
    # WHEN it is parsed
    [article] = parse_file(path).articles
    # THEN every text field is composed (NFC), the dateline is split off, and the raw text is untouched
    for text in (article.title, article.body, article.author, article.source, article.dateline.place):
        assert text == unicodedata.normalize("NFC", text)
    assert "Belém" in article.title and article.dateline.place == "Belém"
    assert article.body.startswith("A prefeitura de Belém")
    assert article.raw_text.strip() == nfd(content).strip()
