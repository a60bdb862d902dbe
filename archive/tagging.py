"""Applying extraction to an article's tags without undoing editors' work.

A new extraction replaces the extracted tags only: editors' and imported tags keep their origin and
decision (only their mention counts follow the text), and a rejected tag is never re-added. Tags a
file gives itself (a JSON Lines export) set the article's active tags instead (`set_given_tags`).
Proposed organisations ("Full Name (ACRONYM)" pairs the gazetteer does not know) are stored for an
editor to approve and tag nothing until then.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils.text import slugify

from archive.extraction import extract
from archive.extraction.types import Extraction, Gazetteer, ProposedOrganisation
from archive.gazetteers import current_gazetteer
from archive.models import (
    Article,
    ArticleCountry,
    ArticleOrganisation,
    Country,
    Organisation,
    TagOrigin,
)
from archive.search import deferred, record_changes


def extract_for(article: Article, gazetteer: Gazetteer) -> Extraction:
    """Extract from an article's own words: its title (not a generated one), standfirst, body and dateline."""
    return extract(
        title=article.title if not article.title_generated else "",
        body="\n\n".join([*article.standfirst, article.body]),
        dateline=article.dateline_place,
        gazetteer=gazetteer,
    )


@dataclass(frozen=True)
class Targets:
    """Database ids of what tags can point at: country codes and approved organisation slugs.

    Loaded once for a batch (two small queries) instead of two lookups per article.
    """

    countries: dict[str, int]
    organisations: dict[str, int]

    @classmethod
    def load(cls) -> Targets:
        return cls(
            countries=dict(Country.objects.values_list("code", "id")),
            organisations=dict(Organisation.objects.approved().values_list("slug", "id")),
        )


def _sync(article: Article, tag_model, target_field: str, wanted: dict[int, int], *, new: bool = False) -> None:
    """Make the article's extracted tags of one kind equal `wanted` (target id -> mentions).

    `new`: the article was just created, so it has no tags to compare with (saves a query).
    """
    existing = (
        {} if new else {getattr(tag, f"{target_field}_id"): tag for tag in tag_model.objects.filter(article=article)}
    )
    to_create, to_update, to_delete = [], [], []
    for target_id, mentions in wanted.items():
        tag = existing.get(target_id)
        if tag is None:
            to_create.append(
                tag_model(
                    article=article, mentions=mentions, origin=TagOrigin.EXTRACTED, **{f"{target_field}_id": target_id}
                )
            )
        elif tag.mentions != mentions:
            tag.mentions = mentions  # editors' and rejected tags keep their decision, with a fresh count
            to_update.append(tag)
    for target_id, tag in existing.items():
        if target_id not in wanted and tag.origin == TagOrigin.EXTRACTED and not tag.rejected:
            to_delete.append(tag.pk)
    if to_create:
        tag_model.objects.bulk_create(to_create)
    if to_update:
        tag_model.objects.bulk_update(to_update, ["mentions"])
    if to_delete:
        tag_model.objects.filter(pk__in=to_delete).delete()


def _wanted(extraction: Extraction, targets: Targets) -> tuple[dict[int, int], dict[int, int]]:
    """Country and organisation ids the extraction found (target id -> mentions); unknown keys dropped."""
    countries = {targets.countries[t.key]: t.mentions for t in extraction.countries if t.key in targets.countries}
    organisations = {
        targets.organisations[t.key]: t.mentions for t in extraction.organisations if t.key in targets.organisations
    }
    return countries, organisations


def new_article_tags(
    article_id: int, extraction: Extraction, targets: Targets
) -> tuple[list[ArticleCountry], list[ArticleOrganisation]]:
    """Unsaved extracted tags for a just-created article, for one bulk_create per batch (as `_sync` does)."""
    countries, organisations = _wanted(extraction, targets)
    return (
        [
            ArticleCountry(article_id=article_id, country_id=pk, mentions=n, origin=TagOrigin.EXTRACTED)
            for pk, n in countries.items()
        ],
        [
            ArticleOrganisation(article_id=article_id, organisation_id=pk, mentions=n, origin=TagOrigin.EXTRACTED)
            for pk, n in organisations.items()
        ],
    )


def propose(extractions: Iterable[Extraction]) -> None:
    """Store the proposed organisations of these extractions: new slugs, names and acronyms only, each once.

    Nothing an organisation already has, whatever its status, is proposed again: a rejected one's
    name, acronym and aliases (normalised: "Australian Wheat Board's", "the australian wheat board")
    block it for every later import and re-extraction (`archive.proposals_triage`). A few lookups for a
    whole batch of articles instead of some per proposal.
    """
    from archive.proposals_triage import acronym_key, blocked_keys, name_key  # it imports curation, which imports us

    wanted: dict[str, ProposedOrganisation] = {}
    for extraction in extractions:
        for proposal in extraction.proposals:
            slug = slugify(proposal.acronym or proposal.name)[:100]
            if slug:
                wanted.setdefault(slug, proposal)
    if not wanted:
        return
    taken = set(Organisation.objects.filter(slug__in=list(wanted)).values_list("slug", flat=True))
    names, acronyms = blocked_keys()
    for slug, proposal in wanted.items():
        name, acronym = name_key(proposal.name), acronym_key(proposal.acronym)
        if slug in taken or name in names or (acronym and acronym in acronyms):
            continue
        names.add(name)
        if acronym:
            acronyms.add(acronym)
        Organisation.objects.create(
            slug=slug, name=proposal.name, acronym=proposal.acronym, status=Organisation.Status.PROPOSED
        )


def apply_extraction(
    article: Article, extraction: Extraction, *, targets: Targets, new: bool = False, record: bool = True
) -> None:
    """Make the article's extracted tags follow `extraction` (computed beforehand, outside any transaction).

    Call inside a transaction. `record=False` when the caller records the article's IndexChange
    itself in the same transaction (one row per imported article, not two).
    """
    countries, organisations = _wanted(extraction, targets)
    _sync(article, ArticleCountry, "country", countries, new=new)
    _sync(article, ArticleOrganisation, "organisation", organisations, new=new)
    if extraction.proposals:
        propose([extraction])
    if record:
        record_changes([article.pk])  # bulk operations above send no signals


def retag(
    article: Article,
    *,
    gazetteer: Gazetteer | None = None,
    targets: Targets | None = None,
    new: bool = False,
    record: bool = True,
) -> Extraction:
    """Re-run extraction on one article, keeping editors' decisions. Call inside a transaction."""
    extraction = extract_for(article, gazetteer or current_gazetteer())
    apply_extraction(article, extraction, targets=targets or Targets.load(), new=new, record=record)
    return extraction


def _replace_given(article: Article, tag_model, target_field: str, target_ids: list[int]) -> None:
    """Make the article's tags of one kind exactly `target_ids`, new ones marked as imported."""
    tag_model.objects.filter(article=article, rejected=False).exclude(**{f"{target_field}_id__in": target_ids}).delete()
    for target_id in target_ids:
        tag_model.objects.get_or_create(
            article=article, **{f"{target_field}_id": target_id}, defaults={"origin": TagOrigin.IMPORTED}
        )


def set_given_tags(
    article: Article, *, countries: list[str] | None, organisations: list[str] | None, record: bool = True
) -> list[str]:
    """Tags a file gave explicitly (a JSON Lines export). Returns the values the archive does not know.

    For each kind the file gives, they become the article's active tags: new ones are stored as
    imported, tags already there keep their origin, rejected ones stay rejected, and any other tag
    not given goes, whatever its origin.
    `record=False`: the caller records the article's IndexChange itself in the same transaction.
    """
    unknown: list[str] = []
    if countries is None and organisations is None:
        return unknown
    if countries is not None:
        found = dict(Country.objects.filter(code__in=[c.upper() for c in countries]).values_list("code", "id"))
        unknown += [c for c in countries if c.upper() not in found]
        _replace_given(article, ArticleCountry, "country", list(found.values()))
    if organisations is not None:
        given = Organisation.objects.exclude(status=Organisation.Status.REJECTED).filter(slug__in=organisations)
        found = dict(given.values_list("slug", "id"))
        unknown += [o for o in organisations if o not in found]
        _replace_given(article, ArticleOrganisation, "organisation", list(found.values()))
    if record:
        record_changes([article.pk])
    return unknown


def reextract(articles: QuerySet[Article], *, progress: Callable[[int], object] | None = None) -> int:
    """Re-extract many articles, one transaction each, keeping editors' decisions. Returns how many were processed.

    Their index changes are applied once, at the end (`deferred`): applied after each article's commit, an index
    session each, a few hundred articles outlasted a web worker's timeout (0.7 s an article)."""
    gazetteer, targets = current_gazetteer(), Targets.load()
    done = 0
    with deferred():
        for article in articles.iterator(chunk_size=500):
            with transaction.atomic():
                retag(article, gazetteer=gazetteer, targets=targets)
            done += 1
            if progress is not None:
                progress(1)
    return done
