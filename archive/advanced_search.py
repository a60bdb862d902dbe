"""The advanced search form (/advanced/): a box for each thing the query syntax can say ("all these words", "this
exact phrase", "any of these words", "none of these words", words in the title, a writer), the filters and the
dates, composed into the one search the search page runs: its box then shows the query written out, to read,
change or keep (`/?q=oil "crude prices" (opec OR iea) -gas title:saudi author:"Cal Mankowski"&country=SA`).

What is typed in a box is taken as words: quotes, parentheses, colons and operators say nothing there (AND, OR and
NOT are left out, or in a phrase written in small letters, as ordinary words), a leading "-" excludes only in "None
of these words", and a trailing "*" keeps its meaning (a prefix) outside a phrase.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django import forms
from django.urls import reverse

from archive.forms import filter_choices, printable

# Syntax that means something to the parser and nothing in a box: quotes, groups, ranges, fuzzy, boost, fields,
# escapes and the one-letter wildcard ("*" at a word's end is kept: a prefix).
_NOT_WORDS = re.compile(r'["()\[\]{}^~:\\?]')
_OPERATORS = {"AND", "OR", "NOT"}
MAX_BOX = 200  # characters a box takes: the whole query is capped at 500 anyway


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


class _Box(forms.CharField):
    """A box of words: control characters (a NUL too) are dropped as the search box drops them, not refused."""

    def to_python(self, value) -> str:
        return printable(super().to_python(value))


def _box(label: str, example: str) -> forms.CharField:
    return _Box(required=False, max_length=MAX_BOX, label=label, widget=forms.TextInput(attrs={"placeholder": example}))


class AdvancedSearchForm(forms.Form):
    all_words = _box("All these words", "oil prices")
    phrase = _box("This exact phrase", "crude oil")
    any_words = _box("Any of these words", "opec iea")
    none_words = _box("None of these words", "gas")
    title_words = _box("Words in the title", "saudi")
    writer = _box("Written by", "Cal Mankowski")
    country = forms.ChoiceField(required=False, label="Country")
    org = forms.ChoiceField(required=False, label="Organisation")
    source = forms.ChoiceField(required=False, label="Source")
    date_from = forms.DateField(
        required=False, label="From", input_formats=["%Y-%m-%d"], widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label="To", input_formats=["%Y-%m-%d"], widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(
        required=False,
        label="Order",
        choices=[("", "Best match"), ("newest", "Newest first"), ("oldest", "Oldest first")],
    )

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
            ("all_words", "phrase", "any_words", "none_words", "title_words", "writer"),
        ),
        ("Narrow and order", "batch-filters", ("country", "org", "source", "date_from", "date_to", "sort")),
    )

    def groups(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        return [(legend, css, [self[name] for name in names]) for legend, css, names in self.GROUPS]

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end of the period comes before its start.")
        return data

    def query(self) -> str:
        """The boxes as one query, in the order of the form."""
        data = self.cleaned_data
        parts = list(_words(data.get("all_words", "")))
        if phrase := _phrase(data.get("phrase", "")):
            parts.append(phrase)
        alternatives = _words(data.get("any_words", ""))
        if len(alternatives) > 1:
            parts.append("(" + " OR ".join(alternatives) + ")")
        else:
            parts += alternatives
        parts += [f"title:{word}" for word in _words(data.get("title_words", ""))]
        if writer := _phrase(data.get("writer", "")):
            parts.append(f"author:{writer}")
        parts += [f"-{word}" for word in _words(data.get("none_words", ""))]
        return " ".join(parts)

    def search_url(self) -> str:
        """The search page of what the form says."""
        data = self.cleaned_data
        pairs = [("q", self.query())]
        pairs += [(key, data[key]) for key in ("country", "org", "source")]
        pairs += [("from", data["date_from"].isoformat() if data.get("date_from") else "")]
        pairs += [("to", data["date_to"].isoformat() if data.get("date_to") else "")]
        pairs += [("sort", data.get("sort", ""))]
        kept = [(key, value) for key, value in pairs if value]
        return reverse("archive:search") + (f"?{urlencode(kept)}" if kept else "")
