"""CSL-JSON items -> citations in APA 7, Chicago 18 (author-date) and MLA 9, with citeproc-py.

The styles ship in `styles/` (copies of the Citation Style Language project's styles, CC BY-SA 3.0, as
their <rights> say). citeproc's HTML formatter does not escape the text it is given, so the text is escaped
before it goes in, and the result goes through archive/sanitize.py, which keeps only <i> and <b>.
"""

from __future__ import annotations

import functools
import html
import json
import re
import threading
import unicodedata
from collections import defaultdict
from pathlib import Path

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from django.utils.safestring import SafeString

from archive.citations import citeproc_fixes
from archive.sanitize import safe_citation

STYLES_DIR = Path(__file__).resolve().parent / "styles"
# Key -> (label, CSL file).
STYLES = {
    "apa": ("APA (7th edition)", "apa.csl"),
    "chicago": ("Chicago (author-date)", "chicago-author-date.csl"),
    "mla": ("MLA (9th edition)", "modern-language-association.csl"),
}
_lock = threading.Lock()  # citeproc keeps per-entry state on the parsed style


@functools.cache
def _style(key: str) -> CitationStylesStyle:
    citeproc_fixes.install()
    return CitationStylesStyle(str(STYLES_DIR / STYLES[key][1]), validate=False)


def _escaped(value):
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(part) for part in value]
    if isinstance(value, dict):
        return {key: part if key in ("id", "date-parts") else _escaped(part) for key, part in value.items()}
    return value


# A full stop or comma after a closing double quote (not ’, an apostrophe too: "the workers’."), an HTML tag
# perhaps closing between them.
_AFTER_QUOTE = re.compile(r"(”)((?:</[a-z]+>)*)([.,])")


@functools.cache
def _punctuation_in_quote(key: str) -> bool:
    return _style(key).root.get_locale_option("punctuation-in-quote").lower() == "true"


def _entry(parts, key: str) -> str:
    """One bibliography entry's text; in a locale that puts punctuation inside quotes (en-US: Chicago, MLA), a
    full stop or comma that follows a quoted title moved inside it, which citeproc-py leaves undone (“Title.”)."""
    text = "".join(str(part) for part in parts)
    return _AFTER_QUOTE.sub(r"\3\1\2", text) if _punctuation_in_quote(key) else text


def _render(item: dict, key: str, output) -> str:
    with _lock:
        bibliography = CitationStylesBibliography(_style(key), CiteProcJSON([item]), output)
        bibliography.register(Citation([CitationItem(item["id"])]))
        entries = bibliography.bibliography()
    return _entry(entries[0], key) if entries else ""


def cite_text(item: dict, key: str) -> str:
    """The citation as plain text (for copying and the tests)."""
    return _render(item, key, formatter.plain)


def cite_html(item: dict, key: str) -> SafeString:
    """The citation as safe HTML: the text escaped, the style's italics kept."""
    return safe_citation(_render(_escaped(item), key, formatter.html))


def reference_list(items: list[dict], key: str) -> list[SafeString]:
    """Several items as one style's reference list, each entry safe HTML, in the order the style sorts a
    bibliography (by what each entry starts with, the author or else the title or outlet, then the date)."""
    with _lock:
        order = _bibliography_order(items, key)
        ordered = sorted(items, key=lambda item: order[item["id"]])
        suffixes = _year_suffixes(ordered, key)
        escaped = [
            _escaped({**item, "year-suffix": suffixes[item["id"]]} if item["id"] in suffixes else item)
            for item in ordered
        ]
        bibliography = CitationStylesBibliography(_style(key), CiteProcJSON(escaped), formatter.html)
        bibliography.register(Citation([CitationItem(item["id"]) for item in escaped]))
        entries = bibliography.bibliography()
    return [safe_citation(_entry(entry, key)) for entry in entries]


def _bibliography_order(items: list[dict], key: str) -> dict[str, int]:
    """Each item's place in the style's bibliography sort, its keys compared as plain, case- and accent-folded
    text. citeproc-py's own sort compares the keys as rendered, markup and quotes in them ("<i>Dawn" before
    "Domm", a quoted “BAHIA after every author's name) and letters by code point ("Ñúñez" after "Wiest")."""
    style = _style(key)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"]) for item in items]))
    layout = style.root.bibliography.layout
    sort = layout.getparent().find("cs:sort", layout.nsmap)
    if sort is None:
        return {item["id"]: place for place, item in enumerate(items)}
    keys = sort.findall("cs:key", sort.nsmap)
    columns = [[_sort_text(value) for value in sort_key.sort_keys(bibliography.items, layout)] for sort_key in keys]
    descending = [sort_key.get("sort", "ascending").lower() == "descending" for sort_key in keys]

    def compare(left: int, right: int) -> int:
        for column, reverse in zip(columns, descending, strict=True):
            a, b = column[left], column[right]
            if a == b:
                continue
            if a is None or b is None:  # an empty key after every other, either way round (as citeproc-py)
                return 1 if a is None else -1
            return (-1 if a < b else 1) * (-1 if reverse else 1)
        return left - right  # the order given, among equals

    places = sorted(range(len(bibliography.items)), key=functools.cmp_to_key(compare))
    return {bibliography.items[index].key: place for place, index in enumerate(places)}


_NOT_SORTED = re.compile(r"[^\w\s]|_")  # punctuation and quotes: "Domm, P." as "domm p", “BAHIA” as "bahia"


def _sort_text(value) -> tuple | None:
    """A sort key's value compared as citeproc-py does (a number as a number), text read case- and accent-folded
    without its punctuation."""
    if value is None:
        return None
    text = str(value)
    if text.strip().isdecimal():
        return (0, int(text), "")
    folded = "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))
    return (1, 0, " ".join(_NOT_SORTED.sub(" ", folded.casefold()).split()))


@functools.cache
def _author_date(key: str) -> bool:
    style = _style(key).root
    return any(
        category.get("citation-format") == "author-date"
        for category in style.findall("cs:info/cs:category", style.nsmap)
    )


def _year_suffixes(items: list[dict], key: str) -> dict[str, str]:
    """In an author-date style, the letter after the year of each item whose in-text citation would be another's
    ("Domm, 1987" for two articles: 1987a, 1987b), lettered in the list's order: CSL's
    disambiguate-add-year-suffix, which citeproc-py leaves undone. Only for the same authors: names that differ
    are told apart by the names (disambiguate-add-givenname, -add-names), not by a letter."""
    if not _author_date(key):
        return {}

    def authors_and_year(item: dict) -> tuple:
        issued = item.get("issued", {}).get("date-parts", [[]])[0]
        return json.dumps(item.get("author", []), sort_keys=True), issued[0] if issued else None

    counts: dict[tuple, int] = defaultdict(int)
    for item in items:
        counts[authors_and_year(item)] += 1
    candidates = [item for item in items if counts[authors_and_year(item)] > 1]  # a citation can only be the same
    if not candidates:
        return {}
    bibliography = CitationStylesBibliography(_style(key), CiteProcJSON(candidates), formatter.plain)
    alike: dict[tuple, list[str]] = defaultdict(list)
    for item in candidates:
        citation = Citation([CitationItem(item["id"])])
        bibliography.register(citation)
        alike[(authors_and_year(item), str(bibliography.cite(citation, lambda cite: None)))].append(item["id"])
    return {item_id: _suffix(place) for ids in alike.values() if len(ids) > 1 for place, item_id in enumerate(ids)}


def _suffix(place: int) -> str:
    """a … z, then aa, ab … (as citeproc-js letters them)."""
    letters = ""
    place += 1
    while place:
        place, letter = divmod(place - 1, 26)
        letters = chr(ord("a") + letter) + letters
    return letters


def citations(item: dict) -> list[dict]:
    """Every style as the article page shows it: key, label, name ("APA": its Copy button's name), html (the
    Copy button copies the shown text)."""
    return [
        {"key": key, "label": label, "name": label.split(" (")[0], "html": cite_html(item, key)}
        for key, (label, _file) in STYLES.items()
    ]
