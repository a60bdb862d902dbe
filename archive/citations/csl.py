"""An article as CSL-JSON (the input of citeproc and of reference managers) and what RIS and BibTeX share.

The date keeps its precision: a month-precision date is `[[y, m]]`, a year `[[y]]`, an unknown date has
no `issued` at all, so the styles print "n.d.". The URL is the article's permalink on this archive.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from archive.dates import Precision
from archive.ingest.common import without_byline_word
from archive.models import Article

# Bylines that name a desk or an agency rather than a person: cited as written ("literal").
_INSTITUTIONAL = re.compile(
    r"\b(staff|reporters?|correspondents?|desk|bureau|agenc(y|ies)|news|editors?|editorial|service|wire|"
    r"monitoring|team|online|report|press)\b",
    re.IGNORECASE,
)
_BY = re.compile(r"^\s*by\s+", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s*(?:;|\band\b|&)\s*", re.IGNORECASE)
_NAME_WORD = re.compile(r"^[^\W\d_][\w.'’-]*$")
_PARTICLES = {"van", "von", "de", "del", "della", "der", "den", "da", "di", "du", "la", "le", "al", "el", "bin", "ibn"}


@dataclass(frozen=True)
class Person:
    family: str = ""
    given: str = ""
    literal: str = ""

    def csl(self) -> dict:
        if self.literal:
            return {"literal": self.literal}
        return {"family": self.family, "given": self.given} if self.given else {"family": self.family}

    @property
    def inverted(self) -> str:
        """ "Family, Given" (RIS and BibTeX), or the name as written."""
        if self.literal:
            return self.literal
        return f"{self.family}, {self.given}" if self.given else self.family


# A name written without spaces in a script that uses none (Chinese, Japanese): one person, family name first.
_UNSPACED_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,6}")
# "Abd" ("servant of") and the name after it are one name: "عبد الرحمن", "Abd al-Rahman".
_JOINS_NEXT = {"abd", "عبد"}


def _person(text: str) -> Person:
    if _UNSPACED_SCRIPT.fullmatch(text):  # 王小明, 山田太郎: cited whole, as a person's name, not an organisation's
        return Person(family=text)
    words = _joined(text.split())
    if len(words) < 2 or len(words) > 5 or _INSTITUTIONAL.search(text) or not all(map(_NAME_WORD.match, text.split())):
        return Person(literal=text)
    if text.isupper():  # "REUTERS STAFF", "APP": an agency's style, not a person's name we can split safely
        return Person(literal=text)
    # "Ali bin Hamad", "Ursula von der Leyen": the family name starts at the first particle after the given name.
    start = len(words) - 1
    for index in range(1, len(words) - 1):
        if words[index].lower() in _PARTICLES:
            start = index
            break
    return Person(family=" ".join(words[start:]), given=" ".join(words[:start]))


def _joined(words: list[str]) -> list[str]:
    """The words of a name, "Abd" joined to the word after it."""
    joined: list[str] = []
    for word in words:
        if joined and joined[-1].lower() in _JOINS_NEXT:
            joined[-1] = f"{joined[-1]} {word}"
        else:
            joined.append(word)
    return joined


def _inverted(name: str) -> list[str]:
    """["Doe", "Jane"] for a name already inverted ("Doe, Jane"), else []."""
    pieces = [piece.strip() for piece in name.split(",") if piece.strip()]
    if (
        len(pieces) == 2
        and len(pieces[0].split()) == 1
        and all(_NAME_WORD.match(w) for w in name.replace(",", " ").split())
    ):
        return pieces
    return []


def written_names(byline: str) -> list[str]:
    """A byline's names as written ("By Jane Doe and John Smith", "Jane Doe, John Smith" -> ["Jane Doe", "John
    Smith"]; "Doe, Jane" stays one name); a desk's or an agency's byline ("Staff Reporter") whole."""
    # An author stored before import took off "Par", "Por" or "Von" (a French page's "Par Claire Martin")
    text = without_byline_word(_BY.sub("", " ".join((byline or "").split())))
    if not text or _INSTITUTIONAL.search(text):
        return [text] if text else []
    names = []
    for part in (part.strip(" ,") for part in _SEPARATORS.split(text)):
        pieces = [piece.strip() for piece in part.split(",") if piece.strip()]
        if not _inverted(part) and len(pieces) > 1 and all(len(piece.split()) > 1 for piece in pieces):
            names += pieces
        elif part:
            names.append(part)
    return names or [text]


def authors(byline: str) -> list[Person]:
    """A byline ("By Jane Doe and John Smith", "Staff Reporter") -> people, each split when it looks safe."""
    names = written_names(byline)
    if len(names) == 1 and _INSTITUTIONAL.search(names[0]):
        return [Person(literal=names[0])]
    return [
        Person(family=inverted[0], given=inverted[1]) if (inverted := _inverted(name)) else _person(name)
        for name in names
    ]


def date_parts(article: Article) -> list[int]:
    """[y, m, d], [y, m] or [y] to the precision known; [] when unknown."""
    value, precision = article.published, article.precision
    if value is None or precision == Precision.UNKNOWN:
        return []
    if precision == Precision.YEAR:
        return [value.year]
    if precision == Precision.MONTH:
        return [value.year, value.month]
    return [value.year, value.month, value.day]


def citation_key(article: Article) -> str:
    """ "article-1834": made of the article's id alone, which never changes, so a key cited in a thesis
    (\\cite{article-1834}) stays the key of every later download and export of the article, whatever an editor
    corrects (a key made of the first author and the year changed with a year's correction or an added author);
    unique, as the id is."""
    return f"article-{article.pk}"


def csl_item(article: Article, *, permalink: str, accessed: dt.date) -> dict:
    """One CSL-JSON item of type article-newspaper."""
    item: dict = {
        "id": citation_key(article),
        "type": "article-newspaper",
        "title": article.title,
        "URL": permalink,
        "accessed": {"date-parts": [[accessed.year, accessed.month, accessed.day]]},
    }
    if article.source_id:
        item["container-title"] = article.source.name
    people = authors(article.author)
    if people:
        item["author"] = [person.csl() for person in people]
    parts = date_parts(article)
    if parts:
        item["issued"] = {"date-parts": [parts]}
    if article.dateline_place and article.source_id:
        # The place qualifies the outlet ("Dawn (Islamabad)"); without an outlet, styles put it where the
        # author goes.
        item["publisher-place"] = article.dateline_place
    if article.language:
        item["language"] = article.language
    return item
