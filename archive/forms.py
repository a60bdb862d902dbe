"""Request parameters -> validated SearchParams, with notices instead of errors for bad values."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace

from django import forms
from django.http import QueryDict

from archive.dates import UNDATED, period_bounds
from archive.models import Country, Organisation, Source
from archive.search import RESOLVERS, SORTS, SearchParams, date_label, folded

DATE_KEY = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
MAX_VALUES_PER_FACET = 20
_ONE_WRITER = re.compile(r'author:"([^"]+)"')  # a writer's search (archive.writers.writer_query)


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    """The values a form's filters offer, by name as a reader alphabetises them (accents aside: "Côte d'Ivoire"
    beside "Costa Rica", where the database's order put it after "Czechia"): every country (code, name), approved
    organisation (slug, "ICC — International Criminal Court") and source (slug, name)."""

    def by_name(choice: tuple[str, str]) -> tuple[str, str]:
        return folded(choice[1].casefold()), choice[1]  # as the search and the writers' list fold

    return {
        "countries": sorted(Country.objects.values_list("code", "name"), key=by_name),
        "organisations": sorted(((org.slug, org.full_label) for org in Organisation.objects.approved()), key=by_name),
        "sources": sorted(Source.objects.values_list("slug", "name"), key=by_name),
    }


def search_in_words(params: SearchParams, *, quoted: bool = False) -> list[str]:
    """A search as a reader names it: its words (“…” when `quoted`; a writer's search, `author:"Amina Rashid"` as
    their page makes it, "by Amina Rashid"), then its filters by name and its period."""
    named = filters_in_words(params)
    if not params.q:
        return named
    writer = _ONE_WRITER.fullmatch(params.q)
    words = f"by {writer.group(1)}" if writer else f"“{params.q}”" if quoted else params.q
    return [words, *named]


def filters_in_words(params: SearchParams) -> list[str]:
    """A search's filters as a reader names them: its countries, organisations and sources by name, then its period
    (["Japan", "IMF — International Monetary Fund", "Reuters", "March 1987", "from 1 March 1987"])."""
    words: list[str] = []
    if params.countries:
        names = dict(Country.objects.filter(code__in=params.countries).values_list("code", "name"))
        words += [names.get(code, code) for code in params.countries]
    if params.organisations:
        labels = {org.slug: org.full_label for org in Organisation.objects.filter(slug__in=params.organisations)}
        words += [labels.get(slug, slug) for slug in params.organisations]
    if params.sources:
        names = dict(Source.objects.filter(slug__in=params.sources).values_list("slug", "name"))
        words += [names.get(slug, slug) for slug in params.sources]
    if params.date:
        words.append("undated" if params.date == UNDATED else date_label(params.date))
    for word, day in (("from", params.date_from), ("to", params.date_to)):
        if day:
            words.append(f"{word} {day.day} {day:%B %Y}")
    return words


def printable(text: str) -> str:
    """Control characters (NUL, escapes, bidi overrides) say nothing in a query and break XML feeds; letters are
    composed (NFC), as the archive's text is ("é" typed as "e" and a combining accent is one letter)."""
    return "".join(ch if ch.isprintable() else " " for ch in unicodedata.normalize("NFC", text)).strip()


class SearchForm(forms.Form):
    q = forms.CharField(required=False, label="Search the archive", strip=True)
    sort = forms.ChoiceField(required=False, choices=[("", "Default")] + [(s, s.title()) for s in SORTS])
    date_from = forms.DateField(required=False, label="From", input_formats=["%Y-%m-%d"])
    date_to = forms.DateField(required=False, label="To", input_formats=["%Y-%m-%d"])

    def __init__(self, data: QueryDict, *args, **kwargs) -> None:
        # The URL says from/to; "from" is a keyword in Python.
        data = data.copy()
        if "q" in data:  # a control character is a space in a query; Django's field would drop the whole query on NUL
            data["q"] = printable(data["q"])
        # Notices of values read as what they name (a year or a month as its first or last day, a merged
        # organisation's slug as the kept one's): the search runs with them, nothing was left out.
        self.readings: list[str] = []
        for short, long in (("from", "date_from"), ("to", "date_to")):
            if short in data:
                data[long] = data[short]
            value = (data.get(long) or "").strip()
            if len(value) in (4, 7) and DATE_KEY.match(value) and not _date_problem(value, forms_allowed=""):
                day = period_bounds(value)[0 if short == "from" else 1]
                data[long] = day.isoformat()
                self.readings.append(f"Read “{short}” {value} as {day.day} {day:%B %Y}.")
        super().__init__(data, *args, **kwargs)


def _date_problem(value: str, *, forms_allowed: str) -> str:
    """Why a date value is refused ("" when it is fine): the wrong form, or a form that names no real date."""
    if not DATE_KEY.match(value):
        return f"use {forms_allowed}"
    parts = [int(p) for p in value.split("-")]
    year, month, day = parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1
    if year < 1:
        return "there is no year 0"
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    try:
        dt.date(year, month, day)
    except ValueError:
        days = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
        return f"{dt.date(year, month, 1):%B %Y} has {days} days"
    return ""


def _known(
    values: list[str],
    known: set[str],
    what: str,
    notices: list[str],
    resolve: Callable[[str], str | None],
    readings: list[str],
) -> tuple[str, ...]:
    """The values the index knows; another one is read as what it names (`org=euratom` after a merge into the EC,
    `source=le%20quotidien%20économique`, said so), else dropped with a notice."""
    kept = []
    for value in dict.fromkeys(values[:MAX_VALUES_PER_FACET]):
        if value in known:
            kept.append(value)
        elif named := resolve(value[:200]):
            kept.append(named)
            readings.append(f"Read the {what} “{value[:40]}” as “{named}”.")
            notices.append(readings[-1])
        else:
            notices.append(f"Ignored unknown {what} “{value[:40]}”.")
    if len(values) > MAX_VALUES_PER_FACET:
        notices.append(f"Only the first {MAX_VALUES_PER_FACET} {what} filters were used.")
    return tuple(kept)


def only_keys(data: QueryDict, keys: tuple[str, ...]) -> QueryDict:
    """The parameters among `keys` that have a value, nothing else of `data` (a stray `page` is not a filter)."""
    only = QueryDict(mutable=True)
    for key in keys:
        values = [value for value in data.getlist(key) if value.strip()]
        if values:
            only.setlist(key, values)
    return only


def used_query(data: QueryDict, params: SearchParams) -> QueryDict:
    """The request's parameters without the values that were ignored: links built from it never carry them."""
    query = data.copy()
    for key, kept in (("country", params.countries), ("org", params.organisations), ("source", params.sources)):
        if key in query:
            query.setlist(key, list(kept))
    if "date" in query and not params.date:
        del query["date"]
    if "versions" in query and not params.all_versions:
        del query["versions"]
    return query


def left_out(notices: list[str], form: SearchForm) -> list[str]:
    """The notices of values the search leaves out (an unknown country, a date that is none), not of values read as
    what they name (a month as its days, a merged organisation as the kept one, dates swapped): a file made with
    them would silently differ from what was asked, so the exports refuse it, saying these."""
    return [notice for notice in notices if notice not in form.readings]


def refusal(notices: list[str]) -> str:
    """What an export answers when values were left out (`left_out`)."""
    return f"Nothing was exported: {' '.join(notices)}"


def params_from_query(data: QueryDict) -> tuple[SearchParams, list[str], SearchForm]:
    """Validate request parameters; bad values are dropped with a notice, never an error page."""
    notices: list[str] = []
    form = SearchForm(data)
    form.is_valid()
    cleaned = form.cleaned_data
    for name, label in (("date_from", "from"), ("date_to", "to")):
        if name in form.errors:
            value = printable(data.get(label) or data.get(name) or "")[:20]  # ?from= or the form's ?date_from=
            problem = _date_problem(value, forms_allowed="YYYY-MM-DD, YYYY-MM or YYYY")
            notices.append(f"Ignored the “{label}” date “{value}”: {problem}.")
    notices += form.readings
    if "sort" in form.errors:
        notices.append("Ignored an unknown sort order.")

    # Control characters never name a value (and PostgreSQL refuses NUL in a query parameter).
    countries = [printable(c).upper() for c in data.getlist("country") if printable(c)]
    organisations = [printable(o).lower() for o in data.getlist("org") if printable(o)]
    sources = [printable(s).lower() for s in data.getlist("source") if printable(s)]
    # Asked of the database only when given: most searches name no country, organisation or source.
    known_countries = (
        set(Country.objects.filter(code__in=countries[:MAX_VALUES_PER_FACET]).values_list("code", flat=True))
        if countries
        else set()
    )
    known_orgs = (
        set(
            Organisation.objects.approved()
            .filter(slug__in=organisations[:MAX_VALUES_PER_FACET])
            .values_list("slug", flat=True)
        )
        if organisations
        else set()
    )
    known_sources = (
        set(Source.objects.filter(slug__in=sources[:MAX_VALUES_PER_FACET]).values_list("slug", flat=True))
        if sources
        else set()
    )

    date = printable(data.get("date") or "")
    problem = (
        _date_problem(date, forms_allowed=f"YYYY, YYYY-MM, YYYY-MM-DD or “{UNDATED}”")
        if date and date != UNDATED
        else ""
    )
    if problem:
        notices.append(f"Ignored the date “{date[:20]}”: {problem}.")
        date = ""

    page_text = (data.get("page") or "1").strip()
    try:
        page = int(page_text)
    except ValueError:
        notices.append("Ignored an invalid page number.")
        page = 1
    if page < 1:
        notices.append(f"Ignored the page number {page}: pages start at 1.")
    page = min(max(page, 1), 10_000)

    date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
    if date_from and date_to and date_from > date_to:
        form.readings.append("The “from” date was after the “to” date; they have been swapped.")
        notices.append(form.readings[-1])
        date_from, date_to = date_to, date_from
    notices += _period_apart_from_range(date, date_from, date_to)

    params = SearchParams(
        q=printable(cleaned.get("q") or ""),
        countries=_known(countries, known_countries, "country", notices, RESOLVERS["countries"], form.readings),
        organisations=_known(
            organisations, known_orgs, "organisation", notices, RESOLVERS["organisations"], form.readings
        ),
        sources=_known(sources, known_sources, "source", notices, RESOLVERS["source"], form.readings),
        date=date,
        date_from=date_from,
        date_to=date_to,
        sort=cleaned.get("sort") or "",
        page=page,
        all_versions=_all_versions(data, notices),
    )
    return params, notices, form


def standing_params(data: QueryDict) -> SearchParams:
    """A search followed over time (a feed, an alert): as `params_from_query` reads it, but a filter value no longer
    known (an organisation deleted, a source merged away under a name nothing holds) is kept as it was given. The
    search then finds nothing, never every new article, as dropping the value would; a feed reader or an e-mail
    shows no notice saying it was dropped."""
    params, _, _ = params_from_query(data)
    kept = {}
    for key, field in (("country", "countries"), ("org", "organisations"), ("source", "sources")):
        given = tuple(dict.fromkeys(printable(value) for value in data.getlist(key)[:MAX_VALUES_PER_FACET]))
        given = tuple(value for value in given if value)
        if len(getattr(params, field)) < len(given):
            kept[field] = tuple(dict.fromkeys([*getattr(params, field), *given]))
    return replace(params, **kept)


def _period_apart_from_range(date: str, date_from: dt.date | None, date_to: dt.date | None) -> list[str]:
    """A notice when the date list's period and the typed from/to range share no day: every article would have to
    lie in both, so the page would be empty with nothing saying why (`date=1987-03&from=1987-02-20&to=1987-02-28`)."""
    if not date or not (date_from or date_to):
        return []
    typed = " ".join(f"{word} {day.day} {day:%B %Y}" for word, day in (("from", date_from), ("to", date_to)) if day)
    if date == UNDATED:
        return [f"Undated articles have no date {typed}: no article can match both. Remove one of them."]
    first, last = period_bounds(date)
    if (date_to and date_to < first) or (date_from and date_from > last):
        return [f"{date_label(date)} lies outside the dates {typed}: no article can match both. Remove one of them."]
    return []


def _all_versions(data: QueryDict, notices: list[str]) -> bool:
    """`versions=all`: every copy of a story its own result (default: one result per copy group)."""
    value = printable(data.get("versions") or "").lower()
    if value and value != "all":
        notices.append("Ignored an unknown “versions” value: use versions=all to list every copy.")
    return value == "all"


# The search page's own parameters: all a `back` link may carry.
SEARCH_KEYS = ("q", "country", "org", "source", "date", "from", "to", "sort", "page", "versions")
MAX_BACK_CHARS = 2000


def search_state(back: str) -> QueryDict:
    """The search an article page was reached from (its `?back=`, the search's query string), reduced to the
    search page's own parameters. The back link is built from it as the search page's path plus these
    parameters re-encoded: whatever `back` holds (a URL, `//host`, `javascript:`, markup), the link can only
    lead to our search page. An over-long or unreadable value gives an empty state (the plain search page)."""
    state = QueryDict(mutable=True)
    if not back or len(back) > MAX_BACK_CHARS:
        return state
    given = QueryDict(back)
    for key in SEARCH_KEYS:
        values = [printable(value)[:500] for value in given.getlist(key)[:MAX_VALUES_PER_FACET]]
        values = [value for value in values if value]
        if values:
            state.setlist(key, values)
    return state
