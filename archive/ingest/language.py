"""An article's language: the one its file declares, else the one its common words say, else English.

Declared: an e-mail's Content-Language, a page's ``<html lang>`` / ``og:locale`` ("fr", "en-GB", "pt_BR" give
"fr", "en", "pt"). Read from the text when a file declares none (a plain-text e-mail, a PDF, a .txt): the
language whose common words make up most of it, by jusText's stop lists (already installed with trafilatura,
gathered from Wikipedia). Before them, a text written mostly in a script that only one news language uses
names it: kana Japanese, Han without kana Chinese, Hangul Korean, Thai, Hebrew, Greek (Chinese and Japanese
have no stop list there, and Han and kana runs are no words to count). Arabic script is shared (Arabic, Persian,
Urdu): its stop lists decide. Too little text, or no clear winner: English, as before.
"""

from __future__ import annotations

import re
from collections import Counter

import justext

__all__ = ["DEFAULT_LANGUAGE", "declared_language", "language_of"]

DEFAULT_LANGUAGE = "en"
# The news languages told apart, by jusText's stop list names. Fewer, clearly distinct lists than all its 100:
# close neighbours (Galician, Asturian, Occitan …) would take Portuguese, Spanish and French texts from them.
_STOP_LISTS = {
    "English": "en", "French": "fr", "Spanish": "es", "Portuguese": "pt", "German": "de", "Italian": "it",
    "Dutch": "nl", "Catalan": "ca", "Romanian": "ro", "Polish": "pl", "Czech": "cs", "Slovak": "sk",
    "Swedish": "sv", "Danish": "da", "Norwegian_Bokmal": "nb", "Finnish": "fi", "Hungarian": "hu",
    "Turkish": "tr", "Indonesian": "id", "Russian": "ru", "Ukrainian": "uk", "Bulgarian": "bg", "Serbian": "sr",
    "Croatian": "hr", "Greek": "el", "Arabic": "ar", "Persian": "fa", "Hebrew": "he", "Swahili": "sw",
    "Vietnamese": "vi",
}  # fmt: skip
_STOP_WORDS = {code: frozenset(justext.get_stoplist(name)) for name, code in _STOP_LISTS.items()}
_WORD = re.compile(r"[^\W\d_]+")
_DECLARED = re.compile(r"[A-Za-z]{2,3}(?![A-Za-z])")  # "en-GB", "en_GB", "fr" -> its first part
_MIN_WORDS = 8
# Scripts that name their language (Unicode blocks). Japanese writes kanji (Han) among its kana: kana make it
# Japanese when they are a tenth of the Han and kana letters or more (Japanese news: a third or more), so a
# Chinese text quoting one Japanese name in katakana stays Chinese.
_SCRIPT_LETTER = re.compile(
    "(?P<kana>[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9d])|(?P<han>[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])"
    "|(?P<ko>[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af])|(?P<th>[\u0e00-\u0e7f])|(?P<he>[\u0590-\u05ff])"
    "|(?P<el>[\u0370-\u03ff\u1f00-\u1fff])"
)
_LETTER = re.compile(r"[^\W\d_]")
_MIN_LETTERS = 8
_MAX_CHARS = 5000  # enough to tell the script
_MIN_KANA = 0.1
_MAX_WORDS = 1000  # enough to tell; a long text is not read whole
# The winner's share of common words, and its lead over the next language (measured on news in English,
# French, Spanish, Portuguese, German and Russian: 0.42–0.58, ahead by at least 0.07).
_MIN_SHARE = 0.2
_MIN_LEAD = 0.05


def declared_language(value: str) -> str:
    """A declared language as its code ("en-GB" -> "en"), or "" when ``value`` is none."""
    match = _DECLARED.match(value.strip())
    return match.group().lower() if match else ""


def language_of(text: str, *, declared: str = "") -> str:
    """The language ``declared`` names, else the one ``text`` is written in, else English."""
    if code := declared_language(declared):
        return code
    if code := _script_language(text):
        return code
    words = [word.lower() for word in _WORD.findall(text)[:_MAX_WORDS]]
    if len(words) < _MIN_WORDS:
        return DEFAULT_LANGUAGE
    shares = sorted(
        ((sum(word in stop for word in words) / len(words), code) for code, stop in _STOP_WORDS.items()), reverse=True
    )
    (best, code), (second, _) = shares[0], shares[1]
    return code if best >= _MIN_SHARE and best - second >= _MIN_LEAD else DEFAULT_LANGUAGE


def _script_language(text: str) -> str:
    """The language whose script most of ``text``'s letters are in, when that script names one; else ""."""
    letters = "".join(_LETTER.findall(text[:_MAX_CHARS]))
    if len(letters) < _MIN_LETTERS:
        return ""
    counts = Counter(match.lastgroup for match in _SCRIPT_LETTER.finditer(letters))
    han_and_kana = counts.pop("han", 0) + counts.get("kana", 0)
    if han_and_kana * 2 > len(letters):
        return "ja" if counts["kana"] >= _MIN_KANA * han_and_kana else "zh"
    counts.pop("kana", None)
    script, count = max(counts.items(), key=lambda item: item[1], default=("", 0))
    return script if count * 2 > len(letters) else ""
