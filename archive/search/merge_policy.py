"""Which segments a commit merges: an edit's commit merges only tiny segments; an import merges in tiers.

Whoosh's default policy (`MERGE_SMALL`) lets any commit merge the smallest segments, up to a point set
by the Fibonacci numbers, through its posting pool, one posting at a time. An import writes segments of
`JOB_SIZE` documents and merges none of them; from about eighteen such segments on, the next editor's save
merged some 15,000 documents in the request: 41 s of CPU on the 100,000-article benchmark archive after
two imports (2026-12-04), longer than a gunicorn worker is allowed to take. So:

* an edit's commit (`merge_small`, the writers of `whoosh_writers.batch`) applies Whoosh's rule to segments
  of fewer than `SMALL_DOCS` documents only, at most `SMALL_MERGE_DOCS` documents at a time: what edits
  write, a fraction of a second to merge (a small import's batches of up to 500 wait for an import's tiers);
* once an import's articles are searchable (`writer.merge_tiers`, called by `import_paths`), a commit of its
  own (`segment_jobs.merge_by_tiers`, `tier_groups`) merges every `TIER_FANOUT` segments of one tier (the
  same power of ten of documents: the import's job segments and earlier ones) into one, again while a tier
  fills up, into segments of at most `TIER_MAX_DOCS`, by copying their posting blocks in a process:
  the number of segments grows with the logarithm of the imports, as in Lucene's tiered merging. A segment
  with deletions (articles edited or regrouped since) is copied whole, its deleted documents still marked
  deleted in the merged segment: left out of the tiers, every such segment stayed for good, and an import
  re-indexes earlier articles into their copy groups, so each import's segments soon had some. Its deleted
  documents go with the next rebuild (`build_index`), or with the whole segment when
* a segment is mostly deleted (`expunge_candidates`: at least EXPUNGE_DELETED_FRACTION deleted, at most
  EXPUNGE_MAX_LIVE documents live): the same commit indexes its live articles again from the database and
  drops it, emptied. Every search visits every segment, deleted documents included: an import deleted again
  (copy detection had re-indexed 7,000 earlier articles into its segments) left one of 17,000 documents of
  which 6 were live, a third of the documents at 20,000 articles (2026-12-06). Whoosh's own way, its pool,
  reads every posting of the segment: 45 s of CPU for those 6 documents.

All of them drop segments whose every document is deleted (`without_empty`), and so does a bulk
session's commit (`drop_empty`), which merges nothing.
"""

from __future__ import annotations

import math

SMALL_DOCS = 100  # an edit's commit merges segments smaller than this (edits write a few documents each)
SMALL_MERGE_DOCS = 1000  # and at most this many documents in one commit
TIER_FANOUT = 10  # this many segments of one tier make one segment of the next
TIER_MAX_DOCS = 100_000  # segments are merged into one of at most about this many documents
EXPUNGE_DELETED_FRACTION = 0.5  # a segment at least this deleted has its live articles indexed again
EXPUNGE_MAX_LIVE = 5000  # if it has at most this many (seconds); a larger one waits for `build_index`


def merge_small(writer, segments: list) -> list:
    """A Whoosh merge policy (`writer.mergetype`): the segments `small_merge` chooses go into the writer's
    pool; the others stay."""
    from whoosh.reading import SegmentReader

    segments = without_empty(segments)
    chosen = small_merge(segments)
    for segment in chosen:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    merged = {id(segment) for segment in chosen}
    return [segment for segment in segments if id(segment) not in merged]


def small_merge(segments: list) -> list:
    """`MERGE_SMALL`'s choice (the smallest segments, up to the first merge point its Fibonacci rule
    finds) among the segments of fewer than SMALL_DOCS documents, none when it would pass SMALL_MERGE_DOCS."""
    from whoosh.util import fib

    small = sorted((s for s in segments if s.doc_count_all() < SMALL_DOCS), key=lambda s: s.doc_count_all())
    total = 0
    for number, segment in enumerate(small):
        total += segment.doc_count_all()
        if total > SMALL_MERGE_DOCS:
            return []
        if number > 3 and total < fib(number + 5):  # MERGE_SMALL's merge point: these are small together
            return small[: number + 1]
    return []


def without_empty(segments: list) -> list:
    """`segments` without those whose every document is deleted (an import deleted again, say): dropping them
    from the table of contents costs nothing, and every search would visit them."""
    return [segment for segment in segments if segment.doc_count() > 0]


def drop_empty(writer, segments: list) -> list:
    """A Whoosh merge policy for a bulk session's commit: nothing merged, the empty segments dropped (a bulk
    deletion empties whole segments, which every search would otherwise still visit)."""
    return without_empty(segments)


def expunge_candidates(segments: list) -> list:
    """The segments whose live articles are worth indexing again, to drop them: at least
    EXPUNGE_DELETED_FRACTION deleted, 1 to EXPUNGE_MAX_LIVE documents live (an empty one is dropped as it is)."""
    return [
        segment
        for segment in segments
        if 0 < segment.doc_count() <= EXPUNGE_MAX_LIVE
        and segment.deleted_count() >= EXPUNGE_DELETED_FRACTION * segment.doc_count_all()
    ]


def tier(documents: int) -> int:
    """The power of ten of a segment's document count (1,000–9,999 documents: tier 3)."""
    return int(math.log10(documents)) if documents > 0 else 0


def tier_groups(segments: list) -> list[list]:
    """Groups of segments to merge, each into one: TIER_FANOUT or more segments of one tier (by all their
    documents, deleted ones included: they are copied too), as many of them (fewest first) as fit in
    TIER_MAX_DOCS."""
    by_tier: dict[int, list] = {}
    for segment in segments:
        by_tier.setdefault(tier(segment.doc_count_all()), []).append(segment)
    groups = []
    for _, members in sorted(by_tier.items()):
        members.sort(key=lambda s: s.doc_count_all())
        group, total = [], 0
        for segment in members:
            if total + segment.doc_count_all() > TIER_MAX_DOCS:
                break
            group.append(segment)
            total += segment.doc_count_all()
        if len(group) >= TIER_FANOUT:
            groups.append(group)
    return groups
