"""“Did you mean”: likely corrections only, weighed by edit distance and by how often a word occurs."""

import numpy as np
import pytest

from archive.search import SearchParams, search, spelling
from archive.search.spelling import Vocabulary, correct_query, correct_word

# A Reuters-like vocabulary: word -> articles it occurs in (of 10,000).
COUNTS = {
    "reuters": 9841,
    "reagan": 265,
    "earn": 43,
    "oil": 733,
    "oli": 0,
    "opec": 80,
    "price": 942,
    "prices": 805,
    "mln": 4454,
    "two": 1972,
    "bar": 24,
    "dizzy": 1,
    "yeutter": 39,
    "open": 304,
    "said": 7955,
    "aside": 48,
}


@pytest.fixture
def vocabulary():
    words = sorted(w for w, n in COUNTS.items() if n)
    return Vocabulary(np.array(words), np.array([COUNTS[w] for w in words], dtype=np.int64), 10_000)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Reagn", "Reagan"),  # one edit from a common name beats two edits from "earn"
        ("opec oli prics", "opec oil prices"),  # a transposition is one edit; a typed word missing a letter
        ("xyzzy", "xyzzy"),  # "dizzy" is two edits away and in one article: not likely
        ("foo:bar", "foo:bar"),  # a field name is never corrected: no "two bar"
        ("oli AND opec OR NOT oil", "oil AND opec OR NOT oil"),  # operators untouched
        ("Yeuter", "Yeutter"),  # the source name in every article does not outrank a one-edit neighbour
        ("OLI", "OIL"),  # the case typed is kept
        ("country:oli org:oli source:oli", "country:oli org:oli source:oli"),  # exact values are not words
        ('title:oli "oli prics"', 'title:oil "oil prices"'),
        ('author:Yeuter author:"Reagn oli"', 'author:Yeutter author:"Reagan oil"'),  # a byline's words are words
        ("oli* oli", "oli* oil"),  # a prefix is not corrected
        ("the teh", "the teh"),  # stop words and unknown three-letter words with no neighbour stay
        ("oil prices", "oil prices"),  # known words stay
        ("öli", "oil"),  # read as the index reads words, its accents folded: one edit, not two
    ],
)
def test_corrections(vocabulary, typed, expected):
    assert correct_query(typed, vocabulary) == expected


def test_a_known_word_gives_way_only_to_a_far_more_common_one_edit_neighbour(vocabulary):
    """GIVEN "opec" (80 articles) one edit from "open" (304) THEN it is kept: 304 × 0.01 < 80."""
    assert correct_word(vocabulary, "opec") is None
    rare = Vocabulary(np.array(["oil", "oli"]), np.array([733, 1]), 10_000)
    assert correct_word(rare, "oli") == "oil"  # 733 × 0.01 > 1


def test_a_word_spelt_as_heard_finds_the_word_over_a_commoner_neighbour():
    """GIVEN "opek", one substitution from "OPEC" (31 articles) and from "oper" (72: earnings reports' "oper shr"),
    and "kofee", two edits from "coffee" WHEN corrected THEN the sound-alike spellings win: OPEC, coffee; a
    known word still gives way only to a far more common one-edit neighbour, sound-alike or not."""
    counts = {"oper": 72, "opec": 31, "coffee": 38, "cofe": 0, "de": 59, "due": 279, "sent": 900, "cent": 9}
    words = sorted(w for w, n in counts.items() if n)
    reuters = Vocabulary(np.array(words), np.array([counts[w] for w in words], dtype=np.int64), 2728)
    assert correct_query("opek kofee", reuters) == "opec coffee"
    assert correct_word(reuters, "dee") == "due"  # "de" sounds alike once doubled letters are one, but is rarer
    assert correct_word(reuters, "cent") is None
    assert spelling.sound_key("philippines") == spelling.sound_key("filipines") == "filipines"
    assert spelling.sound_key("city") == spelling.sound_key("sity") != spelling.sound_key("kity")


def test_a_transposition_counts_one_edit():
    """GIVEN "asid" WHEN measured against "said" (Levenshtein: 2) and "oli" against "oil" THEN 1 each."""
    assert spelling.osa_distances(np.array(["said", "aside", "dais"]), "asid", 2).tolist() == [1, 1, 3]
    assert spelling.osa_distances(np.array(["oil"]), "oli", 2).tolist() == [1]


def test_letter_histogram_bound_never_hides_a_candidate():
    """GIVEN random words WHEN filtered by the histogram bound THEN every word within 2 edits survives."""
    rng = np.random.default_rng(4)
    words = np.array(sorted({"".join(rng.choice(list("abcé"), rng.integers(1, 7))) for _ in range(2000)}))
    histograms = spelling._histograms(words)
    for text in ("abc", "cab", "ééa", "abcabc"):
        own = spelling._histograms(np.array([text]))[0]
        kept = np.abs(histograms - own).sum(axis=1) <= 4
        assert kept[spelling.osa_distances(words, text, 2) <= 2].all(), text


def test_service_suggests_on_the_seeds_in_both_paths(archive):
    """GIVEN the seeds WHEN a misspelled, an unknown and a field query are searched, fast and Whoosh
    THEN the misspelling gets its word, the others nothing, and both paths agree."""
    from archive.search import RESOLVERS

    for q, wanted in (("Lavrof", "Lavrov"), ("xyzzy", ""), ("foo:bar", ""), ("Lavrov", "")):
        fast = search(SearchParams(q=q), resolvers=RESOLVERS)
        slow = search(SearchParams(q=q), resolvers=RESOLVERS, engine="whoosh")
        assert (fast.engine, slow.engine) == ("fast", "whoosh")
        assert fast.suggestion == slow.suggestion == wanted, q


@pytest.mark.parametrize(("typed", "wanted"), [("Lavrof", "Lavrov"), ("foo:bar", None), ("xyzzy", None)])
def test_page_and_api_offer_the_same_suggestion(client, archive, typed, wanted):
    """GIVEN the seeds WHEN searched on the page and the API THEN "Did you mean" only for the misspelling
    (`foo:bar` never becomes "two bar": field names are not corrected)."""
    page = client.get("/", {"q": typed}).content.decode()
    data = client.get("/api/search/", {"q": typed}).json()
    assert data.get("suggestion") == wanted
    assert ("Did you mean" in page) == bool(wanted)
    if wanted:
        assert wanted in page


def _part(rng, pool: list[str], size: int) -> tuple[np.ndarray, np.ndarray]:
    """One segment's vocabulary: sorted distinct words and their article counts."""
    words = sorted(set(rng.choice(pool, size)))
    return np.array(words, dtype=str), rng.integers(1, 50, len(words))


@pytest.mark.parametrize("seed", range(5))
def test_a_vocabulary_extended_by_new_segments_equals_one_merged_from_all(seed):
    rng = np.random.default_rng(seed)
    pool = [f"w{'x' * (i % 7)}{i}" for i in range(300)]  # words of several lengths
    # GIVEN the merged vocabulary of a generation's segments, its letter histograms made (a search asked)
    before = [_part(rng, pool[:200], 80) for _ in range(3)]
    kept = Vocabulary.merged(before, 500)
    kept.letters  # noqa: B018 (made once, then kept)
    # WHEN a later generation adds segments with known words, new ones and a longer one than any before
    added = [_part(rng, pool, 30), _part(rng, pool[150:], 20), (np.array(["zz" + "y" * 40]), np.array([3]))]
    extended = kept.extended(added, 520)
    # THEN it is the vocabulary merged from all the segments: words, counts, articles and letter histograms
    merged = Vocabulary.merged(before + added, 520)
    assert extended.words.tolist() == merged.words.tolist() and extended.counts.tolist() == merged.counts.tolist()
    assert extended.articles == 520 and np.array_equal(extended.letters, merged.letters)
    # AND a generation that adds no new word keeps the words and what was derived from them
    same = kept.extended([(kept.words[:5], np.ones(5, dtype=np.int64))], 530)
    assert same.words is kept.words and same.letters is kept.letters and same.articles == 530
    assert same.counts.sum() == kept.counts.sum() + 5
    assert kept.counts.tolist() == Vocabulary.merged(before, 500).counts.tolist()  # the kept one unchanged


def test_after_an_edit_the_vocabulary_is_extended_and_equals_a_fresh_one(archive):
    from archive.models import Article
    from archive.search import apply_pending, snapshot

    # GIVEN the seeds' vocabulary, made by a search that found too little
    vocabulary = spelling.snapshot_vocabulary(snapshot.current())
    # WHEN an edit brings a word the archive did not have
    article = Article.objects.published().first()
    article.title = f"{article.title} zirconium"
    article.save()
    apply_pending()
    after = snapshot.current()
    # THEN the new generation extends the vocabulary it kept, and it is the one merged afresh
    assert after.kept_words[spelling.SPELLING_FIELD][0] is vocabulary
    extended = spelling.snapshot_vocabulary(after)
    assert extended.count("zirconium") == 1 and not vocabulary.count("zirconium")
    snapshot.clear()
    fresh = spelling.snapshot_vocabulary(snapshot.current())
    assert extended.words.tolist() == fresh.words.tolist() and extended.counts.tolist() == fresh.counts.tolist()
    assert extended.articles == fresh.articles
