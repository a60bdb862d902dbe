"""CSL-JSON items -> RIS and BibTeX text (read back in the tests by rispy and bibtexparser).

Both take the CSL-JSON item (`csl.csl_item`), so a citation, a download and an export say the same thing.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Iterable

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# BibTeX's special characters, each written so LaTeX prints it as itself.
_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_BIBTEX_SPECIAL = re.compile("|".join(re.escape(char) for char in _BIBTEX_ESCAPES))


def _one_line(text: str) -> str:
    """RIS and BibTeX values are single lines: control characters and line breaks become spaces."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in str(text)).split())


def _name(person: dict) -> str:
    if "literal" in person:
        return person["literal"]
    return f"{person['family']}, {person['given']}" if person.get("given") else person["family"]


def _parts(item: dict, key: str) -> list[int]:
    return item.get(key, {}).get("date-parts", [[]])[0]


def ris(items: Iterable[dict]) -> Iterable[str]:
    """One RIS record (TY NEWS ... ER) per item, as text chunks."""
    for item in items:
        lines = [("TY", "NEWS"), ("ID", item["id"]), ("TI", item["title"])]
        lines += [("AU", _name(person)) for person in item.get("author", [])]
        if "container-title" in item:
            lines.append(("T2", item["container-title"]))
        issued = _parts(item, "issued")
        if issued:
            lines.append(("PY", f"{issued[0]:04d}"))
            # RIS dates are YYYY/MM/DD/other, the unknown parts left empty.
            month = f"{issued[1]:02d}" if len(issued) > 1 else ""
            day = f"{issued[2]:02d}" if len(issued) > 2 else ""
            lines.append(("DA", f"{issued[0]:04d}/{month}/{day}/"))
        if "publisher-place" in item:
            lines.append(("CY", item["publisher-place"]))
        lines.append(("UR", item["URL"]))
        accessed = _parts(item, "accessed")
        if accessed:
            lines.append(("Y2", "/".join(f"{part:02d}" for part in accessed)))
        if "language" in item:
            lines.append(("LA", item["language"]))
        for key, value in item.get("_extra_ris", []):
            lines.append((key, value))
        lines.append(("ER", ""))
        yield "".join(f"{tag}  - {_one_line(value)}\r\n" if value else f"{tag}  - \r\n" for tag, value in lines)


# BibTeX, biber and pybtex count every brace, a backslash before it or not: a text whose braces do not pair up
# ("index closes at {record high") writes them as commands holding no brace of their own, or the entry's fields
# after it would become part of it.
_UNPAIRED_BRACES = {"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}


def bibtex_escape(text: str) -> str:
    text = _one_line(text)
    escapes = _BIBTEX_ESCAPES if _braces_pair(text) else {**_BIBTEX_ESCAPES, **_UNPAIRED_BRACES}
    return _BIBTEX_SPECIAL.sub(lambda match: escapes[match.group()], text)


def _braces_pair(text: str) -> bool:
    depth = 0
    for char in text:
        if char in "{}":
            depth += 1 if char == "{" else -1
            if depth < 0:
                return False
    return depth == 0


def bibtex(items: Iterable[dict]) -> Iterable[str]:
    """One @article entry per item of a known outlet (BibTeX has no newspaper type; biblatex reads `journal` too),
    @misc for one of no known outlet: an @article without its required `journal` was a warning in BibTeX and in
    biber's data model check."""
    for item in items:
        # The title in a second pair of braces, kept as written: BibTeX styles lower-case a title but its first
        # letter ("ICO COUNCIL ENDS…" became "Ico council ends…", "visiting US Congressional" "visiting us
        # congressional"), where the page's APA, Chicago and MLA, and the RIS and CSL-JSON, keep the headline's.
        fields = [("title", "{" + bibtex_escape(item["title"]) + "}")]
        if item.get("author"):
            fields.append(("author", " and ".join(_bibtex_name(person) for person in item["author"])))
        if "container-title" in item:
            fields.append(("journal", bibtex_escape(item["container-title"])))
            if not item.get("author"):
                # An unsigned wire story: the styles sort and label it by `key` when there is no author, and
                # without one apalike and natbib cited it by the key's first letters, "(art, 1987)", and plain
                # warned it had nothing to sort by. The outlet, as Chicago's "(Reuters 1987)" on the page.
                fields.append(("key", bibtex_escape(item["container-title"])))
        issued = _parts(item, "issued")
        if issued:
            fields.append(("year", str(issued[0])))
            if len(issued) > 1:
                fields.append(("month", MONTHS[issued[1] - 1]))  # a month macro, written without braces
            if len(issued) > 2:
                fields.append(("day", str(issued[2])))
        if "publisher-place" in item:
            fields.append(("address", bibtex_escape(item["publisher-place"])))
        # A URL is written as is (the url package reads it verbatim); ours are ASCII permalinks.
        fields.append(("url", _one_line(item["URL"]).replace("{", "%7B").replace("}", "%7D")))
        accessed = _parts(item, "accessed")
        if accessed:
            fields.append(("urldate", "-".join(f"{part:02d}" for part in accessed)))
        for key, value in item.get("_extra_bibtex", []):
            fields.append((key, bibtex_escape(value)))
        body = ",\n".join(f"  {key} = {value}" if key == "month" else f"  {key} = {{{value}}}" for key, value in fields)
        kind = "article" if "container-title" in item else "misc"
        yield f"@{kind}{{{item['id']},\n{body}\n}}\n\n"


def _bibtex_name(person: dict) -> str:
    if "literal" in person:
        return "{" + bibtex_escape(person["literal"]) + "}"  # braces: one name, never split at "and"
    return bibtex_escape(_name(person))


def csl_json(items: Iterable[dict]) -> str:
    """The items as a CSL-JSON array, without the fields only RIS and BibTeX read (`_extra_ris`, `_extra_bibtex`)."""
    return "".join(csl_json_chunks(items))


def csl_json_chunks(items: Iterable[dict]) -> Iterable[str]:
    """`csl_json` a piece an item, so an export of thousands streams: the text of json.dumps(list, indent=2)."""
    opened = False
    for item in items:
        plain = {key: value for key, value in item.items() if not key.startswith("_")}
        yield (",\n" if opened else "[\n") + textwrap.indent(json.dumps(plain, ensure_ascii=False, indent=2), "  ")
        opened = True
    yield "\n]\n" if opened else "[]\n"
