"""Detection against the database: fingerprints and LSH buckets stored, candidates found, groups made.

Every process sees the same buckets because they are rows (CopyBucket, indexed on band and bucket),
not an in-memory index. A batch of articles costs a handful of queries whatever its size: one for
the candidates (an OR of one `band = b AND bucket IN (...)` per band, each served by the index), one
for their signatures, the inserts, and one UPDATE per group that changed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

import numpy as np
from django.db import connection, transaction
from django.db.models import Count, F, Q

from archive.copies import signatures
from archive.models import Article, CopyBucket, CopyFingerprint, CopyGroup, id_chunks
from archive.search import record_changes


class _Components:
    """Union-find over article ids."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self, among: set[int]) -> list[list[int]]:
        """Components holding one of `among` and something else (group nodes, negative, left out)."""
        members: dict[int, list[int]] = defaultdict(list)
        for x in self.parent:
            if not (isinstance(x, int) and x < 0):
                members[self.find(x)].append(x)
        return [sorted(m) for m in members.values() if len(m) > 1 and among.intersection(m)]


def _candidates(keys: set[tuple[int, int]]) -> dict[tuple[int, int], list[int]]:
    """Stored articles per (band, bucket) among `keys`: one indexed query.

    Plain SQL: Django building a Q of sixteen terms cost more than the query (a lookup's budget is 5 ms).
    """
    by_band: dict[int, list[int]] = defaultdict(list)
    for band, bucket in keys:
        by_band[band].append(bucket)
    found: dict[tuple[int, int], list[int]] = defaultdict(list)
    if not by_band:
        return found
    qn = connection.ops.quote_name
    terms, params = [], []
    for band, values in sorted(by_band.items()):
        terms.append(f"({qn('band')} = %s AND {qn('bucket')} IN ({', '.join(['%s'] * len(values))}))")
        params += [band, *values]
    sql = (  # identifiers from the model's metadata only; every value is a parameter
        f"SELECT {qn('band')}, {qn('bucket')}, {qn('article_id')} FROM {qn(CopyBucket._meta.db_table)} "  # noqa: S608
        f"WHERE {' OR '.join(terms)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for band, bucket, article_id in cursor.fetchall():
            found[(band, bucket)].append(article_id)
    return found


def _insert_buckets(rows: list[tuple[int, int, int]]) -> None:
    """Many rows through executemany: bulk_create prepares each value in Python, which costs more here."""
    if not rows:
        return
    qn = connection.ops.quote_name
    table = qn(CopyBucket._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({qn('band')}, {qn('bucket')}, {qn('article_id')}) VALUES (%s, %s, %s)",  # noqa: S608
            rows,
        )


def detect(articles: Sequence[Article], *, new: bool = False) -> list[int]:
    """Fingerprint these articles and group them with their stored copies (and with each other).

    Called inside the caller's transaction (an import batch, a backfill chunk); `new` says the articles
    were just inserted. Articles already
    fingerprinted are fingerprinted again (their body may have changed; an editor's split is kept).
    Returns the ids of articles whose group changed, for the index (the caller records them).
    """
    articles = [a for a in articles if a.pk is not None]
    if not articles:
        return []
    ids = [a.pk for a in articles]
    detached: set[int] = set()
    if not new:  # just inserted (`new`): nothing stored yet, three queries saved per import batch
        detached.update(
            CopyFingerprint.objects.filter(article_id__in=ids, detached=True).values_list("article_id", flat=True)
        )
        CopyFingerprint.objects.filter(article_id__in=ids).delete()
        CopyBucket.objects.filter(article_id__in=ids).delete()

    own: dict[int, np.ndarray] = {}
    keys_of: dict[int, list[tuple[int, int]]] = {}
    for article in articles:
        own[article.pk], groupable = signatures.fingerprint(article.body)
        # A body too short to tell a copy from a form letter gets no buckets: it never meets a candidate.
        keys_of[article.pk] = signatures.buckets(own[article.pk]) if groupable else []
    stored = _candidates({key for keys in keys_of.values() for key in keys})

    # Candidates: stored articles sharing a bucket, and earlier articles of this batch sharing one.
    pairs: set[tuple[int, int]] = set()
    seen_here: dict[tuple[int, int], list[int]] = defaultdict(list)
    for pk, keys in keys_of.items():
        for key in keys:
            pairs.update((pk, other) for other in stored.get(key, ()) if other != pk)
            pairs.update((pk, other) for other in seen_here[key])
            seen_here[key].append(pk)
    others = {other for _, other in pairs if other not in own}
    theirs: dict[int, np.ndarray] = {}
    components = _Components()
    for article_id, data, is_detached, group in CopyFingerprint.objects.filter(article_id__in=others).values_list(
        "article_id", "signature", "detached", "article__copy_group_id"
    ):
        if is_detached:
            detached.add(article_id)
        theirs[article_id] = signatures.from_bytes(data)
        if group is not None and not is_detached:
            components.union(-group, article_id)  # a group's members are one component already
    theirs.update(own)

    similar = [
        (a, b)
        for a, b in sorted(pairs)
        if a not in detached
        and b not in detached
        and a in theirs
        and b in theirs
        and signatures.similarity(theirs[a], theirs[b]) >= signatures.THRESHOLD
    ]
    # The similar pairs are checked on their bodies: same words leading to other figures is a recurring report.
    # A pair already joined through its groups needs no check (copies of a story in ten replicas: one check).
    bodies = {a.pk: a.body for a in articles}
    missing = {pk for pair in similar for pk in pair if pk not in bodies}
    bodies.update(Article.objects.filter(pk__in=missing).values_list("pk", "body") if missing else [])
    figures: dict[int, dict] = {}
    for a, b in similar:
        if components.find(a) == components.find(b):
            continue
        fa = figures[a] if a in figures else figures.setdefault(a, signatures.figures(bodies[a]))
        fb = figures[b] if b in figures else figures.setdefault(b, signatures.figures(bodies[b]))
        if not signatures.clash(fa, fb):
            components.union(a, b)

    CopyFingerprint.objects.bulk_create(
        [
            CopyFingerprint(
                article_id=a.pk,
                signature=signatures.to_bytes(own[a.pk]),
                checksum=a.checksum,
                detached=a.pk in detached,
            )
            for a in articles
        ]
    )
    _insert_buckets([(band, bucket, pk) for pk, keys in keys_of.items() for band, bucket in keys])
    changed = _apply(components.groups(set(ids)))
    groups = dict(Article.objects.filter(pk__in=ids).values_list("pk", "copy_group_id"))
    for article in articles:
        article.copy_group_id = groups.get(article.pk)
    return changed


def _apply(components: Iterable[list[int]]) -> list[int]:
    """Each component becomes one group: its members' groups are merged into the oldest, or a new one is made.

    A few queries for the whole batch, whatever its number of components: one query per component
    cost 2 ms each at a million articles, most of an import batch of syndicated copies.
    """
    components = [members for members in components if members]
    if not components:
        return []
    current: dict[int, int | None] = {}
    for chunk in id_chunks([pk for members in components for pk in members]):
        current.update(Article.objects.filter(pk__in=chunk).values_list("pk", "copy_group_id"))
    existing = [sorted({current[pk] for pk in members if current.get(pk) is not None}) for members in components]
    created = iter(CopyGroup.objects.bulk_create([CopyGroup() for groups in existing if not groups]))
    target_of: dict[int, int] = {}  # article -> its new group
    merged_into: dict[int, int] = {}  # merged group -> the group it joins
    for members, groups in zip(components, existing, strict=True):
        target = groups[0] if groups else next(created).pk
        merged_into.update((group, target) for group in groups[1:])
        target_of.update((pk, target) for pk in members if pk in current and current[pk] != target)
    for chunk in id_chunks(list(merged_into)):
        for pk, group in Article.objects.filter(copy_group_id__in=chunk).values_list("pk", "copy_group_id"):
            target_of.setdefault(pk, merged_into[group])
    if target_of:
        qn = connection.ops.quote_name
        with connection.cursor() as cursor:  # one statement, many rows: an UPDATE per group cost a round trip each
            cursor.executemany(
                f"UPDATE {qn(Article._meta.db_table)} SET {qn('copy_group_id')} = %s WHERE {qn('id')} = %s",  # noqa: S608
                [(target, pk) for pk, target in target_of.items()],
            )
    for chunk in id_chunks(list(merged_into)):
        CopyGroup.objects.filter(pk__in=chunk).delete()
    return sorted(target_of)


def dissolve_singletons(group_ids: Iterable[int] | None = None) -> list[int]:
    """Groups left with one article (after a split or a deletion) are removed: NULL means no known copy."""
    groups = CopyGroup.objects.annotate(n=Count("articles")).filter(n__lt=2)
    if group_ids is not None:
        groups = groups.filter(pk__in=list(group_ids))
    lonely = list(groups.values_list("pk", flat=True))
    if not lonely:
        return []
    alone = list(Article.objects.filter(copy_group_id__in=lonely).values_list("pk", flat=True))
    Article.objects.filter(pk__in=alone).update(copy_group=None)
    CopyGroup.objects.filter(pk__in=lonely).delete()
    return alone


def lookup(body: str) -> int | None:
    """The group a new article with this body would join (read only): what `detect` finds for it.

    None when nothing matches, or only articles without a group yet. `evaluate_copies` times this: a
    new article's group found at 100,000 articles. One query finds the candidates with their signatures and
    groups; then one body per group, most similar first, until its figures agree (usually the first).
    """
    values, groupable = signatures.fingerprint(body)
    if not groupable:
        return None
    found = _candidate_signatures(signatures.buckets(values))
    if not found:
        return None
    matrix = np.frombuffer(b"".join(bytes(row[1]) for row in found), dtype="<u8").reshape(len(found), -1)
    agree = np.count_nonzero(matrix == values, axis=1)
    members: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for (article_id, _, is_detached, group), same in zip(found, agree.tolist(), strict=True):
        if group is not None and not is_detached and same / len(values) >= signatures.THRESHOLD:
            members[group].append((-same, article_id))
    if not members:
        return None
    mine = signatures.figures(body)
    for group in sorted(members):  # the lowest group that agrees: the one `detect` merges into
        for _, article_id in sorted(members[group]):
            if not signatures.clash(mine, signatures.figures(_body(article_id))):
                return group
    return None


def _candidate_signatures(keys: list[tuple[int, int]]) -> list[tuple[int, bytes, bool, int | None]]:
    """(article, signature, detached, group) of the stored articles sharing one of these (band, bucket)s.

    One round trip for what took three (buckets, signatures, groups); plain SQL, as `_candidates`.
    """
    qn = connection.ops.quote_name
    fingerprints, articles = qn(CopyFingerprint._meta.db_table), qn(Article._meta.db_table)
    terms = " OR ".join([f"({qn('band')} = %s AND {qn('bucket')} = %s)"] * len(keys))
    sql = (  # identifiers from the models' metadata only; every value is a parameter
        f"SELECT f.{qn('article_id')}, f.{qn('signature')}, f.{qn('detached')}, a.{qn('copy_group_id')} "  # noqa: S608
        f"FROM {fingerprints} f JOIN {articles} a ON a.{qn('id')} = f.{qn('article_id')} "
        f"WHERE f.{qn('article_id')} IN (SELECT {qn('article_id')} FROM {qn(CopyBucket._meta.db_table)} WHERE {terms})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for key in keys for value in key])
        return [(pk, data, bool(detached), group) for pk, data, detached, group in cursor.fetchall()]


def _body(article_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {connection.ops.quote_name('body')} FROM {connection.ops.quote_name(Article._meta.db_table)} "  # noqa: S608
            f"WHERE {connection.ops.quote_name('id')} = %s",
            [article_id],
        )
        row = cursor.fetchone()
    return row[0] if row else ""


def stale() -> list[int]:
    """Articles with no fingerprint, or one made from an older body (re-imported with detection off)."""
    return list(
        Article.objects.filter(Q(copy_fingerprint__isnull=True) | ~Q(copy_fingerprint__checksum=F("checksum")))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def backfill(*, chunk: int = 500, reindex: bool = True, progress: Callable[[int, int], object] | None = None) -> dict:
    """Fingerprint and group what `stale` finds, oldest first, `chunk` articles per transaction.

    Idempotent: a second run finds nothing to do. Editors' splits are kept (`detect`); an article whose body
    changed since it was fingerprinted is compared again and may leave its group (`refresh`). Groups left with
    one article (its copies deleted) are dissolved. Returns counts for the command's report.
    """
    todo = stale()
    changed: list[int] = []
    for start in range(0, len(todo), chunk):
        with transaction.atomic():
            articles = list(Article.objects.filter(pk__in=todo[start : start + chunk]).only("pk", "body", "checksum"))
            known = set(
                CopyFingerprint.objects.filter(article_id__in=[a.pk for a in articles]).values_list("pk", flat=True)
            )
            moved = detect([a for a in articles if a.pk not in known])
            if reindex:
                record_changes(moved)
            # A body changed since it was fingerprinted (edited with detection off) may have to leave its group.
            from archive.copies.editing import refresh  # editing builds on this module

            moved += refresh([a for a in articles if a.pk in known], reindex=reindex)
            changed += moved
        if progress is not None:
            progress(min(start + chunk, len(todo)), len(todo))
    with transaction.atomic():
        alone = dissolve_singletons()
        if reindex:
            record_changes(alone)
    return {
        "fingerprinted": len(todo),
        "regrouped": len(set(changed) | set(alone)),
        "groups": CopyGroup.objects.count(),
        "grouped_articles": Article.objects.filter(copy_group__isnull=False).count(),
    }
