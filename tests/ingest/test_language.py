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
    "text",
    [
        "",
        "Kenya 2026",
        "東京",  # too few letters to tell
        "12 34 56 78 90 11 12 13",
        "सरकार ने मंगलवार को अनाज निर्यात पर कर घटाने की घोषणा की।",  # Devanagari: several languages, no stop list
    ],
)
def test_too_little_or_unknown_text_is_english_as_before(text: str) -> None:
    assert language_of(text) == "en"


SCRIPT_TEXTS = {
    "ja": "東京で地震が発生し、交通機関に乱れが出ている。",
    "zh": "政府周二宣布下调粮食出口关税，农民对此表示欢迎。",
    "ko": "정부는 화요일 곡물 수출에 대한 세금을 인하한다고 발표했다.",
    "th": "รัฐบาลประกาศลดภาษีส่งออกธัญพืชเมื่อวันอังคาร",
    "he": "הממשלה הודיעה ביום שלישי על הפחתת המסים על יצוא תבואה.",
    "el": "Η κυβέρνηση ανακοίνωσε την Τρίτη μείωση των φόρων στις εξαγωγές σιτηρών.",
}


@pytest.mark.parametrize(("code", "text"), SCRIPT_TEXTS.items())
def test_a_text_in_a_script_only_one_language_writes_is_in_that_language(code: str, text: str) -> None:
    # GIVEN a text declaring no language, written in a script that names its language (Chinese and Japanese have
    # no stop list, and their runs of characters are no words to count)
    # WHEN its language is read, THEN it is the script's
    assert language_of(text) == code


def test_a_chinese_text_quoting_a_japanese_name_in_katakana_stays_chinese() -> None:
    # GIVEN a Chinese text with a few kana (a Japanese brand in katakana)
    text = "日本汽车制造商トヨタ周二表示，今年在中国的销量预计将增长百分之五，高于市场预期。"
    # THEN it is Chinese
    assert language_of(text) == "zh"


def test_an_arabic_script_text_is_left_to_its_words() -> None:
    # GIVEN a text in Arabic script, which Arabic, Persian and Urdu share
    text = "قالت الحكومة يوم الثلاثاء إنها ستخفض الضرائب على صادرات الحبوب وهو ما رحب به المزارعون."
    # THEN its stop words decide, as before
    assert language_of(text) == "ar"


@pytest.mark.parametrize(("value", "code"), [("en-GB", "en"), (" fr ", "fr"), ("", ""), ("*", ""), ("1x", "")])
def test_declared_language_is_its_code_or_nothing(value: str, code: str) -> None:
    assert declared_language(value) == code
