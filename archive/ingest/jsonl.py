"""JSON Lines exports: one article object per line.

A bad line is reported in ``ParsedFile.errors`` ("line 7: not JSON") and the other
lines still parse; only a file where nothing parses raises IngestError. A line nested
too deeply for the JSON reader, or larger than an article may be, is such a bad line.

Identity: a record's ref always lies under the file's own ref ("upload/x.jsonl:<import_ref>",
"upload/x.jsonl:<id>", "upload/x.jsonl#<line>"), so no record can claim (and overwrite)
another file's articles whatever ``import_ref`` it carries; and ``raw_text`` is the line as
it was read, never a field of the record (a ``raw_text`` field is ignored).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from archive.ingest.common import LANGUAGE_RULE, clean_inline, language_code, normalise_body, oversize
from archive.ingest.types import (
    MAX_ARTICLE_BYTES,
    Dateline,
    IngestError,
    ParsedArticle,
    ParsedFile,
    PartialDate,
    Precision,
)

__all__ = ["parse_jsonl"]

_MAX_REASONS = 3  # reasons quoted in the error of a file where nothing parsed
_PUBLISHED = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?")
_STRING_FIELDS = ("author", "source", "url", "author_bio", "import_ref", "language")
_STRING_LIST_FIELDS = ("standfirst", "captions")
_TAG_FIELDS = ("countries", "organisations")


class _RecordError(ValueError):
    """One line's problem, worded for the import report."""


def _published(value: Any, precision: Any) -> PartialDate:
    if precision is not None and (not isinstance(precision, str) or precision not in {p.value for p in Precision}):
        raise _RecordError(f"bad precision {precision!r} (expected day, month, year or unknown)")
    if value is None or value == "":
        if precision not in (None, Precision.UNKNOWN.value):
            raise _RecordError(f"precision {precision!r} given without a published date")
        return PartialDate.unknown()
    match = _PUBLISHED.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise _RecordError(f"bad published {value!r} (expected YYYY-MM-DD, YYYY-MM, YYYY or null)")
    year, month, day = (int(g) if g else None for g in match.group("year", "month", "day"))
    found = Precision.DAY if day else Precision.MONTH if month else Precision.YEAR
    try:
        date = dt.date(year or 0, month or 1, day or 1)
    except ValueError:
        raise _RecordError(f"bad published {value!r}: no such date") from None
    if precision is not None and precision != found.value:
        raise _RecordError(f"precision {precision!r} does not match published {value!r}")
    return PartialDate(date, found, value)


def _string(obj: dict[str, Any], key: str) -> str:
    value = obj.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _RecordError(f"'{key}' must be a string")
    return value


def _required(obj: dict[str, Any], key: str) -> str:
    value = obj.get(key)
    if value is None:
        raise _RecordError(f"missing '{key}'")
    if not isinstance(value, str) or not value.strip():
        raise _RecordError(f"'{key}' must be a non-empty string")
    return value


def _string_list(obj: dict[str, Any], key: str, *, allow_single: bool = False) -> list[str] | None:
    value = obj.get(key)
    if value is None:
        return None
    if allow_single and isinstance(value, str):
        return [value]  # a single standfirst/caption given as a plain string
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _RecordError(f"'{key}' must be a list of strings")
    return value


def _article(obj: dict[str, Any], line: str, line_no: int, ref: str) -> ParsedArticle:
    title, body = _required(obj, "title"), _required(obj, "body")
    strings = {key: _string(obj, key) for key in _STRING_FIELDS}
    record_id = obj.get("id")
    if record_id is not None and (not isinstance(record_id, str | int) or isinstance(record_id, bool)):
        raise _RecordError("'id' must be a string or a number")
    if strings["import_ref"].strip():
        article_ref = f"{ref}:{strings['import_ref'].strip()}"  # under this file's ref: it names no other file's
    elif record_id is not None and str(record_id).strip():
        article_ref = f"{ref}:{record_id}"
    else:
        article_ref = f"{ref}#{line_no}"
    dateline = obj.get("dateline")
    if dateline is not None and not isinstance(dateline, str):
        raise _RecordError("'dateline' must be a place name string")
    generated = obj.get("title_generated", False)
    if not isinstance(generated, bool):
        raise _RecordError("'title_generated' must be true or false")
    language = language_code(strings["language"].strip() or "en")
    if language is None:
        raise _RecordError(f"'language' must be {LANGUAGE_RULE}, not {strings['language']!r}")
    lists = {key: _string_list(obj, key, allow_single=True) for key in _STRING_LIST_FIELDS}
    lists.update({key: _string_list(obj, key) for key in _TAG_FIELDS})
    return ParsedArticle(
        ref=article_ref,
        title=clean_inline(title),
        body=normalise_body(body),
        raw_text=line,  # what was received, whatever the record says
        title_generated=generated,
        standfirst=[clean_inline(s) for s in lists["standfirst"] or [] if s.strip()],
        dateline=Dateline(place=clean_inline(dateline), text=dateline) if dateline else Dateline(),
        published=_published(obj.get("published"), obj.get("precision")),
        author=clean_inline(strings["author"]),
        author_bio=clean_inline(strings["author_bio"]),
        captions=[clean_inline(s) for s in lists["captions"] or [] if s.strip()],
        source=clean_inline(strings["source"]),
        url=strings["url"].strip(),
        language=language,
        countries=lists["countries"],
        organisations=lists["organisations"],
    )


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")  # "\ud800": only such a line can hold a lone surrogate


def _holds_lone_surrogate(obj: dict[str, Any]) -> bool:
    """Whether a record decoded to text holding half of a UTF-16 pair (no database stores it)."""
    try:
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def parse_jsonl(text: str, *, ref: str, max_article_bytes: int = MAX_ARTICLE_BYTES) -> ParsedFile:
    """Parse JSON Lines; refs are ``f"{ref}:{import_ref}"``, else ``f"{ref}:{id}"``, else ``f"{ref}#{line_no}"``."""
    result = ParsedFile(path=ref)
    seen: set[str] = set()
    records = 0
    # split("\n"), not splitlines(): JSON strings may hold U+2028 and other line separators.
    for line_no, line in enumerate(text.removeprefix("\ufeff").split("\n"), 1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        records += 1
        if records == 1 and line.strip() == "[":
            raise IngestError("this is a JSON array; expected JSON Lines (one JSON object per line)")
        if reason := oversize(line, max_article_bytes):
            result.errors.append(f"line {line_no}: {reason}")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            result.errors.append(f"line {line_no}: not JSON ({exc.msg} at column {exc.colno})")
            continue
        except RecursionError:
            result.errors.append(f"line {line_no}: not readable, its JSON is nested too deeply")
            continue
        except ValueError as exc:  # e.g. an integer longer than Python reads by default
            result.errors.append(f"line {line_no}: not readable ({exc})")
            continue
        if not isinstance(obj, dict):
            result.errors.append(f"line {line_no}: not a JSON object")
            continue
        if _SURROGATE_ESCAPE.search(line) and _holds_lone_surrogate(obj):
            result.errors.append(
                f"line {line_no}: holds half of a UTF-16 pair (an escape such as \\ud800 with no partner), which is "
                "no character: the file was written with a broken encoding"
            )
            continue
        try:
            article = _article(obj, line, line_no, ref)
        except _RecordError as exc:
            result.errors.append(f"line {line_no}: {exc}")
            continue
        if article.ref in seen:
            result.errors.append(f"line {line_no}: duplicate ref {article.ref!r}")
            continue
        seen.add(article.ref)
        result.articles.append(article)
    if records == 0:
        raise IngestError("empty file")
    if not result.articles:
        reasons = "; ".join(result.errors[:_MAX_REASONS])
        more = f" (and {len(result.errors) - _MAX_REASONS} more)" if len(result.errors) > _MAX_REASONS else ""
        raise IngestError(f"no valid records: {reasons}{more}")
    return result
