"""archive/ingest/language.py: the language a file declares, else the one its words are in, else English."""

import pytest

from archive.ingest.language import declared_language, language_of

TEXTS = {
    "en": "The government said on Tuesday it would cut taxes on grain exports, and farmers welcomed the move.",
    "fr": "Le gouvernement a annoncé mardi une baisse des taxes sur les exportations de céréales, que les "
    "agriculteurs ont saluée.",
    "es": "El gobierno anunció el martes una rebaja de los impuestos a las exportaciones de cereales, que los "
    "agricultores celebraron.",
    "pt": "O governo anunciou na terça-feira uma redução dos impostos sobre as exportações de cereais, que os "
    "agricultores saudaram.",
    "de": "Die Regierung kündigte am Dienstag an, die Steuern auf Getreideexporte zu senken, was die Landwirte "
    "begrüßten.",
    "ru": "Правительство во вторник объявило о снижении пошлин на экспорт зерна, что приветствовали фермеры.",
}


@pytest.mark.parametrize(("code", "text"), TEXTS.items())
def test_a_text_declaring_no_language_is_read_for_its_own(code: str, text: str) -> None:
    assert language_of(text) == code


@pytest.mark.parametrize(("declared", "code"), [("fr", "fr"), ("pt-BR", "pt"), ("en_GB", "en"), ("DE", "de")])
def test_a_declared_language_wins_over_the_words(declared: str, code: str) -> None:
    assert language_of(TEXTS["es"], declared=declared) == code


@pytest.mark.parametrize(
    "text", ["", "Kenya 2026", "東京で地震が発生し、交通機関に乱れが出ている。", "12 34 56 78 90 11 12 13"]
)
def test_too_little_or_unknown_text_is_english_as_before(text: str) -> None:
    assert language_of(text) == "en"


@pytest.mark.parametrize(("value", "code"), [("en-GB", "en"), (" fr ", "fr"), ("", ""), ("*", ""), ("1x", "")])
def test_declared_language_is_its_code_or_nothing(value: str, code: str) -> None:
    assert declared_language(value) == code
