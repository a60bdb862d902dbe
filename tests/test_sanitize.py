"""The one sanitising function: only our tags survive, everything else is text."""

import re

import pytest

from archive.sanitize import highlighted, paragraphs, safe_html

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    "<svg onload=alert(1)>",
    "<p onclick=alert(1)>x</p>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<<script>script>alert(1)<</script>/script>",
    '"><iframe src=//evil>',
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_paragraphs_render_payloads_as_text(payload):
    html = str(paragraphs(f"Intro\n\n{payload}"))
    assert set(re.findall(r"<\s*/?\s*([a-zA-Z]+)", html)) <= {"p", "br"}
    assert "=" not in "".join(re.findall(r"<[^>]*>", html))  # no attributes on any tag


@pytest.mark.parametrize("payload", PAYLOADS)
def test_highlighted_marks_only_our_tags(payload):
    html = str(highlighted([(payload, False), (payload, True)]))
    assert "<script" not in html and "<img" not in html and "<svg" not in html
    assert html.count("<mark>") == 1


def test_safe_html_strips_attributes_from_allowed_tags():
    assert str(safe_html('<p class="x" onclick="y">a</p>')) == "<p>a</p>"


def test_paragraphs_split_on_blank_lines():
    assert str(paragraphs("One\ntwo\n\nThree")) == "<p>One<br>two</p><p>Three</p>"


def test_a_citation_keeps_only_italics_and_bold():
    from archive.sanitize import safe_citation

    markup = '<i>Dawn</i> &amp; <b>x</b> <script>alert(1)</script><a href="javascript:x">y</a><i class="c">z</i>'
    assert safe_citation(markup) == "<i>Dawn</i> &amp; <b>x</b> alert(1)y<i>z</i>"


# Characters markup may hold: ASCII (controls included), what escape() writes, entity-like text, our tags and
# others (whole, unclosed, stray closers, with attributes), comments, and a few from further out.
TRICKY = [
    *(chr(c) for c in range(128)),
    *"\xa0\x85\x9f\u2028\ufeff\ufffe\udfff\U0001f600é’–",
    *("&amp;", "&#x27;", "&quot;", "&lt;mark&gt;", "&", "&#", "&nbsp", "&zz;"),
    *("<mark>", "</mark>", "<p>", "</p>", "<br>", "<i>", "</b>", '<p class="x">', "<script>", "</script>"),
    *("<!-- c -->", "<![CDATA[x]]>", "<table>", "<td>", "<svg>", "<math>", "<title>", "<textarea>", "<plaintext>"),
]


def test_the_reused_cleaners_answer_as_bleach_clean_does():
    # GIVEN markup of random pieces (seeded), every kind the parser treats apart, cleaned in one long run so
    # that whatever one call leaves in the reused parser would show in the next
    import random

    import bleach

    from archive.sanitize import ALLOWED_TAGS, CITATION_TAGS, safe_citation

    rng = random.Random(18)
    for _ in range(1500):
        markup = "".join(rng.choice(TRICKY) for _ in range(rng.randint(0, 12)))
        # WHEN it is made safe for a page or a citation
        # THEN it is exactly what a fresh bleach.clean with the same settings returns
        for made, tags in ((safe_html(markup), ALLOWED_TAGS), (safe_citation(markup), CITATION_TAGS)):
            assert str(made) == bleach.clean(markup, tags=tags, attributes={}, protocols=[], strip=True), markup


def test_each_thread_cleans_with_its_own_cleaner():
    # GIVEN the Cleaner this thread reuses (a Cleaner's parser has state: two threads sharing one would mix
    # their answers)
    import threading

    from archive.sanitize import ALLOWED_TAGS, _cleaner

    mine = _cleaner(ALLOWED_TAGS)
    # WHEN another thread cleans
    theirs = []
    thread = threading.Thread(target=lambda: theirs.extend([_cleaner(ALLOWED_TAGS), _cleaner(ALLOWED_TAGS)]))
    thread.start()
    thread.join()
    # THEN it reuses a Cleaner of its own, and this thread keeps its one
    assert theirs[0] is theirs[1] and theirs[0] is not mine
    assert _cleaner(ALLOWED_TAGS) is mine


SNIPPETS = [
    [("Oil prices ", False), ("rose", True), (" as the <br> and </br> & \"quotes\" 'stayed'", False)],
    [],
    [("", False)],
    [("\r\n\t\x0b\x0c ctrl \x00 nul", False), ("<mark>", True)],
    *[[(payload, False), (payload, True)] for payload in PAYLOADS],
    [("…the last one", False), ("marked", True), ("…", False)],
]


def test_a_page_of_snippets_cleaned_at_once_is_each_cleaned_alone():
    from archive.sanitize import highlighted_all

    # GIVEN snippets whose text holds markup, separators, quotes and control characters
    # WHEN they are cleaned in one call THEN each is what cleaning it alone gives, in order
    assert highlighted_all(SNIPPETS) == [highlighted(pieces) for pieces in SNIPPETS]
    assert highlighted_all([]) == []


def test_a_page_of_snippets_falls_back_to_one_call_each_when_the_separators_move(monkeypatch):
    from archive import sanitize

    expected = [highlighted(pieces) for pieces in SNIPPETS]
    clean = sanitize._clean
    calls = []

    def one_separator_too_many(markup, tags):
        calls.append(markup)
        return clean(markup, tags) + ("<br>" if len(calls) == 1 else "")

    # GIVEN a cleaner that, for the joined page, returns one separator more than it was given
    monkeypatch.setattr(sanitize, "_clean", one_separator_too_many)
    # WHEN the page is cleaned THEN no snippet is paired with another's: each is cleaned alone instead
    assert sanitize.highlighted_all(SNIPPETS) == expected
    assert len(calls) == 1 + len(SNIPPETS)
