"""The detection rules on made-up bodies: copies pass; other stories and recurring reports do not."""

from __future__ import annotations

import pytest

from archive.copies import signatures
from tests.copies import stories


def copies(a: str, b: str) -> bool:
    """What `detect` decides for a candidate pair (the LSH stage only finds candidates)."""
    (va, ga), (vb, gb) = signatures.fingerprint(a), signatures.fingerprint(b)
    return ga and gb and signatures.similarity(va, vb) >= signatures.THRESHOLD and not signatures.figures_conflict(a, b)


@pytest.mark.parametrize("copy", [stories.WIRE_COPY, stories.OUTLET_COPY, stories.NEW_ENDING])
def test_a_copy_with_another_dateline_outlet_or_last_paragraph_is_a_copy(copy):
    # GIVEN a story and another outlet's version of it WHEN compared THEN they are copies, and share a bucket
    assert copies(stories.STORY, copy)
    shared = set(signatures.buckets(signatures.signature(stories.STORY))) & set(
        signatures.buckets(signatures.signature(copy))
    )
    assert shared


def test_another_story_on_the_same_subject_is_not_a_copy():
    assert not copies(stories.STORY, stories.SAME_SUBJECT)
    assert signatures.similarity(signatures.signature(stories.STORY), signatures.signature(stories.SAME_SUBJECT)) < 0.2


def test_a_recurring_report_with_other_figures_is_not_a_copy():
    # GIVEN two weeks of the same report: the same words, other figures
    week1 = stories.WEEKLY.format(a="3,400", b="3,730", c="25,070", day="March 7")
    week2 = stories.WEEKLY.format(a="3,410", b="3,400", c="24,540", day="March 14")
    # THEN the signatures are alike but the figures clash: not a copy
    assert signatures.similarity(signatures.signature(week1), signatures.signature(week2)) >= signatures.THRESHOLD
    assert signatures.figures_conflict(week1, week2)
    assert not copies(week1, week2)
    # AND the same week's report twice is a copy
    assert copies(week1, week1 + " Reuters")


def test_a_body_too_short_to_tell_from_a_form_is_never_grouped():
    assert not signatures.fingerprint(stories.SHORT)[1]
    assert not copies(stories.SHORT, stories.SHORT_OTHER)


def test_normalisation_ignores_case_punctuation_and_unicode_form():
    # GIVEN the same text in NFD, upper case and with other punctuation THEN the signature is the same
    text = "Café owners in Zürich said prices rose, again; officials agreed."
    assert signatures.words(text) == signatures.words(
        "CAFE\u0301 OWNERS IN ZU\u0308RICH SAID PRICES ROSE AGAIN OFFICIALS AGREED"
    )
    assert (signatures.signature(text) == signatures.signature(text.upper().replace(",", " ."))).all()


def test_signatures_survive_the_database_round_trip():
    values = signatures.signature(stories.STORY)
    assert (signatures.from_bytes(signatures.to_bytes(values)) == values).all()
    assert len(signatures.to_bytes(values)) == 8 * signatures.NUM_PERM


def test_candidate_probability_is_high_for_copies_and_low_for_strangers():
    assert signatures.candidate_probability(0.8) > 0.99
    assert signatures.candidate_probability(0.2) < 0.05


def test_numpy_minhash_equals_datasketchs():
    # GIVEN bodies of every kind: the stories, a recurring report, short notices, a long generated body, nothing
    import random

    vocabulary = [f"w{n}" for n in range(300)] + ["oil", "prices", "1987", "three"]
    rng = random.Random(19)
    bodies = [
        stories.STORY,
        stories.WIRE_COPY,
        stories.SAME_SUBJECT,
        stories.WEEKLY.format(a="1", b="2", c="3", day="May 1"),
        stories.SHORT,
        "one two",
        "",
        " ".join(rng.choice(vocabulary) for _ in range(5000)),
    ]
    # WHEN fingerprinted by our numpy arithmetic and by datasketch's MinHash
    # THEN the signatures are equal value for value (stored signatures and buckets stay valid)
    for body in bodies:
        values, _ = signatures.fingerprint(body)
        assert values.dtype == signatures.datasketch_fingerprint(body).dtype
        assert (values == signatures.datasketch_fingerprint(body)).all(), body[:40]
