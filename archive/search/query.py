"""Turning what a user typed into a bounded Whoosh query, or a helpful refusal.

Supported: words (all required; AND may be written), "quoted phrases", OR, NOT / -exclusion,
prefix*, grouping with parentheses, and the fields title:, author:, country:, org:, source:. Lucene syntax
we do not support (fuzzy ~, boosts ^, ranges, unknown fields, unclosed quotes and parentheses) is
changed into what we do, with a notice (syntax.py). Refused before Whoosh sees them: leading or
inner wildcards (slow on a large index), and queries too long, too many terms or too deeply
nested (which crash Whoosh's recursive parser).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from whoosh import qparser, query

from archive.search.analysis import text_analyzer
from archive.search.syntax import FIELD_ALIASES, TYPOGRAPHIC_QUOTES, clean, plain_unknown_fields

MAX_QUERY_LENGTH = 500
MAX_TERMS = 30
MAX_DEPTH = 5
MIN_PREFIX_LENGTH = 2

EXACT_FIELDS = {"countries", "organisations", "source"}
TEXT_FIELDS = {"text", "title"}


class QueryError(ValueError):
    """A query we will not run; the message is shown to the user as is."""


@dataclass(frozen=True)
class ParsedQuery:
    query: query.Query | None  # None: match everything (empty query)
    text_terms: frozenset[str]  # analysed words to highlight
    prefixes: frozenset[str]  # lower-cased prefixes to highlight
    text: str = ""  # the string Whoosh parsed (term positions refer to it)
    unknown: tuple[str, ...] = ()  # field values no resolver knew ("country:narnia"), which match nothing
    notices: tuple[str, ...] = ()  # syntax we do not support, and what was searched instead (syntax.py)
    cleaned: str = ""  # the user's query as searched, in the user's syntax (the suggestion edits it)

    @property
    def is_empty(self) -> bool:
        return self.query is None


class _Parser(qparser.QueryParser):
    """Whoosh's parser with its plugins' taggers and filters made once: Whoosh makes them again on every parse
    (some twenty regexes looked up and objects built, a third of a one-word query's parse). Parsing reads the
    parser and never changes it, so one serves every thread."""

    def taggers(self):
        found = self.__dict__.get("_made_taggers")
        if found is None:
            found = self._made_taggers = super().taggers()
        return found

    def filters(self):
        found = self.__dict__.get("_made_filters")
        if found is None:
            found = self._made_filters = super().filters()
        return found


def _new_parser(schema) -> qparser.QueryParser:
    parser = _Parser("text", schema=schema, group=qparser.AndGroup)
    for plugin in (qparser.RangePlugin, qparser.BoostPlugin, qparser.EveryPlugin, qparser.SingleQuotePlugin):
        parser.remove_plugin_class(plugin)
    # Only AND, OR and NOT: ANDNOT, ANDMAYBE and REQUIRE are not ours to document.
    parser.replace_plugin(qparser.OperatorsPlugin(AndNot=None, AndMaybe=None, Require=None))
    # -word excludes; a + is not an operator (Whoosh's would make the other words optional).
    parser.add_plugin(qparser.PlusMinusPlugin(plusexpr=r"(?!)"))
    parser.add_plugin(qparser.FieldAliasPlugin({field: [alias] for alias, field in FIELD_ALIASES.items()}))
    return parser


_parsers: dict[int, tuple[object, qparser.QueryParser]] = {}  # id(schema) -> (the schema, its parser)


def _parser(schema) -> qparser.QueryParser:
    """The parser for `schema`, made once (a schema cannot be a dict key: Whoosh's compares by value)."""
    found = _parsers.get(id(schema))
    if found is None or found[0] is not schema:
        if len(_parsers) >= 8:  # tests make many schemas; a server one
            _parsers.clear()
        found = _parsers[id(schema)] = (schema, _new_parser(schema))
    return found[1]


_WORD = re.compile(r"\S+")
_EXCLUSION = re.compile(r"(^|[\s(])-(?=[^\s-])")


def _precheck(text: str) -> None:
    """Cheap checks on the raw string, before Whoosh's recursive parser can crash or crawl."""
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(f"That query is too long: please keep it under {MAX_QUERY_LENGTH} characters.")
    if len(_WORD.findall(text)) > MAX_TERMS:
        raise QueryError(f"That query has too many words: please use at most {MAX_TERMS}.")
    depth = deepest = 0
    for char in text:
        if char == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif char == ")":
            depth = max(depth - 1, 0)
    if deepest > MAX_DEPTH:
        raise QueryError(f"That query nests parentheses too deeply: please use at most {MAX_DEPTH} levels.")


def _check_terms(node: query.Query) -> None:
    for sub in node.leaves():
        if isinstance(sub, query.Every):  # a lone "*": every word of every article, which no search needs
            raise QueryError(
                f"A “*” needs at least {MIN_PREFIX_LENGTH} letters before it, as in “econom*”. "
                "To see every article, leave the search empty."
            )
        if isinstance(sub, query.Prefix):
            if len(sub.text) < MIN_PREFIX_LENGTH:
                raise QueryError(f"“{sub.text}*” is too short: give at least {MIN_PREFIX_LENGTH} letters before the *.")
        elif isinstance(sub, query.Wildcard):
            raise QueryError("Wildcards are only allowed at the end of a word, as in “econom*”.")
        elif isinstance(sub, (query.FuzzyTerm, query.TermRange, query.NumericRange, query.DateRange)):
            # syntax.clean removes ~ and ranges first; this guards against a way round it.
            raise QueryError("Fuzzy terms and ranges are not supported; use the date filters instead.")


def _map_exact_values(
    node: query.Query, resolvers: Mapping[str, Callable[[str], str | None]], unknown: list[str]
) -> query.Query:
    """country:pakistan -> countries:PK. Unknown values match nothing (and are listed) rather than erroring."""
    if isinstance(node, (query.Term, query.Prefix)) and node.fieldname in EXACT_FIELDS:
        resolver = resolvers.get(node.fieldname)
        value = resolver(node.text) if resolver else node.text
        if not value:
            alias = next((a for a, f in FIELD_ALIASES.items() if f == node.fieldname), node.fieldname)
            unknown.append(f"{alias}:{node.text}")
            return query.NullQuery
        return query.Term(node.fieldname, value)
    if isinstance(node, query.Phrase) and node.fieldname in EXACT_FIELDS:
        return _map_exact_values(query.Term(node.fieldname, " ".join(node.words)), resolvers, unknown)
    if node.is_leaf():
        return node
    return node.apply(lambda child: _map_exact_values(child, resolvers, unknown))


def _spread_nothing(node: query.Query) -> query.Query:
    """What an unknown value's NullQuery means to the query around it, worked out before Whoosh's normalize(),
    which drops a NullQuery from an And ("oil country:narnia" would be every oil article, under a notice saying
    that part matches nothing): an And or AndNot holding nothing matches nothing, "NOT nothing" is everything
    (Every, dropped from an And, where Whoosh's normalize() would make the And match everything)."""
    if node.is_leaf():
        return node
    node = node.apply(_spread_nothing)
    if isinstance(node, query.Not):
        if node.query is query.NullQuery:
            return query.Every()
        return query.NullQuery if isinstance(node.query, query.Every) else node
    if isinstance(node, query.AndNot):
        if node.a is query.NullQuery or isinstance(node.b, query.Every):
            return query.NullQuery
        return node.a if node.b is query.NullQuery else node
    if isinstance(node, query.Or) and any(isinstance(child, query.Every) for child in node.subqueries):
        return query.Every()
    if isinstance(node, query.And):
        kept = [child for child in node.subqueries if not isinstance(child, query.Every)]
        if any(child is query.NullQuery for child in kept):
            return query.NullQuery
        if len(kept) < len(node.subqueries):
            return query.And(kept, boost=node.boost) if kept else query.Every()
    return node


def parse_query(
    text: str,
    *,
    schema,
    resolvers: Mapping[str, Callable[[str], str | None]] | None = None,
) -> ParsedQuery:
    """Parse user input; raises QueryError with a message for the user when it cannot be run."""
    # Composed, as the archive's text is: "é" typed as "e" and a combining accent (macOS, PDFs) is one letter.
    text = unicodedata.normalize("NFC", text or "").strip()
    # Arabic vowel marks, which most text leaves out and the tokenizer splits a word at ("القَاهِرَة", "القاهرة").
    text = _ARABIC_VOWEL_MARKS.sub("", text)
    text = text.translate(_TYPOGRAPHIC_QUOTES)  # “trade deficit” is the phrase (it was two words, ANDed)
    if not text:
        return ParsedQuery(None, frozenset(), frozenset())
    _precheck(text)
    cleaned, notices = clean(text)
    if not cleaned.strip():  # all of it left out ("title:" alone): the empty search, the notices saying why
        return ParsedQuery(None, frozenset(), frozenset(), notices=tuple(notices))
    text = plain_unknown_fields(cleaned)
    try:
        parsed = _parser(schema).parse(text)
        if parsed is query.NullQuery and _EXCLUSION.search(text):
            # Whoosh drops a query made only of -exclusions; "-lavrov" means "everything but lavrov".
            parsed = _parser(schema).parse(_EXCLUSION.sub(r"\1NOT ", text))
    except Exception as error:  # Whoosh raises assorted errors on odd input; the user needs words, not a trace.
        raise QueryError("We could not understand that query. Try plain words or “a phrase”.") from error
    _check_terms(parsed)
    unknown: list[str] = []
    parsed = _spread_nothing(_map_exact_values(parsed, resolvers or {}, unknown)).normalize()
    unknown_values = tuple(dict.fromkeys(unknown))
    if parsed is query.NullQuery:
        return ParsedQuery(query.NullQuery, frozenset(), frozenset(), text, unknown_values, tuple(notices), cleaned)
    terms, prefixes = set(), set()
    for leaf in parsed.leaves():
        if isinstance(leaf, query.Prefix) and leaf.fieldname in TEXT_FIELDS:
            prefixes.add(leaf.text.lower())
        elif isinstance(leaf, query.Phrase) and leaf.fieldname in TEXT_FIELDS:
            terms.update(leaf.words)
        elif isinstance(leaf, query.Term) and leaf.fieldname in TEXT_FIELDS:
            terms.add(leaf.text)
    # Excluded words are leaves too, but are never in a result: highlighting them is harmless.
    return ParsedQuery(parsed, frozenset(terms), frozenset(prefixes), text, unknown_values, tuple(notices), cleaned)


def answer_notices(parsed: ParsedQuery) -> list[str]:
    """What a search's answer says of its query: the syntax changed, the field values no one knows, and a query of
    words the index leaves out ("the", "of the"), which finds nothing for that reason."""
    said = list(parsed.notices)
    said += [
        f"Nothing is known as “{value[:60]}”, so that part of the query matches no article." for value in parsed.unknown
    ]
    if parsed.query is query.NullQuery and not parsed.unknown and not parsed.notices:
        if _LETTER_OR_DIGIT.search(parsed.text):
            said.append(
                "The index leaves out the most common words (“the”, “of”, “and”), and this query has no other: add a "
                "word that says what you are looking for."
            )
            # "US", "IT": a country's code the index reads as "us", "it"
            said += [
                f"“{code}” is read as the word “{code.lower()}”: for the country, filter by country:{code}."
                for code in dict.fromkeys(_CODE_LIKE.findall(parsed.text))
            ]
        else:
            said.append("This query holds no word to search for, only signs or symbols: type a word.")
    if _UNSPACED_SCRIPT.search(parsed.text):
        said.append(
            "Chinese, Japanese and Thai are indexed as runs of characters between spaces and punctuation, not word by "
            "word: a word inside a run is not found alone. Search for the run's start with * (北京*), or a whole run."
        )
    return said


_LETTER_OR_DIGIT = re.compile(r"\w")
_ARABIC_VOWEL_MARKS = re.compile(r"[\u064b-\u065f\u0670]")
_TYPOGRAPHIC_QUOTES = str.maketrans(dict.fromkeys(TYPOGRAPHIC_QUOTES, '"'))
# Scripts written without spaces between words (Han, Hiragana, Katakana, Thai): the tokenizer's words are runs.
_UNSPACED_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f]")
_CODE_LIKE = re.compile(r"(?<![\w.])[A-Z]{2}(?![\w.])")  # two capitals standing alone, as a country's code is written


_analyzer = text_analyzer()


def analyse(word: str) -> str:
    """The index form of one word (lower-cased, accents folded, stemmed), as the text field stores it; of a word the
    index reads as parts ("O'Brien", "Brien's", "d'Ivoire"), its longest part's (the name, not the "o" or "s")."""
    tokens = [t.text for t in _analyzer(word)]
    return max(tokens, key=len) if tokens else ""
