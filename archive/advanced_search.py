"""The advanced search form (/advanced/): a box for each thing the query syntax can say ("all these words", "this
exact phrase", "any of these words", "none of these words", words in the title, a writer), the filters and the
dates, composed into the one search the search page runs: its box then shows the query written out, to read,
change or keep (`/?q=oil "crude prices" (opec OR iea) -gas title:saudi author:"Cal Mankowski"&country=SA`).

What is typed in a box is taken as words: quotes, parentheses, colons and operators say nothing there (AND, OR and
NOT are left out, or in a phrase written in small letters, as ordinary words), a leading "-" excludes only in "None
of these words", and a trailing "*" keeps its meaning (a prefix) outside a phrase. One box, "The search as
written", takes the search box's own syntax.

Reached from a search ("Advanced search" beside its box), the form reads that search back: a query the boxes can
say again is taken apart into them, any other stays whole in "The search as written", and the filters, the period
and the order fill their own fields (`from_search`).
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django import forms
from django.http import QueryDict
from django.urls import reverse

from archive.dates import UNDATED, period_bounds
from archive.forms import SEARCH_KEYS, filter_choices, only_keys, params_from_query, printable
from archive.search import TYPOGRAPHIC_QUOTES

# Syntax that means something to the parser and nothing in a box: quotes (typographic ones too), groups, ranges,
# fuzzy, boost, fields, escapes, the symbols read as operators (||, |, &&, !) and the one-letter wildcard ("*" at a
# word's end is kept: a prefix).
_NOT_WORDS = re.compile(rf'["{TYPOGRAPHIC_QUOTES}()\[\]{{}}^~:\\?|!]|&&')
_OPERATORS = {"AND", "OR", "NOT"}
MAX_BOX = 200  # characters a box takes: the whole query is capped at 500 anyway
MAX_WRITTEN = 1000  # "The search as written" holds a whole search read back, its filters too: the search caps it
# A query's parts as the parser reads them: a field's phrase, a phrase, a parenthesis, a word.
_TOKEN = re.compile(r'[A-Za-z_]+:"[^"]*"|-?"[^"]*"|[()]|[^\s()"]+')
# The boxes of words, in the order the form composes them; "written" is composed first, whole.
WORD_BOXES = ("all_words", "phrase", "any_words", "title_words", "writer", "none_words")


def _words(text: str, *, phrase: bool = False) -> list[str]:
    """The words typed in a box, each plain: no syntax but a trailing "*" after two letters or more. "and", "or"
    and "not" say what the box already says and are left out, but kept in a phrase ("war and peace")."""
    words = []
    for typed in _NOT_WORDS.sub(" ", printable(text)).split():
        word = typed.replace("*", "").lstrip("+-")
        if word.upper() in _OPERATORS:
            if not phrase:
                continue
            word = word.lower()
        if word:
            words.append(f"{word}*" if typed.endswith("*") and len(word) >= 2 and not phrase else word)
    return words


def _phrase(text: str) -> str:
    """The words typed in a box as one "phrase" ("" for none)."""
    words = _words(text, phrase=True)
    return f'"{" ".join(words)}"' if words else ""


def compose(boxes: dict[str, str]) -> str:
    """The boxes as one query: the search as written first (in parentheses when it says OR and more follows),
    then the boxes in the order of the form."""
    parts = list(_words(boxes.get("all_words", "")))
    if phrase := _phrase(boxes.get("phrase", "")):
        parts.append(phrase)
    alternatives = _words(boxes.get("any_words", ""))
    if len(alternatives) > 1:
        parts.append("(" + " OR ".join(alternatives) + ")")
    else:
        parts += alternatives
    parts += [f"title:{word}" for word in _words(boxes.get("title_words", ""))]
    if writer := _phrase(boxes.get("writer", "")):
        parts.append(f"author:{writer}")
    parts += [f"-{word}" for word in _words(boxes.get("none_words", ""))]
    written = " ".join(boxes.get("written", "").split())
    if written and parts:
        written = _grouped(written)
    return " ".join([written, *parts] if written else parts)


def _tokens(query: str) -> list[str] | None:
    """The query's parts (phrases, parentheses, words), or None when a quote is left open."""
    tokens, end = [], 0
    for match in _TOKEN.finditer(query):
        if query[end : match.start()].strip():
            return None
        tokens.append(match.group())
        end = match.end()
    return None if query[end:].strip() else tokens


def _grouped(query: str) -> str:
    """`query` as one operand: in parentheses when an OR outside any of its own would bind what follows it."""
    depth, alone = 0, True
    for token in _tokens(query) or query.split():
        depth += {"(": 1, ")": -1}.get(token, 0)
        alone = alone and not (token == "OR" and depth == 0)
    return query if alone else f"({query})"


def _plain(word: str) -> bool:
    """A word a box gives back as it is (no syntax, no operator)."""
    return _words(word) == [word]


def _phrase_words(quoted: str) -> str | None:
    """The words of a "phrase" a box gives back as the same phrase, or None."""
    words = " ".join(quoted[1:-1].split())
    return words if words and _phrase(words) == f'"{words}"' else None


def boxes_for(query: str) -> dict[str, str] | None:
    """The boxes that compose `query` again (in their order), or None when they cannot say it: an OR or a NOT
    outside one group of alternatives, a second phrase, group or writer, a field but title: and author:,
    a phrase in the title, syntax a box would drop."""
    tokens = _tokens(query)
    if not tokens:
        return None
    found: dict[str, list[str]] = {name: [] for name in WORD_BOXES}
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token == "(":
            close = tokens.index(")", index) if ")" in tokens[index:] else -1
            inner = tokens[index:close] if close > 0 else []
            words, operators = inner[::2], inner[1::2]
            if found["any_words"] or len(words) < 2 or len(inner) % 2 == 0 or set(operators) != {"OR"}:
                return None
            if not all(_plain(word) for word in words):
                return None
            found["any_words"], index = words, close + 1
        elif token.startswith('"'):
            if found["phrase"] or (words := _phrase_words(token)) is None:
                return None
            found["phrase"] = [words]
        elif token.startswith("author:"):
            value = token.removeprefix("author:")
            words = _phrase_words(value) if value.startswith('"') else value if _plain(value) else None
            if found["writer"] or words is None:
                return None
            found["writer"] = [words]
        elif token.startswith("title:") and _plain(token.removeprefix("title:")):
            found["title_words"].append(token.removeprefix("title:"))
        elif token.startswith("-") and _plain(token[1:]):
            found["none_words"].append(token[1:])
        elif _plain(token):
            found["all_words"].append(token)
        else:
            return None
    return {name: " ".join(words) for name, words in found.items() if words}


class _Box(forms.CharField):
    """A box of words: control characters (a NUL too) are dropped as the search box drops them, not refused."""

    def to_python(self, value) -> str:
        return printable(super().to_python(value))


def _box(label: str, example: str, *, max_length: int = MAX_BOX) -> forms.CharField:
    return _Box(
        required=False,
        max_length=max_length,
        label=label,
        widget=forms.TextInput(attrs={"placeholder": f"e.g. {example}"}),
    )


class AdvancedSearchForm(forms.Form):
    all_words = _box("All these words", "oil prices")
    phrase = _box("This exact phrase", "crude oil")
    any_words = _box("Any of these words", "opec iea")
    none_words = _box("None of these words", "gas")
    title_words = _box("Words in the title", "saudi")
    writer = _box("Written by", "Cal Mankowski")
    written = _box("The search as written", "oil OR (gas -coal) country:SA", max_length=MAX_WRITTEN)
    country = forms.ChoiceField(required=False, label="Country")
    org = forms.ChoiceField(required=False, label="Organisation")
    source = forms.ChoiceField(required=False, label="Source")
    date_from = forms.DateField(
        required=False,
        label="From",
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        required=False,
        label="To",
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    sort = forms.ChoiceField(
        required=False,
        label="Order",
        choices=[("", "Best match"), ("newest", "Newest first"), ("oldest", "Oldest first")],
    )
    versions = forms.BooleanField(
        required=False, label="Every version of a story", widget=forms.CheckboxInput(attrs={"value": "all"})
    )

    # Its own fields the search page does not have: one of them in a request means the form was sent.
    SENT_BY = (*WORD_BOXES, "written", "date_from", "date_to")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = filter_choices()
        for name, kind in (("country", "countries"), ("org", "organisations"), ("source", "sources")):
            self.fields[name].choices = [("", "Any"), *choices[kind]]

    # The form's two parts: (legend, class, fields).
    GROUPS = (
        (
            "Find articles with",
            "advanced-words",
            ("all_words", "phrase", "any_words", "none_words", "title_words", "writer", "written"),
        ),
        (
            "Narrow and order",
            "batch-filters",
            ("country", "org", "source", "date_from", "date_to", "sort", "versions"),
        ),
    )

    def groups(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        return [(legend, css, [self[name] for name in names]) for legend, css, names in self.GROUPS]

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end of the period comes before its start.")
        return data

    @classmethod
    def sent_in(cls, data: QueryDict) -> bool:
        """Whether `data` is the form sent (a browser sends every box, empty or not), not a search to read back."""
        return any(name in data for name in cls.SENT_BY)

    @classmethod
    def from_search(cls, data: QueryDict) -> tuple[AdvancedSearchForm, list[str]]:
        """The form filled in with the search in `data` (the search page's parameters), and what it cannot say
        (with what the search page itself would ignore in them)."""
        params, notices, _ = params_from_query(data)
        boxes = boxes_for(params.q)
        if boxes and max(map(len, boxes.values())) > MAX_BOX:  # a box could not take it back: kept whole
            boxes = None
        initial: dict[str, object] = boxes or ({"written": params.q} if params.q else {})
        alternatives = []  # a filter with more than one value: any of them, in the search's own syntax
        for name, values in (("country", params.countries), ("org", params.organisations), ("source", params.sources)):
            if len(values) == 1:
                initial[name] = values[0]
            elif values:
                alternatives.append(_grouped(" OR ".join(f"{name}:{value}" for value in values)))
        if alternatives:
            written = [_grouped(str(initial["written"]))] if "written" in initial else []
            initial["written"] = " ".join(written + alternatives)
        start, end = params.date_from, params.date_to
        if params.date == UNDATED:
            notices.append("The form cannot ask for undated articles only: that choice of the search is left out.")
        elif params.date:
            first, last = period_bounds(params.date)
            start, end = max(filter(None, (start, first))), min(filter(None, (end, last)))
        sort = params.sort if params.sort != "relevance" else ""
        if alternatives and not params.q and not sort:  # browsing lists the newest first; filters as words would not
            sort = "newest"
        initial.update(date_from=start, date_to=end, sort=sort)
        initial["versions"] = params.all_versions
        return cls(initial={key: value for key, value in initial.items() if value}), notices

    def query(self) -> str:
        """The boxes as one query, in the order of the form."""
        return compose(self.cleaned_data)

    def search_url(self) -> str:
        """The search page of what the form says."""
        data = self.cleaned_data
        pairs = [("q", self.query())]
        pairs += [(key, data[key]) for key in ("country", "org", "source")]
        pairs += [("from", data["date_from"].isoformat() if data.get("date_from") else "")]
        pairs += [("to", data["date_to"].isoformat() if data.get("date_to") else "")]
        pairs += [("sort", data.get("sort", "")), ("versions", "all" if data.get("versions") else "")]
        kept = [(key, value) for key, value in pairs if value]
        return reverse("archive:search") + (f"?{urlencode(kept)}" if kept else "")


def advanced_search_url(query: QueryDict) -> str:
    """The form filled in with a search (its parameters but the page)."""
    kept = only_keys(query, tuple(key for key in SEARCH_KEYS if key != "page"))
    return reverse("archive:advanced") + (f"?{kept.urlencode()}" if kept else "")
