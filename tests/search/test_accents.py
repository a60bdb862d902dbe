"""Accents folded (archive/search/analysis.py): a word typed with or without its accents finds both spellings,
on every path, and is marked where it stands."""

from __future__ import annotations

import json

import pytest

from archive.importers import import_paths
from archive.search import SearchParams, search, text_highlighter
from archive.search.analysis import fold, text_analyzer

pytestmark = pytest.mark.django_db

STORIES = {
    "bogota": ("Coffee growers meet in Bogotá", "Growers from São Paulo met in Bogotá, said Zoë Müller."),
    "plain": ("Bogota coffee prices", "Prices in Bogota rose, the Cafe de Colombia federation said."),
    "cafe": ("Café owners protest", "Café owners in Łódź and Øresund protested, Ana Gutiérrez said."),
    "turkish": ("İstanbul borsası rekor kırdı", "İzmir ve İSTANBUL limanları büyüdü."),
    "greek": ("Η Ελλάδα και ο Παπαδόπουλος", "Ο υπουργός μίλησε στην Αθήνα."),
    "russian": ("Фёдор Ёлкин в Москве", "Министр сказал."),
    "arabic": ("أوبك تجتمع في القاهرة", "قالت مصادر إن أسعار النفط ارتفعت."),
}


@pytest.fixture
def accented(tmp_path, django_capture_on_commit_callbacks) -> dict[str, int]:
    lines = [
        json.dumps({"id": key, "title": title, "body": body, "author": "Gerhard Schröder" if key == "cafe" else ""})
        for key, (title, body) in STORIES.items()
    ]
    path = tmp_path / "accents.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        import_paths([path])
    from archive.models import Article

    return {key: Article.objects.get(import_ref__endswith=f":{key}").pk for key in STORIES}


def found(q: str, engine: str) -> set[str]:
    result = search(SearchParams(q=q), engine=engine)
    assert result.engine == engine
    return {hit.article.import_ref.rsplit(":", 1)[1] for hit in result.hits}


@pytest.mark.parametrize("engine", ["fast", "whoosh", "portable"])
@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("bogota", {"bogota", "plain"}),
        ("Bogotá", {"bogota", "plain"}),
        ("cafe", {"plain", "cafe"}),
        ("CAFÉ", {"plain", "cafe"}),
        ('"sao paulo"', {"bogota"}),
        ("muller", {"bogota"}),
        ("mül*", {"bogota"}),
        ("lodz OR oresund", {"cafe"}),
        ("gutierrez", {"cafe"}),
        ("title:cafe", {"cafe"}),
        ("author:schroder", {"cafe"}),
        ("istanbul", {"turkish"}),  # Turkish capital İ, lower-cased with a combining dot
        ("izmir", {"turkish"}),
        ("İZMİR", {"turkish"}),
        # Greek accents, the final sigma, Russian "ё", Arabic vowel marks and alef forms
        ("ελλαδα", {"greek"}),
        ("ΕΛΛΑΔΑ", {"greek"}),
        ("ΠΑΠΑΔΟΠΟΥΛΟΣ", {"greek"}),
        ("αθηνα", {"greek"}),
        ("Федор OR Елкин", {"russian"}),
        ("القَاهِرَة", {"arabic"}),
        ("اوبك", {"arabic"}),
        # typed decomposed (a letter, then its combining accent: macOS, PDFs), composed before it is read
        ("Bogota\u0301", {"bogota", "plain"}),
        ('"Sa\u0303o Paulo"', {"bogota"}),
        ("CAFE\u0301", {"plain", "cafe"}),
    ],
)
def test_a_word_with_or_without_its_accents_finds_both_spellings(accented, engine, q, expected):
    # GIVEN stories that spell names with their accents and one that spells "Bogota" and "Cafe" without
    # WHEN either spelling is searched, on any path THEN both are found
    assert found(q, engine) == expected


def test_the_word_is_marked_as_written(accented):
    # GIVEN a search without accents WHEN a story's text is marked THEN its accented words are marked whole
    marked = [piece for piece, hit in text_highlighter("sao paulo bogota muller")(STORIES["bogota"][1]) if hit]
    assert marked == ["São", "Paulo", "Bogotá", "Müller"]
    phrase = [piece for piece, hit in text_highlighter('"São Paulo" mül*')(STORIES["bogota"][1]) if hit]
    assert phrase == ["São Paulo", "Müller"]


def test_folding_keeps_each_letter_in_its_place_and_leaves_other_letters_alone():
    assert fold("crème brûlée à la café") == "creme brulee a la cafe"
    assert fold("øresund łódź ħ") == "oresund lodz h"
    # letters that are other letters in their language are left as they are; Greek accents, "ё" and the alef's
    # hamza go
    assert fold("straße æble йод") == "straße æble йод"
    assert fold("ελλάδα ἀθῆναι ёлка أوبك") == "ελλαδα αθηναι елка اوبك"
    assert [t.text for t in text_analyzer()("Cafés in Bogotá")] == ["cafe", "bogota"]


def test_a_turkish_capital_i_folds_as_the_others_do():
    assert [t.text for t in text_analyzer()("İstanbul ISTANBUL Istanbul")] == ["istanbul"] * 3
    marked = [piece for piece, hit in text_highlighter("istanbul")("İstanbul'da İSTANBUL") if hit]
    assert marked == ["İstanbul'da", "İSTANBUL"]
