"""Related articles: the articles nearest to one article by its own distinctive words and its entities.

The article's indexed text (the `text` field Whoosh stores) is analysed again with the field's own
analyzer (the index has no term vectors); each word is weighted by a saturated term frequency times
its idf in the index, and the strongest `TERMS` words that some other article also holds make the
query: an Or of those terms, each boosted by its weight, plus the article's countries and
organisations as small constant-score boosts. The query is scored with BM25F as any search is: on
the snapshot's arrays (`engine.evaluate`, the fast path) or, when that cannot run, by Whoosh's own
searcher (the same scores, the Whoosh path). Whoosh's `more_like` does the same with 5 words
chosen by the Bo1 model and no entities; the benchmark (archive/benchmark/related_bench.py) compares
the two on the Reuters topic labels.

Never the article itself, nor an article with the same text (the same checksum: the importer refuses
those, but an editor can make one), and one article per text among the results; only published
articles, as search shows.
"""

from __future__ import annotations

import logging
import math
import threading
import weakref
from collections import Counter

from whoosh import query as wq

from archive.search import faults
from archive.search.types import Hit

logger = logging.getLogger(__name__)

TEXT_FIELD = "text"
ENTITY_FIELDS = ("countries", "organisations")
TERMS = 30  # distinctive words in the query (more find better on Reuters, each costs a posting list)
ANALYSED_CHARS = 20_000  # words are chosen from the start of a long text (a long article stays cheap)
ENTITY_SHARE = 0.1  # an entity's boost, as a share of the strongest word's weight (a tie-breaker)
K1 = 5.0  # term-frequency saturation of the word weights (as BM25's k1; a word used often counts)
CANDIDATES = 2  # candidates fetched per article wanted, before published and duplicate checks


def _doc_id(article_id: int) -> str:
    return f"archive.article.{article_id}"


def _docnum(reader, article_id: int) -> int | None:
    """The article's live document number in a (multi-)reader, or None when it is not indexed."""
    from whoosh.reading import TermNotFound

    try:
        matcher = reader.postings("id", _doc_id(article_id).encode("utf-8"))
    except (TermNotFound, KeyError):
        return None
    for docnum in matcher.all_ids():
        if not reader.is_deleted(docnum):
            return docnum
    return None


# Document frequencies of words already looked up, per (immutable) segment: a lookup in Whoosh's term
# table costs tens of microseconds, and an article has a few hundred distinct words.
_frequencies: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_frequencies_lock = threading.Lock()
MAX_CACHED_WORDS = 500_000  # per segment (about 60 MB at most); then looked up again each time


def snapshot_doc_frequencies(snap):
    """A `doc_frequency(words) -> {word: df}` over a snapshot's segments, remembering each segment's answers."""

    def doc_frequency(words) -> dict[str, int]:
        found = dict.fromkeys(words, 0)
        for segment in snap.segments:
            with _frequencies_lock:
                cache = _frequencies.get(segment)
                if cache is None:
                    cache = _frequencies[segment] = {}
            for word in words:
                df = cache.get(word)
                if df is None:
                    df = segment.reader.doc_frequency(TEXT_FIELD, word)
                    if len(cache) < MAX_CACHED_WORDS:
                        cache[word] = df
                found[word] += df
        return found

    return doc_frequency


def key_terms(schema, doc_frequency, total: int, text: str, *, count: int | None = None) -> list[tuple[str, float]]:
    """The `count` most distinctive words of `text` with their weights, strongest first.

    tf saturated as BM25 does (tf·(k1+1)/(tf+k1)) times Whoosh's idf over `total` documents; a word no
    other document holds (document frequency below 2 when `text` is indexed) finds nothing and is left
    out. `doc_frequency(words)` gives {word: df}.
    """
    analyzer = schema[TEXT_FIELD].analyzer
    # bare numbers (years, amounts) match by coincidence
    frequencies = Counter(t.text for t in analyzer(text[:ANALYSED_CHARS]) if not t.text.isdigit())
    dfs = doc_frequency(list(frequencies))
    weighted = []
    for word, tf in frequencies.items():
        df = dfs[word]
        if df < 2:
            continue
        idf = math.log(total / (df + 1)) + 1.0
        weighted.append((tf * (K1 + 1) / (tf + K1) * idf, word))
    weighted.sort(key=lambda item: (-item[0], item[1]))
    return [(word, weight) for weight, word in weighted[: count or TERMS]]


def related_query(terms: list[tuple[str, float]], entities: dict[str, list[str]]) -> wq.Query | None:
    """The Or of the weighted words and the entity terms (None when there is nothing to look for)."""
    if not terms:
        return None
    strongest = terms[0][1]
    clauses: list[wq.Query] = [wq.Term(TEXT_FIELD, word, boost=weight / strongest) for word, weight in terms]
    for fieldname in ENTITY_FIELDS:
        clauses += [wq.Term(fieldname, value, boost=ENTITY_SHARE) for value in sorted(entities.get(fieldname, ()))]
    return wq.Or(clauses)


def _stored(reader, docnum: int) -> tuple[str, dict[str, list[str]]]:
    fields = reader.stored_fields(docnum)
    entities = {name: list(fields.get(name) or ()) for name in ENTITY_FIELDS}
    return str(fields.get(TEXT_FIELD) or ""), entities


def _fast_candidates(article_id: int, wanted: int) -> list[int] | None:
    """Candidate article ids from the snapshot's arrays, best first; None when the article is not indexed.

    The query's score summed term by term from the cached postings (BM25F as `term_scores` gives it,
    times the boost); the entities from the snapshot's (document, value) arrays, without reading postings.
    """
    import numpy as np

    from archive.search import snapshot

    snap = snapshot.current()
    if not snap.size or not all(segment.fast for segment in snap.segments):
        raise _CannotRunFast
    with snap.lock:  # Whoosh's reader and searcher keep state
        docnum = _docnum(snap.reader, article_id)
        if docnum is None:
            return None
        text, entities = _stored(snap.reader, docnum)
        terms = key_terms(snap.schema, snapshot_doc_frequencies(snap), snap.size, text)
    if not terms:
        return []
    scores = np.zeros(snap.size)
    strongest = terms[0][1]
    for segment, offset in zip(snap.segments, snap.offsets.tolist(), strict=True):
        for word, weight in terms:
            btext = word.encode("utf-8")
            found = snapshot.postings_cache.get(segment.key, segment.reader, TEXT_FIELD, btext)
            if found is None:
                continue
            values = snap.term_scores(segment, TEXT_FIELD, btext, found.docs, found.weights.astype(np.float64))
            scores[found.docs + offset] += values * (weight / strongest)
    for fieldname in ENTITY_FIELDS:
        for value in entities.get(fieldname, ()):
            mask = snap.cached_mask(
                ("values", fieldname, (value,)), lambda f=fieldname, v=value: snap.value_mask(f, (v,))
            )
            scores[mask] += ENTITY_SHARE
    scores[~snap.live] = 0.0
    scores[docnum] = 0.0
    group = int(snap.copy_group[docnum])
    if group:  # the article's own copies are versions of it, not related stories
        scores[snap.copy_group == group] = 0.0
    found_docs = np.flatnonzero(scores)
    if len(found_docs) > wanted:
        found_docs = found_docs[np.argpartition(-scores[found_docs], wanted - 1)[:wanted]]
    order = np.lexsort((found_docs, -scores[found_docs]))  # score descending, then doc number, as Whoosh ranks
    return [found for found in snap.article_ids(found_docs[order].tolist()) if found is not None]


class _CannotRunFast(Exception):
    """The snapshot's postings cannot be read in bulk (another codec): Whoosh's searcher answers."""


def _whoosh_candidates(article_id: int, wanted: int) -> list[int] | None:
    """The same candidates from Whoosh's own searcher (the Whoosh path)."""
    from archive.search import reader as live

    with live.searcher() as searcher:
        reader = searcher.reader()
        docnum = _docnum(reader, article_id)
        if docnum is None:
            return None
        text, entities = _stored(reader, docnum)

        def doc_frequency(words) -> dict[str, int]:
            return {word: reader.doc_frequency(TEXT_FIELD, word) for word in words}

        terms = key_terms(searcher.schema, doc_frequency, reader.doc_count_all(), text)
        query = related_query(terms, entities)
        if query is None:
            return []
        own: wq.Query = wq.Term("id", _doc_id(article_id))
        group = searcher.stored_fields(docnum).get("copy_group") or 0
        if group:  # its copies are versions of it, not related stories
            own = wq.Or([own, wq.NumericRange("copy_group", group, group)])
        results = searcher.search(query, limit=wanted, mask=own)
        return [int(hit["django_id"]) for hit in results if hit.get("django_id")]


def related_articles(article_id: int, limit: int = 5, *, engine: str = "fast") -> list[Hit]:
    """Up to `limit` published articles related to this one, best first, each with its Article loaded.

    An article that is not in the index (unpublished, or not indexed yet) has none. `engine="whoosh"`
    answers from Whoosh's own searcher; the fast path falls back to it by itself when it fails.
    `engine="portable"` (taken by itself on an engine other than Whoosh) asks the engine's own "more like
    this" through SearchQuerySet: its notion of related, not ours.
    Raises `IndexUnavailable` when the index cannot be read.
    """
    from archive.models import Article

    if limit <= 0:
        return []
    wanted = limit * CANDIDATES + 1
    candidates = None
    from archive.search import portable

    engine = portable.path_for(engine)
    try:
        if engine == "portable":
            candidates = portable.more_like_this(article_id, wanted)
        elif engine == "fast":
            try:
                candidates = _fast_candidates(article_id, wanted)
            except faults.READ_ERRORS:
                raise
            except _CannotRunFast:
                engine = "whoosh"
            except Exception:  # never fail what the slower path can answer
                logger.exception("Related articles: the fast path failed; answering from Whoosh's searcher.")
                engine = "whoosh"
        if engine == "whoosh":
            candidates = _whoosh_candidates(article_id, wanted)
    except faults.READ_ERRORS as error:
        raise faults.IndexUnavailable(faults.describe(error)) from error
    if not candidates:
        return []
    shown = ("title", "published", "precision", "checksum", "copy_group", "source__name", "source__slug")
    articles = Article.objects.published().select_related("source").only(*shown).in_bulk([article_id, *candidates])
    own = articles.get(article_id)
    if own is None:
        own = Article.objects.filter(pk=article_id).only("checksum", "copy_group").first()
    seen = {own.checksum if own is not None else None}
    # One article per story: the article's own copies are left out, and another story's copies are shown once.
    stories = {own.copy_group_id} if own is not None and own.copy_group_id else set()
    hits: list[Hit] = []
    for candidate in candidates:
        article = articles.get(candidate)
        if article is None or candidate == article_id or article.checksum in seen or article.copy_group_id in stories:
            continue
        seen.add(article.checksum)
        if article.copy_group_id:
            stories.add(article.copy_group_id)
        hits.append(Hit(candidate, None, [], article))
        if len(hits) == limit:
            break
    return hits
