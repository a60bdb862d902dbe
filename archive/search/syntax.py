"""Query syntax we do not support, turned into what we do, with a notice that says so.

Lucene-style syntax a user may bring from elsewhere is never silently reinterpreted: fuzzy
terms (`Pakistan~2`) and phrase proximity (`"a b"~3`) are searched exactly, boosts (`oil^2`) are
dropped, ranges (`[1987 TO 1988]`, `{a TO b}`) are searched as their words, an unclosed quote
or parenthesis is closed at the end of the query, an unmatched `)` is dropped, and a word
followed by a colon that is not one of our fields (`foo:bar`) is searched as words, and the operators
`||`, `|`, `&&` and `!` are read as OR, AND and NOT (the analyzer would drop them as punctuation: `oil || gas`
searched as oil AND gas, `oil !gas` as oil AND gas). Each change comes with one notice naming what was searched
instead. Words, "phrases", AND, OR, NOT, -word,
prefix*, (groups) and the fields title:, author:, country:, org:, source: pass through unchanged; a word
with a hyphen inside (`oil-tax`) is searched as the phrase of its parts (`"oil-tax"`), as it is written.
"""

from __future__ import annotations

import re

# What users type -> index field.
FIELD_ALIASES = {
    "title": "title",
    "author": "author",
    "country": "countries",
    "org": "organisations",
    "source": "source",
}
FIELD_LIST = ", ".join(f"{alias}:" for alias in FIELD_ALIASES)
# The double quotes that word processors, phones' smart punctuation and other languages type, and pasted text
# carries: “…”, „…“, «…»; a query reads each as `"` (`parse_query`). Never apostrophes: ‘ ’ stay as they are.
TYPOGRAPHIC_QUOTES = "“”„‟«»〝〞〟＂"

_QUOTED = re.compile(r'"[^"]*"')
# A term or a closing quote/parenthesis, then ~ (and a number): fuzzy term or phrase proximity.
_FUZZY = re.compile(r'(?<=[\w"*)])~(\d+(?:\.\d*)?)?')
_BOOST = re.compile(r'(?<=[\w"*)])\^(\d+(?:\.\d*)?)?')
_RANGE = re.compile(r"([\[{])([^\[\]{}]*?)\bTO\b([^\[\]{}]*?)([\]}])")
_FIELD_PREFIX = re.compile(r"\b([A-Za-z_]+):")
_FIELD = re.compile(r"\b([A-Za-z_]+):(?=[^\s:])")  # field syntax: no space after the colon
_LAST_WORD = re.compile(r'("[^"]*"|[^\s"()]+)$')
# A word with a hyphen inside ("oil-tax", "Schleswig-Holstein", "title:year-on-year", "org:world-bank"), on its
# own: Whoosh would read the hyphen as "not the next word"; only a hyphen that starts a word excludes.
_PART = r'[^\s()"*:~^\-]+'
# One of our fields with a space before its word ("title: canada"), or with no word at all ("oil title:").
_SPACED_FIELD = re.compile(rf"\b({'|'.join(FIELD_ALIASES)}):\s+(?=[^\s)])", re.IGNORECASE)
_BARE_FIELD = re.compile(rf"\b({'|'.join(FIELD_ALIASES)}):(?=\s*(?:\)|$))", re.IGNORECASE)
# A hyphen that ends a word ("gas- OR coal", "oil- tax") joins nothing and excludes nothing: Whoosh read it as
# "not" the next token, which broke the query ("not understood") or swallowed an OR.
# A hyphen standing alone ("coffee - Brazil", a dash as typed or pasted from a headline) neither: Whoosh read it as
# "not Brazil", silently; only a hyphen that starts a word excludes, as the help page says.
_TRAILING_HYPHEN = re.compile(r"(?<=[^\s(\-])-+(?=[\s)]|$)|(?:^|(?<=[\s(]))-+(?=[\s)]|$)")
_HYPHENATED = re.compile(rf"(?:^|(?<=[\s(]))((?:[A-Za-z_]+:)?)({_PART}(?:-{_PART})+)(?=[\s)]|$)")


# Lucene's and programmers' operators, outside quotes: "||" and "&&" wherever they stand ("oil ||gas"), "|" on its own
# (inside a word it is punctuation, as in "a|b"), "!" opening a word or standing before one ("!gas", "! gas").
_SYMBOL_OPERATORS = re.compile(r"\|\||&&|(?:^|(?<=[\s(]))\|(?=[\s(]|$)|(?:^|(?<=[\s(]))!+(?=\s*[^\s!)|&])")
_OPERATOR_WORDS = {"||": "OR", "|": "OR", "&&": "AND", "!": "NOT"}


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in _QUOTED.finditer(text)]


def _drop_marks(text: str, pattern: re.Pattern, words: list[str]) -> str:
    """Remove each `pattern` match outside quotes, remembering the word or phrase it followed."""
    spans = _quoted_spans(text)
    pieces: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        if any(start < match.start() < end - 1 for start, end in spans):
            continue  # inside a phrase: just a character, which the phrase's tokenizer drops
        pieces.append(text[last : match.start()])
        found = _LAST_WORD.search("".join(pieces))
        if found:
            words.append(found.group(1).strip("()"))
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


def _outside_quotes(text: str, change) -> str:
    """Apply `change` to the parts of `text` outside complete "quoted phrases"."""
    pieces, last = [], 0
    for match in _QUOTED.finditer(text):
        pieces.append(change(text[last : match.start()]))
        pieces.append(match.group())
        last = match.end()
    pieces.append(change(text[last:]))
    return "".join(pieces)


def _balance_parentheses(text: str) -> tuple[str, int, int]:
    """Drop each `)` that closes nothing and close what is left open; (text, dropped, closed)."""
    depth = dropped = 0
    kept: list[str] = []
    in_quote = False
    for char in text:
        if char == '"':
            in_quote = not in_quote
        elif not in_quote and char == "(":
            depth += 1
        elif not in_quote and char == ")":
            if not depth:
                dropped += 1
                continue
            depth -= 1
        kept.append(char)
    return "".join(kept) + ")" * depth, dropped, depth


def clean(text: str) -> tuple[str, list[str]]:
    """(the query we search, notices for the user). Field names we do not know stay in the text
    (as `foo:`), so that the suggestion can tell them from words; `plain_unknown_fields` turns
    them into words for the parser."""
    notices: list[str] = []
    if text.count('"') % 2:
        text += '"'
        start = text.rfind('"', 0, len(text) - 1)
        notices.append(f"The closing quote was missing: searched for the phrase {_short(text[start:])}.")

    fuzzy: list[str] = []
    text = _drop_marks(text, _FUZZY, fuzzy)
    if fuzzy:
        shown = ", ".join(_short(w, 40) for w in dict.fromkeys(fuzzy))
        notices.append(f"Fuzzy and proximity search (~) are not supported: searched for {shown} exactly.")

    boosted: list[str] = []
    text = _drop_marks(text, _BOOST, boosted)
    if boosted:
        shown = ", ".join(_short(w, 40) for w in dict.fromkeys(boosted))
        notices.append(f"Boosts (^) are not supported: searched for {shown} without one.")

    ranges: list[str] = []

    def _words_of_range(part: str) -> str:
        def replace(match: re.Match) -> str:
            words = " ".join(f"{match.group(2)} {match.group(3)}".split())
            ranges.append((match.group(0), words))
            return f"({words})" if words else ""

        return _RANGE.sub(replace, part)

    text = _outside_quotes(text, _words_of_range)
    for written, words in ranges:
        instead = f"searched for the words {_short(words, 40)} instead" if words else "it was left out"
        notices.append(
            f"Ranges such as {_short(written, 40)} are not supported: {instead}. For a period, use the date filters."
        )

    operators: dict[str, str] = {}
    spans = _quoted_spans(text)

    def _operator_as_word(match: re.Match) -> str:
        if any(start <= match.start() < end for start, end in spans):
            return match.group()  # inside a phrase: punctuation
        symbol = "!" if match.group().startswith("!") else match.group()  # "!!gas" as "!gas"
        operators[symbol] = _OPERATOR_WORDS[symbol]
        return f" {_OPERATOR_WORDS[symbol]} "

    read = _SYMBOL_OPERATORS.sub(_operator_as_word, text)
    if operators:
        text = _outside_quotes(read, lambda part: re.sub(r" {2,}", " ", part)).strip()  # one space each side
        said = ", ".join(f"“{symbol}” as {word}" for symbol, word in operators.items())
        notices.append(f"Read {said}: this archive writes AND, OR and NOT (or -word) between words.")

    text, dropped, closed = _balance_parentheses(text)
    if dropped:
        notices.append("A closing parenthesis “)” that opened nothing was ignored.")
    if closed:
        notices.append("A parenthesis “(” was not closed: the query was read as if it were closed at its end.")

    spaced: list[str] = []
    bare: list[str] = []

    def _outside(pattern: re.Pattern, found: list[str], keep_colon: bool) -> str:
        """`pattern`'s matches outside quotes, each replaced by its field name and colon, or by nothing."""
        spans = _quoted_spans(text)

        def replace(match: re.Match) -> str:
            if any(start <= match.start() < end for start, end in spans):
                return match.group()
            found.append(match.group(1))
            return f"{match.group(1)}:" if keep_colon else ""

        return pattern.sub(replace, text)

    text = _outside(_SPACED_FIELD, spaced, keep_colon=True)  # the whole text: its word may be a "phrase"
    text = _outside(_BARE_FIELD, bare, keep_colon=False)
    for name in dict.fromkeys(spaced):
        notices.append(f"“{name}:” was read with the word after it (write it without a space: {name}:word).")
    for name in dict.fromkeys(bare):
        notices.append(f"“{name}:” had no word after it and was left out.")

    unknown: dict[str, str] = {}
    spans = _quoted_spans(text)
    for match in _FIELD.finditer(text):
        if match.group(1).lower() in FIELD_ALIASES or any(start < match.start() < end for start, end in spans):
            continue
        value = re.match(r'"[^"]*"|\([^)]*\)|[^\s()]+', text[match.end() :])
        unknown.setdefault(match.group(1), match.group(0) + (value.group() if value else ""))
    for name, example in unknown.items():
        notices.append(
            f"There is no field “{name}:”, so {_short(example, 40)} was searched as words. The fields are {FIELD_LIST}."
        )
    # A hyphenated word is searched as the phrase of its parts, as the body's words are indexed (documented: no
    # notice).
    return _outside_quotes(text, lambda part: _HYPHENATED.sub(r'\1"\2"', _TRAILING_HYPHEN.sub("", part))), notices


def plain_unknown_fields(text: str) -> str:
    """Only our field names are fields: "Asif: talks" or "id:3" search for the words."""
    return _FIELD_PREFIX.sub(
        lambda m: f"{m.group(1).lower()}:" if m.group(1).lower() in FIELD_ALIASES else f"{m.group(1)} ", text
    )
