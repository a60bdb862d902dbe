"""Editors' changes to organisations and sources: merges (tags, names and aliases moved to the one kept),
approvals and renames that re-extract the articles naming them, deletions. The package's docstring
(`archive.curation`) gives the rules all its services keep."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import models, transaction
from simple_history.utils import bulk_update_with_history

from archive.curation.articles import CurationError, _bulk_set, ensure_history_baseline, reextract
from archive.models import Article, ArticleOrganisation, Organisation, Source, TagOrigin
from archive.search import record_changes

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    User = AbstractBaseUser | None

# --- Organisations --------------------------------------------------------------------------------


@dataclass
class MergeReport:
    kept: str
    merged: list[str]
    moving: str = "tags"  # what moves: tags (organisations) or articles (sources)
    moved: int = 0  # re-pointed to the one kept
    combined: int = 0  # tags folded into a tag the article already had for the one kept
    aliases_added: list[str] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)
    approved: bool = False  # the one kept was proposed and took over an approved one
    reextracted: int = 0  # articles holding the names it gained, re-extracted so that those names tag it

    @property
    def articles(self) -> int:
        return len(self.article_ids)

    def summary(self) -> str:
        moving = self.moving if self.moved != 1 else self.moving.removesuffix("s")
        parts = [f"Merged {', '.join(self.merged)} into {self.kept}: {self.moved} {moving} moved"]
        if self.combined:
            parts.append(f"{self.combined} combined with existing tags")
        if self.aliases_added:
            parts.append(f"aliases added: {', '.join(self.aliases_added)}")
        if self.approved:
            parts.append("now approved")
        parts.append(f"{self.articles} article{'s' if self.articles != 1 else ''} reindexed")
        if self.reextracted:
            parts.append(f"{self.reextracted} article{'s' if self.reextracted != 1 else ''} naming it re-extracted")
        return "; ".join(parts) + "."


def _decision_rank(tag) -> int:
    """An editor's decision (an editor's tag, or any rejection) outranks a file's, which outranks extraction."""
    if tag.rejected or tag.origin == TagOrigin.EDITOR:
        return 2
    return 1 if tag.origin == TagOrigin.IMPORTED else 0


def _validate_merge(keep, merge: Iterable) -> list:
    merge = list({obj.pk: obj for obj in merge}.values())
    if keep.pk is None or any(obj.pk is None for obj in merge):
        raise CurationError("Only saved entries can be merged.")
    if any(obj.pk == keep.pk for obj in merge):
        raise CurationError(f"Cannot merge {keep} into itself.")
    if not merge:
        raise CurationError("Choose at least one entry to merge into the one kept.")
    return merge


def _aliases_of(org: Organisation) -> list[str]:
    return [org.name, org.acronym, *(org.aliases or [])]


def merge_organisations(*, keep: Organisation, merge: Iterable[Organisation], user: User = None) -> MergeReport:
    """Fold organisations into `keep`: their tags and names move to it, then they are deleted.

    Where an article already has a tag for the one kept, the tags are combined into one: the
    stronger decision wins (editor's tag or rejection > imported > extracted; ties go to the tag
    of the one kept) and mentions are summed. The losing rows are deleted before the survivor is
    re-pointed, so the (article, organisation) constraint always holds and no tag is left behind.
    """
    merge = _validate_merge(keep, merge)
    merge_ids = [org.pk for org in merge]
    with transaction.atomic():
        keep.refresh_from_db()
        merge = list(Organisation.objects.filter(pk__in=merge_ids).order_by("pk"))
        report = MergeReport(kept=str(keep), merged=[str(org) for org in merge])
        ensure_history_baseline(Organisation, [keep.pk, *merge_ids])
        affected = ArticleOrganisation.objects.filter(organisation_id__in=merge_ids).values("article_id")
        tags = ArticleOrganisation.objects.filter(organisation_id__in=[keep.pk, *merge_ids], article_id__in=affected)
        by_article: dict[int, list[ArticleOrganisation]] = defaultdict(list)
        for tag in tags.order_by("pk"):
            by_article[tag.article_id].append(tag)
        survivors, losers = [], []
        for group in by_article.values():
            # Counted from the merged ones' side: a tag either moves or joins a tag the article has.
            from_merged = sum(tag.organisation_id != keep.pk for tag in group)
            joined = from_merged if len(group) > from_merged else from_merged - 1
            report.combined += joined
            report.moved += from_merged - joined
            group.sort(key=lambda tag: (-_decision_rank(tag), tag.organisation_id != keep.pk, tag.pk))
            survivor, *rest = group
            if rest:
                survivor.mentions = sum(tag.mentions for tag in group)
            survivor.organisation_id = keep.pk
            survivors.append(survivor)
            losers.extend(rest)
        ensure_history_baseline(ArticleOrganisation, [tag.pk for tag in survivors + losers])
        # Each history row says why (the merge's rows said nothing, the kept one's "Aliases" changed unexplained).
        into = f"Merged into {keep}"
        for tag in losers:  # one by one: a history row and an index change each
            tag._history_user, tag._change_reason = user, into
            tag.delete()
        if survivors:
            bulk_update_with_history(
                survivors,
                ArticleOrganisation,
                ["organisation", "mentions"],
                default_user=user,
                default_change_reason=into,
            )

        known = {alias.casefold() for alias in _aliases_of(keep) if alias}
        for org in merge:
            for alias in _aliases_of(org):
                alias = (alias or "").strip()
                if alias and alias.casefold() not in known:
                    known.add(alias.casefold())
                    report.aliases_added.append(alias)
        keep.aliases = [*(keep.aliases or []), *report.aliases_added]
        if keep.status == Organisation.Status.PROPOSED and any(
            org.status == Organisation.Status.APPROVED for org in merge
        ):
            keep.status = Organisation.Status.APPROVED
            report.approved = True
        for org in merge:
            org._history_user, org._change_reason = user, into
            org.delete()  # no tags are left to cascade
        keep._history_user, keep._change_reason = user, f"Merged {', '.join(report.merged)} into it"
        keep.save()  # records every article of the kept organisation (its signal)
        report.article_ids = sorted(by_article)
        record_changes(report.article_ids)
    if keep.status == Organisation.Status.APPROVED and report.aliases_added:
        # Its new names tag it now: the articles that hold them are re-extracted, as approving does.
        gained = Organisation(pk=keep.pk, name="", aliases=report.aliases_added)
        report.reextracted = reextract(Article.objects.filter(pk__in=_naming([gained])))
    return report


@dataclass
class ApproveReport:
    approved: int
    reextracted: int
    tagged: int = 0  # of those articles, how many the approved organisations tag now

    def summary(self) -> str:
        """The mention count links more articles than get tagged: the message says how many, and why."""
        text = f"Approved {self.approved} organisation(s)"
        if not self.reextracted:
            return f"{text}; no article names them."
        text += f"; re-extracted the {self.reextracted} article(s) that name them: {self.tagged} tagged now"
        if self.tagged < self.reextracted:
            text += " (one that names it only in passing is not tagged: tag it on the article if it is about it)"
        return text + "."


def approve_organisations(queryset: models.QuerySet, *, user: User = None) -> ApproveReport:
    """Approve proposed (or rejected) organisations, then re-extract the articles that name them so they get tagged."""
    with transaction.atomic():
        orgs = list(queryset.filter(status__in=[Organisation.Status.PROPOSED, Organisation.Status.REJECTED]))
        ensure_history_baseline(Organisation, [org.pk for org in orgs])
        for org in orgs:
            org.status = Organisation.Status.APPROVED
            org._history_user = user
            org.save()
    if not orgs:
        return ApproveReport(approved=0, reextracted=0)
    naming = _naming(orgs)
    done = reextract(Article.objects.filter(pk__in=naming))
    tagged = ArticleOrganisation.objects.filter(organisation__in=orgs, article_id__in=naming, rejected=False)
    return ApproveReport(approved=len(orgs), reextracted=done, tagged=tagged.values("article_id").distinct().count())


def reextract_renamed(org: Organisation, *, before: Organisation) -> int:
    """An approved organisation's names changed on its form (`before`: its name, acronym and aliases as they were):
    the articles holding a name or acronym it gained are re-extracted, as approving does, so that they are tagged.
    Returns how many. (A name it lost untags nothing: a renamed organisation keeps the articles of its old name.)"""
    if org.status != Organisation.Status.APPROVED:
        return 0
    known = {name.strip().casefold() for name in (before.name, *(before.aliases or [])) if name and name.strip()}
    gained = [
        n.strip() for n in (org.name, *(org.aliases or [])) if n and n.strip() and n.strip().casefold() not in known
    ]
    acronym = org.acronym if org.acronym and org.acronym != before.acronym else ""
    if not gained and not acronym:
        return 0
    named = Organisation(pk=org.pk, name="", acronym=acronym, aliases=gained)  # a stand-in holding what it gained
    return reextract(Article.objects.filter(pk__in=_naming([named])))


def _naming(orgs: Iterable[Organisation]) -> list[int]:
    """The articles whose text names any of `orgs` (a name or alias in any case, the acronym as written): what their
    mention counts count. SQLite's `contains` ignores case, so approving picked every article holding the acronym's
    letters ("CIS": every "decision", 1,219 articles for one mention)."""
    from archive.proposals_triage import articles_mentioning  # it imports this module

    return sorted({pk for org in orgs for pk in articles_mentioning(org)})


# --- Sources --------------------------------------------------------------------------------------


def merge_sources(*, keep: Source, merge: Iterable[Source], user: User = None) -> MergeReport:
    """Move the articles of `merge` to `keep` and delete the merged sources; their names become aliases of `keep`."""
    merge = _validate_merge(keep, merge)
    merge_ids = [source.pk for source in merge]
    with transaction.atomic():
        keep.refresh_from_db()
        merge = list(Source.objects.filter(pk__in=merge_ids).order_by("pk"))
        report = MergeReport(kept=str(keep), merged=[str(source) for source in merge], moving="articles")
        ensure_history_baseline(Source, merge_ids)
        report.article_ids = _bulk_set(Article.objects.filter(source_id__in=merge_ids), user=user, source=keep)
        report.moved = len(report.article_ids)
        # The merged names become aliases, so a later import naming them lands on the one kept.
        known = {name.lower() for name in [keep.name, *keep.aliases]}
        for name in [n for source in merge for n in [source.name, *source.aliases]]:
            if name.lower() not in known:
                keep.aliases.append(name)
                report.aliases_added.append(name)
                known.add(name.lower())
        if report.aliases_added:
            keep._history_user = user
            keep.save()
        for source in merge:
            source._history_user = user
            source.delete()
    return report


def delete_sources(queryset: models.QuerySet, *, user: User = None) -> int:
    """Delete sources; their articles keep going, without a source (recorded, unlike SET_NULL's update)."""
    with transaction.atomic():
        sources = list(queryset)
        _bulk_set(Article.objects.filter(source__in=sources), user=user, source=None)
        for source in sources:
            source._history_user = user
            source.delete()
    return len(sources)
