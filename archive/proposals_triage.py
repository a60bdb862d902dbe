"""Triage of proposed organisations: how often the archive names them, rejecting them, and never again.

Extraction proposes "Full Name (ACRONYM)" pairs it does not know (archive/extraction/proposals.py);
`archive.tagging.propose` stores them as organisations with status "proposed". Editors then approve one
(`curation.approve_organisations`), merge it into an organisation that exists
(`curation.merge_organisations`), or reject it here. A rejected organisation keeps its row with status
"rejected": its name, acronym and aliases, normalised (`blocked_keys`), stop every later import and
re-extraction from proposing it again, since all of them store proposals through `tagging.propose`.
Deleting a proposal in the admin rejects it, for the same reason.

Mentions: a proposal tags nothing until it is approved, so the article count of tags is 0. Instead its
mention count is the number of articles whose title, standfirst or body names it (its name or an
alias, in any letter case, or its acronym as written), counted in one pass over the archive and
stored (`refresh_mention_counts`); `articles_mentioning` lists the same articles, for the admin's
article filter, so the count and the list agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models, transaction
from django.db.models import Max, Q
from django.utils import timezone

from archive.curation import ensure_history_baseline
from archive.extraction.matcher import norm_key
from archive.extraction.proposals import strip_possessive
from archive.models import Article, ArticleOrganisation, Organisation
from archive.search import record_changes

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    User = AbstractBaseUser | None

_WORD = re.compile(r"[\w&]+(?:[.'-][\w&]+)*\.?")
_CHUNK = 2000


# --- Never proposed again ---------------------------------------------------------------------------


def name_key(name: str) -> str:
    """A name's normalised form: letter case, separators, a possessive and a leading "the" do not count."""
    key = norm_key(strip_possessive(name.strip()))
    return key.removeprefix("the ")


def acronym_key(acronym: str) -> str:
    """ "U.N.", "u n" and "UN" agree."""
    return re.sub(r"[\W_]+", "", acronym).upper()


def forms_of(org: Organisation) -> tuple[set[str], set[str]]:
    """(name keys, acronym keys) of an organisation: its name, acronym and aliases."""
    names = {name_key(n) for n in (org.name, *(org.aliases or [])) if n and n.strip()}
    acronyms = {acronym_key(org.acronym)} if org.acronym else set()
    # An alias that is written like an acronym ("AWB") blocks that acronym too.
    acronyms |= {acronym_key(a) for a in (org.aliases or []) if a and a.strip() and a.strip().isupper()}
    return {n for n in names if n}, {a for a in acronyms if a}


def blocked_keys() -> tuple[set[str], set[str]]:
    """Every organisation's name and acronym keys, rejected ones included: nothing known is proposed again."""
    names: set[str] = set()
    acronyms: set[str] = set()
    for org in Organisation.objects.only("name", "acronym", "aliases"):
        org_names, org_acronyms = forms_of(org)
        names |= org_names
        acronyms |= org_acronyms
    return names, acronyms


@dataclass
class RejectReport:
    rejected: int
    tags_rejected: int  # active tags the rejected organisations had (a file gave them): now rejected
    skipped: int  # approved (or already rejected) organisations in the selection: left as they were

    def summary(self) -> str:
        parts = [f"Rejected {self.rejected} proposed organisation(s); they will not be proposed again"]
        if self.tags_rejected:
            parts.append(f"{self.tags_rejected} tag(s) removed from articles")
        if self.skipped:
            parts.append(f"{self.skipped} not proposed, left as they were (merge or delete an approved one)")
        return "; ".join(parts) + "."


def reject_organisations(queryset: models.QuerySet, *, user: User = None) -> RejectReport:
    """Reject the proposed organisations among `queryset`: status "rejected", one history row each.

    A proposal tags nothing, but a JSON Lines file may have given one as a tag: such tags are rejected
    too (kept as rows, as `curation.delete_tags` does), and their articles re-indexed.
    """
    with transaction.atomic():
        # By id: the admin's queryset is annotated (GROUP BY), which PostgreSQL cannot lock FOR UPDATE.
        ids = list(queryset.values_list("pk", flat=True))
        selected = list(Organisation.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        orgs = [org for org in selected if org.status == Organisation.Status.PROPOSED]
        ensure_history_baseline(Organisation, [org.pk for org in orgs])
        for org in orgs:
            org.status = Organisation.Status.REJECTED
            org._history_user = user
            org.save()
        tags = list(ArticleOrganisation.objects.active().filter(organisation__in=orgs))
        ensure_history_baseline(ArticleOrganisation, [tag.pk for tag in tags])
        for tag in tags:
            tag.rejected = True
            tag._history_user = user
            tag.save()  # its signal records the article's index change
        record_changes(sorted({tag.article_id for tag in tags}))
    return RejectReport(rejected=len(orgs), tags_rejected=len(tags), skipped=len(selected) - len(orgs))


# --- Mentions -------------------------------------------------------------------------------------


def _named(flat: str, name: str) -> bool:
    """Whether `name` stands in `flat` as whole words (both folded, one space between words)."""
    start = flat.find(name)
    while start >= 0:
        end = start + len(name)
        before = flat[start - 1] if start else " "
        after = flat[end] if end < len(flat) else " "
        if not (before.isalnum() or before in "&_") and not (after.isalnum() or after in "&_"):
            return True
        start = flat.find(name, start + 1)
    return False


class MentionMatcher:
    """Which of some organisations an article's text names: a name or alias in any case, the acronym as written.

    A word index first (set intersections), then a substring search, in the text folded to one line,
    only for the names whose first word is there.
    """

    def __init__(self, orgs: Iterable[Organisation]) -> None:
        self.names: dict[str, list[tuple[int, str]]] = {}  # first word, folded -> (org, whole name folded)
        self.acronyms: dict[str, set[int]] = {}
        for org in orgs:
            for name in {n.strip() for n in (org.name, *(org.aliases or [])) if n and n.strip()}:
                if name.isupper() and " " not in name:
                    self.acronyms.setdefault(name.rstrip("."), set()).add(org.pk)  # an alias written like an acronym
                    continue
                words = _WORD.findall(name)
                if words:
                    first = strip_possessive(words[0]).rstrip(".").casefold()
                    self.names.setdefault(first, []).append((org.pk, " ".join(name.split()).casefold()))
            if org.acronym:
                self.acronyms.setdefault(org.acronym.rstrip("."), set()).add(org.pk)

    def found_in(self, text: str) -> set[int]:
        words = {strip_possessive(word).rstrip(".") for word in _WORD.findall(text)}  # "FDA's" is FDA
        found: set[int] = set()
        firsts = {word.casefold() for word in words} & self.names.keys()
        if firsts:
            flat = " ".join(text.split()).casefold()  # a name may be wrapped across lines
            for first in firsts:
                for pk, name in self.names[first]:
                    if pk not in found and _named(flat, name):
                        found.add(pk)
        if words & self.acronyms.keys():
            # An acronym counts only on lines with lower case: in a headline in capitals ("US SET TO CUT
            # CCC LOANS") every word looks like one, and Reuters' titles are all in capitals.
            cased = "\n".join(line for line in text.splitlines() if line != line.upper())
            for word in {strip_possessive(word).rstrip(".") for word in _WORD.findall(cased)} & self.acronyms.keys():
                found |= self.acronyms[word]
        return found


def _texts(articles: models.QuerySet) -> Iterator[tuple[int, str]]:
    rows = articles.order_by().values_list("pk", "title", "standfirst", "body")
    for pk, title, standfirst, body in rows.iterator(chunk_size=_CHUNK):
        yield pk, "\n\n".join([title, *(standfirst or []), body])


def articles_mentioning(org: Organisation) -> list[int]:
    """The ids of the articles whose text names the organisation (what its mention count counts).

    The database narrows the articles first to those containing a name's first word or the acronym
    (a superset: LIKE ignores word bounds, and on SQLite letter case), so one organisation's list is quick.
    """
    matcher = MentionMatcher([org])
    maybe = ~Q(standfirst=[])  # standfirst is JSON: read those in Python
    for word in [*matcher.names, *matcher.acronyms]:
        maybe |= Q(title__icontains=word) | Q(body__icontains=word)
    return [pk for pk, text in _texts(Article.objects.filter(maybe)) if matcher.found_in(text)]


def refresh_mention_counts(queryset: models.QuerySet | None = None) -> int:
    """Count the articles naming each organisation of `queryset` (default: proposed ones), in one pass.

    Stored with `update()`: a derived figure, not an editor's change, so no history row and no
    re-index. Returns how many organisations were counted.
    """
    if queryset is None:
        queryset = Organisation.objects.filter(status=Organisation.Status.PROPOSED)
    orgs = list(queryset)
    if not orgs:
        return 0
    now = timezone.now()
    matcher = MentionMatcher(orgs)
    counts = dict.fromkeys((org.pk for org in orgs), 0)
    for _, text in _texts(Article.objects.all()):
        for pk in matcher.found_in(text):
            counts[pk] += 1
    with transaction.atomic():
        for pk, count in counts.items():
            Organisation.objects.filter(pk=pk).update(mention_count=count, mentions_counted_at=now)
    return len(orgs)


def mention_counts_stale() -> bool:
    """Whether a proposal was never counted or an article changed (or came) since the oldest count.

    (A deleted article changes no timestamp: the admin's "Recount mentions" action catches that.)
    """
    proposed = Organisation.objects.filter(status=Organisation.Status.PROPOSED)
    if proposed.filter(Q(mention_count__isnull=True) | Q(mentions_counted_at__isnull=True)).exists():
        return True
    oldest = proposed.aggregate(oldest=models.Min("mentions_counted_at"))["oldest"]
    latest = Article.objects.aggregate(latest=Max("updated_at"))["latest"]
    return oldest is not None and latest is not None and latest > oldest
