"""`bench_search`'s entity phase: entity pages beside search pages, in one fresh process over the built archive.

For the most covered countries, organisations and sources and a few rare countries, it renders each
entity's page (`/countries/<code>/` …: the counts, months, co-occurrence, latest articles, the SVG chart
and the template) and the search page filtered to that entity (`/?country=<code>`: results, count,
every facet, the histogram, snippets), interleaved round by round, through the views themselves (no
HTTP, no rate limit). It checks that each profile's count equals the filtered search's count and, for
a few entities, that Whoosh's own searcher (the fallback) counts the same, and times that path.
"""

from __future__ import annotations

import time

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from archive import entity_views, views
from archive.benchmark.timing import summary
from archive.search import RESOLVERS, SearchParams, entity_counts, entity_profile
from archive.search import search as run_search

SEARCH_PARAMS = {"country": "country", "organisation": "org", "source": "source"}
PAGES = {"country": entity_views.country, "organisation": entity_views.organisation, "source": entity_views.source}


def pick_entities(*, common: int = 8, rare: int = 4) -> list[tuple[str, str]]:
    """(kind, key) of the most covered countries, organisations and sources, and of a few rare countries."""
    chosen: list[tuple[str, str]] = []
    for kind, wanted in (("country", common), ("organisation", common // 2), ("source", 2)):
        counts = entity_counts(kind)
        ranked = sorted(counts, key=lambda key: (-counts[key], key))
        chosen += [(kind, key) for key in ranked[:wanted]]
        if kind == "country":
            chosen += [(kind, key) for key in ranked[-rare:] if (kind, key) not in chosen]
    return chosen


def _request(path: str, query: dict):
    request = RequestFactory().get(path, query)
    request.user = AnonymousUser()
    return request


def _entity_page(kind: str, key: str) -> int:
    from django.urls import reverse

    from archive.entity_pages import URL_NAMES

    # Computed every time: the view itself, without the answer kept after the first round (archive/conditional.py).
    response = PAGES[kind].__wrapped__(_request(reverse(URL_NAMES[kind], args=[key]), {}), key)
    return response.status_code


def _search_page(kind: str, key: str) -> int:
    # Computed every time, as the entity page is.
    return views.search.__wrapped__(_request("/", {SEARCH_PARAMS[kind]: key})).status_code


def _params(kind: str, key: str) -> SearchParams:
    field = {"country": "countries", "organisation": "organisations", "source": "sources"}[kind]
    return SearchParams(**{field: (key,)})


def entity_phase(rounds: int = 5, portable: int = 3) -> dict:
    """Time entity pages and the same entities' search pages, interleaved; check the counts."""
    entities = pick_entities()
    times: dict[str, list[list[float]]] = {"entity": [], "search": []}
    problems: list[str] = []
    for kind, key in entities:
        profile = entity_profile(kind, key)
        count = run_search(_params(kind, key), resolvers=RESOLVERS).count
        if profile.count != count:
            problems.append(f"{kind} {key}: profile {profile.count}, search {count}")
    for name in times:
        times[name] = [[] for _ in entities]
    for _ in range(rounds):
        for index, (kind, key) in enumerate(entities):
            for name, render in (("entity", _entity_page), ("search", _search_page)):
                started = time.perf_counter()
                status = render(kind, key)
                times[name][index].append(time.perf_counter() - started)
                if status != 200:
                    problems.append(f"{name} page of {kind} {key}: HTTP {status}")
    whoosh_times = []
    for kind, key in entities[:portable]:
        started = time.perf_counter()
        slow = entity_profile(kind, key, engine="whoosh")
        whoosh_times.append(time.perf_counter() - started)
        fast = entity_profile(kind, key)
        if (slow.count, slow.months, slow.cooccurring) != (fast.count, fast.months, fast.cooccurring):
            problems.append(f"{kind} {key}: Whoosh's own searcher counts differently")
    out: dict = {"entities": len(entities), "rounds": rounds, "picked": [f"{k}:{v}" for k, v in entities]}
    for name, per_entity in times.items():
        warm = [t for values in per_entity for t in (values[1:] if rounds > 1 else values)]
        out[name] = {"warm": summary(warm), "first_round": summary([values[0] for values in per_entity])}
    out["portable_profile"] = summary(whoosh_times)
    out["problems"] = sorted(set(problems))
    return out


def targets(report: dict) -> dict:
    """Issue 16: at the benchmark's size an entity page is no slower than a search page (median and p95)."""
    entities = report["entities"]
    entity, search = entities["entity"]["warm"], entities["search"]["warm"]
    out = {}
    for stat in ("median_ms", "p95_ms"):
        value = round(entity[stat] / search[stat], 2) if search[stat] else 0.0
        out[f"entity page / search page ({stat[:-3]})"] = {"value": value, "target": 1.0, "met": value <= 1.0}
    return out


def format_entities(report: dict) -> str:
    """The entity phase's lines of the printed report."""
    entities = report["entities"]
    lines = [
        "",
        f"entity pages: {entities['entities']} entities × {entities['rounds']} rounds, each beside the search page "
        "filtered to it (both rendered through their views)",
        f"{'':28}{'median ms':>11}{'p95 ms':>10}{'max ms':>10}   first round median / p95",
    ]
    for name, label in (("entity", "entity page"), ("search", "search page (same entity)")):
        warm, cold = entities[name]["warm"], entities[name]["first_round"]
        lines.append(
            f"{label:28}{warm['median_ms']:>11.1f}{warm['p95_ms']:>10.1f}{warm['max_ms']:>10.1f}"
            f"   {cold['median_ms']:.1f} / {cold['p95_ms']:.1f}"
        )
    portable = entities["portable_profile"]
    lines.append(f"entity profile from Whoosh's own searcher (the fallback): median {portable['median_ms']:.1f} ms")
    if entities["problems"]:
        lines += ["ENTITY CHECK FAILURES:", *(f"  {problem}" for problem in entities["problems"])]
    else:
        lines.append("entity checks: every profile's count equals its search's; Whoosh's own searcher counts the same")
    return "\n".join(lines)
