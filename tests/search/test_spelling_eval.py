"""The measurement behind `evaluate_suggestions`: its misspellings, its word list, its non-words."""

import random

import numpy as np
import pytest

from archive.search import spelling_eval
from archive.search.spelling import Vocabulary


@pytest.fixture
def vocabulary():
    counts = {"said": 90, "oil": 80, "prices": 70, "1986": 60, "u.s": 55, "he": 50, "opec": 40, "bank": 30}
    words = sorted(counts)
    return Vocabulary(np.array(words), np.array([counts[w] for w in words], dtype=np.int64), 100)


@pytest.mark.parametrize(
    ("kind", "check"),
    [
        ("deletion", lambda a, b: len(b) == len(a) - 1),
        ("insertion", lambda a, b: len(b) == len(a) + 1),
        ("substitution", lambda a, b: len(b) == len(a) and sum(x != y for x, y in zip(a, b, strict=True)) == 1),
        ("transposition", lambda a, b: sorted(a) == sorted(b) and len(a) == len(b)),
    ],
)
def test_each_edit_kind(kind, check):
    rng = random.Random(1)
    for _ in range(50):
        assert check("prices", spelling_eval.edit("prices", kind, rng)), kind


def test_misspellings_are_non_words_exactly_that_many_edits_away(vocabulary):
    rng = random.Random(2)
    for edits in (1, 2):
        drawn = list(spelling_eval.misspellings("prices", edits, vocabulary, rng, attempts=100))
        assert drawn
        assert all(spelling_eval.distance(t, "prices") == edits and not vocabulary.count(t) for t in drawn)


def test_the_same_seed_draws_the_same_misspellings(vocabulary):
    first = list(spelling_eval.misspellings("prices", 2, vocabulary, random.Random(7), attempts=30))
    assert first == list(spelling_eval.misspellings("prices", 2, vocabulary, random.Random(7), attempts=30))


def test_frequent_words_leave_out_numbers_dotted_tokens_and_short_words(vocabulary):
    """GIVEN "1986", "u.s" and "he" among the frequent words THEN they are left out and counted."""
    words, left_out = spelling_eval.frequent_words(vocabulary, 4)
    assert words == ["said", "oil", "prices", "opec"]
    assert list(left_out.values()) == [2, 1]


def test_respellings_spell_the_word_as_heard():
    """GIVEN "coffee" and "corp" WHEN respelt THEN each is one spelling of a sound for another, a doubled letter
    single or a consonant doubled, and never the word itself."""
    assert set(spelling_eval.respellings("coffee")) == {"koffee", "cophfee", "cofphee", "cofee", "coffe"}
    assert spelling_eval.respellings("corp") == ["korp", "corrp"]
    assert "coffee" not in spelling_eval.respellings("coffee")


def test_non_words_are_three_edits_from_every_word(vocabulary):
    found = spelling_eval.far_from_every_word(vocabulary, random.Random(3), 20)
    assert len(set(found)) == 20
    assert all(min(spelling_eval.distance(w, text) for w in vocabulary.words.tolist()) >= 3 for text in found)


def test_a_trial_is_right_when_the_suggestion_is_the_word():
    assert spelling_eval.Trial("Oli", "oil", "Oil", 0).right
    assert not spelling_eval.Trial("oli", "oil", "olive", 0).right
    assert spelling_eval.Trial("qzxv", "", "", 0).right  # a non-word: right when nothing is suggested
