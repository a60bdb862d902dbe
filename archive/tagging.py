"""Applying extraction to an article's tags without undoing editors' work.

Extracted tags are replaced by a new extraction; editors' and imported tags are never touched;
a tag an editor rejected is never re-added. Proposed organisations ("Full Name (ACRONYM)" pairs
the gazetteer does not know) are stored for an editor to approve and tag nothing until then.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify

from archive.extraction import extract
from archive.extraction.types import Extraction, Gazetteer
from archive.gazetteers import current_gazetteer
from archive.models import (
    Article,
    ArticleCountry,
    ArticleOrganisation,
    Country,
    Organisation,
    TagOrigin,
)
from archive.search.writer import record_changes


def extract_for(article: Article, gazetteer: Gazetteer) -> Extraction:
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


def _propose(extraction: Extraction) -> None:
    for proposal in extraction.proposals:
        slug = slugify(proposal.acronym or proposal.name)[:100]
        if not slug or Organisation.objects.filter(slug=slug).exists():
            continue
        if proposal.acronym and Organisation.objects.filter(acronym__iexact=proposal.acronym).exists():
            continue
        Organisation.objects.create(
            slug=slug, name=proposal.name, acronym=proposal.acronym, status=Organisation.Status.PROPOSED
        )


def retag(
    article: Article,
    *,
    gazetteer: Gazetteer | None = None,
    targets: Targets | None = None,
    new: bool = False,
    record: bool = True,
) -> Extraction:
    """Re-run extraction on one article, keeping editors' decisions. Call inside a transaction.

    `record=False` when the caller saved the article in the same transaction: the save's
    IndexChange row already covers these tags (one row per imported article, not two).
    """
    gazetteer = gazetteer or current_gazetteer()
    targets = targets or Targets.load()
    extraction = extract_for(article, gazetteer)
    countries = {targets.countries[t.key]: t.mentions for t in extraction.countries if t.key in targets.countries}
    organisations = {
        targets.organisations[t.key]: t.mentions for t in extraction.organisations if t.key in targets.organisations
    }
    _sync(article, ArticleCountry, "country", countries, new=new)
    _sync(article, ArticleOrganisation, "organisation", organisations, new=new)
    if extraction.proposals:
        _propose(extraction)
    if record:
        record_changes([article.pk])  # bulk operations above send no signals
    return extraction


def _replace_given(article: Article, tag_model, target_field: str, target_ids: list[int]) -> None:
    """Make the article's tags of one kind exactly `target_ids`, new ones marked as imported."""
    tag_model.objects.filter(article=article, rejected=False).exclude(**{f"{target_field}_id__in": target_ids}).delete()
    for target_id in target_ids:
        tag_model.objects.get_or_create(
            article=article, **{f"{target_field}_id": target_id}, defaults={"origin": TagOrigin.IMPORTED}
        )


def set_given_tags(article: Article, *, countries: list[str] | None, organisations: list[str] | None) -> list[str]:
    """Tags a file gave explicitly (a JSON Lines export): stored as imported. Returns unknown values."""
    unknown: list[str] = []
    if countries is None and organisations is None:
        return unknown
    if countries is not None:
        found = dict(Country.objects.filter(code__in=[c.upper() for c in countries]).values_list("code", "id"))
        unknown += [c for c in countries if c.upper() not in found]
        _replace_given(article, ArticleCountry, "country", list(found.values()))
    if organisations is not None:
        found = dict(Organisation.objects.filter(slug__in=organisations).values_list("slug", "id"))
        unknown += [o for o in organisations if o not in found]
        _replace_given(article, ArticleOrganisation, "organisation", list(found.values()))
    record_changes([article.pk])
    return unknown


def reextract(articles, *, progress=None) -> int:
    """Re-extract many articles, one transaction each. Returns how many were processed."""
    gazetteer, targets = current_gazetteer(), Targets.load()
    done = 0
    for article in articles.iterator(chunk_size=500):
        with transaction.atomic():
            retag(article, gazetteer=gazetteer, targets=targets)
        done += 1
        if progress is not None:
            progress(1)
    return done
