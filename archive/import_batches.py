"""Writing prepared articles: one transaction per batch, bulk inserts for the new ones.

`importers` parses and extracts outside any transaction and hands batches here. New articles are
inserted in bulk, with their history rows (copied by the database), extracted and given tags and
their IndexChange rows; a known article whose raw text changed is updated through its save, so its
signals record history and the index change as an editor's save would.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.text import slugify

from archive import copies
from archive.attachment_store import store_attachments
from archive.extraction.types import Extraction, Gazetteer
from archive.gazetteers import current_gazetteer
from archive.ingest.types import ParsedArticle
from archive.models import Article, ArticleCountry, ArticleOrganisation, Source
from archive.search import record_changes
from archive.tagging import Targets, apply_extraction, new_article_tags, propose, set_given_tags

_POSITIONAL = re.compile(r"#\d+$")  # a record's ref by its place in its file (no id)
NEW, UPDATED, UNCHANGED, DUPLICATE, SKIPPED = "new", "updated", "unchanged", "duplicate", "skipped"
KEPT_EDITED = (
    "kept the editor's version, not the file's: an editor changed this article since it was imported (to take the "
    "file's, upload it with “Replace earlier uploads of the same name” ticked, or run import_articles --replace-edited)"
)


@dataclass
class ImportContext:
    """What an import looks up once for all its batches and files: the gazetteer, tag targets, sources seen so far."""

    gazetteer: Gazetteer = field(default_factory=current_gazetteer)
    targets: Targets = field(default_factory=Targets.load)
    sources: dict[str, Source] = field(default_factory=dict)
    # simple_history's post_save reads `instance.history` only for its model, and that descriptor
    # builds a new manager class on every instance access: one manager for the batch instead.
    history: object = field(default_factory=lambda: Article.history)
    feed: Callable[[], None] | None = None  # hands what was imported so far to the index (archive.search.streamed)
    # A stored article an editor changed is updated from a file only when asked (the upload's "Replace",
    # import_articles --replace-edited); otherwise it is kept and the record skipped, saying so.
    replace_edited: bool = False
    # A known article whose file is the same is compared with what the parsers read from it now, and updated when
    # that differs (import_articles --reparse: a parser improved since); otherwise it is unchanged unread.
    reparse: bool = False


@dataclass
class Prepared:
    """One parsed article made ready outside any transaction: its row's values and its extraction."""

    parsed: ParsedArticle
    fields: dict
    extraction: Extraction | None  # None when the file gave the tags itself
    warnings: list[str] = field(default_factory=list)  # for the report, if the article is stored

    @property
    def ref(self) -> str:
        return self.parsed.ref


@dataclass
class Outcome:
    name: str  # NEW, UPDATED, UNCHANGED or DUPLICATE
    detail: str = ""  # a duplicate's original ref
    warnings: list[str] = field(default_factory=list)


def _source(name: str, cache: dict[str, Source] | None = None) -> Source | None:
    name = name.strip()
    if not name:
        return None
    if cache is not None and name.lower() in cache:
        return cache[name.lower()]
    source = _find_or_create_source(name)
    if cache is not None:
        cache[name.lower()] = source
    return source


def _find_or_create_source(name: str) -> Source:
    source = Source.objects.filter(name__iexact=name).first()
    if source is None:  # a merged-away name lives on as an alias of the source kept
        lowered = name.lower()
        source = next(
            (s for s in Source.objects.exclude(aliases=[]) if lowered in {a.lower() for a in s.aliases}), None
        )
    if source is None:
        slug = slugify(name)[:200] or "source"
        if Source.objects.filter(slug=slug).exists():
            slug = f"{slug}-{Source.objects.count() + 1}"
        source = Source.objects.create(name=name, slug=slug)
    return source


def write_batch(batch: list[Prepared], context: ImportContext) -> list[Outcome]:
    """Store a batch in the caller's transaction; returns an outcome per article, in order.

    Keyed on import_ref (unique within a batch, see `_batches`): a known ref with the same raw text is
    unchanged, with another one updated; a new ref whose normalised text is already stored (or comes
    earlier in this batch) is a duplicate of the first article holding it. A known article an editor changed is
    skipped, unless the context says to replace editors' versions.
    """
    known = {
        ref: (pk, raw)
        for pk, ref, raw in Article.objects.filter(import_ref__in=[p.ref for p in batch]).values_list(
            "pk", "import_ref", "raw_text"
        )
    }
    same_text: dict[str, str] = {}
    for digest, ref in (
        Article.objects.filter(checksum__in={p.fields["checksum"] for p in batch})
        .order_by("pk")
        .values_list("checksum", "import_ref")
    ):
        same_text.setdefault(digest, ref)
    reread = _read_differently(batch, known, context) if context.reparse else set()
    stale = [
        known[p.ref][0]
        for p in batch
        if p.ref in known and (known[p.ref][1] != p.fields["raw_text"] or p.ref in reread)
    ]
    existing = {a.import_ref: a for a in Article.objects.filter(pk__in=stale)} if stale else {}
    outcomes: list[Outcome] = []
    created: list[tuple[Prepared, Article, Outcome]] = []
    for item in batch:
        checksum_ = item.fields["checksum"]
        if item.ref in known and known[item.ref][1] == item.fields["raw_text"] and item.ref not in reread:
            outcomes.append(Outcome(UNCHANGED))
            continue
        if item.ref not in known and checksum_ in same_text:
            outcomes.append(Outcome(DUPLICATE, same_text[checksum_]))
            continue
        if item.ref in known and not context.replace_edited and _edited(existing[item.ref]):
            outcomes.append(Outcome(SKIPPED, warnings=[KEPT_EDITED]))  # a file's record, under another name too
            continue
        same_text.setdefault(checksum_, item.ref)
        outcome = Outcome(NEW if item.ref not in known else UPDATED, warnings=list(item.warnings))
        outcomes.append(outcome)
        source = _source(item.parsed.source, context.sources)
        if outcome.name == NEW:
            created.append((item, Article(import_ref=item.ref, source=source, **item.fields), outcome))
            continue
        article = existing[item.ref]
        outcome.warnings += _replacing(article, item)
        for name, value in item.fields.items():
            setattr(article, name, value)
        article.source = source
        article.history = context.history
        article._change_reason = IMPORTED  # an upload's version, not an editor's change (`_replacing`)
        # Its signals write its history row and its IndexChange row, and compare a changed body again (copies.refresh)
        article.save()
        if item.extraction is not None:
            apply_extraction(article, item.extraction, targets=context.targets, record=False)
        _given_tags(article, item, outcome)
        outcome.warnings += store_attachments(article.pk, item.parsed.attachments, new=False)
    if created:
        # bulk_create sends no save signals: history rows, tags and IndexChange rows are written here.
        articles = Article.objects.bulk_create([article for _, article, _ in created])
        # Copy groups before the history rows, so each new article's first version names its group.
        regrouped = copies.detect(articles, new=True) if copies.enabled() else []
        _history_created(articles)
        countries: list[ArticleCountry] = []
        organisations: list[ArticleOrganisation] = []
        for (item, _, _), article in zip(created, articles, strict=True):
            if item.extraction is not None:
                new_countries, new_organisations = new_article_tags(article.pk, item.extraction, context.targets)
                countries += new_countries
                organisations += new_organisations
        ArticleCountry.objects.bulk_create(countries)
        ArticleOrganisation.objects.bulk_create(organisations)
        for (item, _, outcome), article in zip(created, articles, strict=True):
            _given_tags(article, item, outcome)
            if item.parsed.attachments:
                outcome.warnings += store_attachments(article.pk, item.parsed.attachments, new=True)
        record_changes([article.pk for article in articles] + regrouped)
        propose(item.extraction for item, _, _ in created if item.extraction is not None)
    return outcomes


def _read_differently(batch: list[Prepared], known: dict[str, tuple[int, str]], context: ImportContext) -> set[str]:
    """The refs of the batch whose stored article was read from the same raw text but whose fields (title, body,
    date, author, dateline, source …) come out differently from the parsers now."""
    same = [p for p in batch if p.ref in known and known[p.ref][1] == p.fields["raw_text"]]
    if not same:
        return set()
    names = [name for name in same[0].fields if name != "raw_text"]
    stored = {
        row["import_ref"]: row
        for row in Article.objects.filter(import_ref__in=[p.ref for p in same]).values("import_ref", "source", *names)
    }
    differ = set()
    for item in same:
        row = stored[item.ref]
        source = _source(item.parsed.source, context.sources)
        if row["source"] != (source.pk if source else None) or any(row[n] != item.fields[n] for n in names):
            differ.add(item.ref)
    return differ


def _history_created(articles: list[Article]) -> None:
    """The "+" history rows of just-inserted articles, copied by the database from the rows themselves.

    What simple_history's post_save or bulk_history_create writes (same columns, date, user: the
    request's during an admin upload), without Django preparing every value again in Python (about
    half of a batch's insert time).
    """
    if not articles or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    model = Article.history.model
    qn = connection.ops.quote_name
    tracked = ", ".join(qn(f.column) for f in model.tracked_fields)
    extra = ", ".join(
        qn(model._meta.get_field(name).column)
        for name in ("history_date", "history_change_reason", "history_type", "history_user")
    )
    user = model.get_default_history_user(articles[0])
    ids = [article.pk for article in articles]
    placeholders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(  # identifiers from the models' metadata only; every value is a parameter
            f"INSERT INTO {qn(model._meta.db_table)} ({tracked}, {extra}) SELECT {tracked}, %s, %s, %s, %s "  # noqa: S608
            f"FROM {qn(Article._meta.db_table)} WHERE {qn(Article._meta.pk.column)} IN ({placeholders})",
            [connection.ops.adapt_datetimefield_value(timezone.now()), IMPORTED, "+", getattr(user, "pk", None), *ids],
        )


def _given_tags(article: Article, item: Prepared, outcome: Outcome) -> None:
    """Tags the file gave (JSON Lines exports); values the archive does not know are not stored but reported."""
    parsed = item.parsed
    unknown = set_given_tags(article, countries=parsed.countries, organisations=parsed.organisations, record=False)
    if unknown:
        outcome.warnings.append(f"unknown tags not stored: {', '.join(sorted(unknown))}")


IMPORTED = "Imported from a file"  # the history reason of the versions an import writes


def _replacing(article: Article, item: Prepared) -> list[str]:
    """What an editor should know before a file's record replaces a stored article: that it was matched by its
    place in the file alone and is another story now (records reordered swapped stories), and that an editor's
    changes to it are replaced (its history keeps them)."""
    said = []
    title = item.fields.get("title", article.title)
    reordered = _POSITIONAL.search(item.ref) and article.raw_text != item.fields["raw_text"]  # not a file read again
    if reordered and title.strip().casefold() != article.title.strip().casefold():
        said.append(
            f"matched by its place in the file (it has no id): “{article.title[:60]}” is now “{title[:60]}”; give "
            "each record an id to match records whatever their order"
        )
    if _edited(article):
        said.append(
            "an editor had changed this article since it was imported: the file's version replaces theirs "
            "(its history keeps them)"
        )
    return said


def _edited(article: Article) -> bool:
    """Whether an editor changed the article since it was imported: a version saved by someone that no import made
    (an upload's versions carry its uploader; its first version, from before the reason was written, is its "+")."""
    edits = Article.history.filter(id=article.pk, history_user__isnull=False).exclude(history_type="+")
    return edits.exclude(history_change_reason=IMPORTED).exists()
