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


# Characters a snippet may hold: ASCII (controls included), what escape() rewrites, entity-like text, tags as
# text, and a few from further out (no-break space, line separator, a non-character, a lone surrogate, emoji).
TRICKY = (
    [chr(c) for c in range(128)]
    + list("\xa0\x85\x9f\u2028\ufeff\ufffe\udfff\U0001f600é’–")
    + [
        "&amp;",
        "&#x27;",
        "&lt;mark&gt;",
        "<mark>",
        "</mark>",
        "<p>",
        "<br>",
        "&",
        "&#",
    ]
)


def _random_pieces(rng) -> list[tuple[str, bool]]:
    return [
        ("".join(rng.choice(TRICKY) for _ in range(rng.randint(0, 6))), rng.random() < 0.4)
        for _ in range(rng.randint(0, 5))
    ]


def test_highlighted_is_what_bleach_makes_of_the_same_markup():
    # GIVEN snippets of random text (seeded), plain and with every kind of character the parser treats apart
    import random

    from archive.sanitize import _PLAIN_MARKED, _marked

    rng = random.Random(21)
    cases = [_random_pieces(rng) for _ in range(3000)]
    cases += [[("Oil & gas \"prices\" <rose> 'again'", False), ("oil", True), ("\r\n\x0c\x00", False)]]
    shortcut = 0
    for pieces in cases:
        # WHEN a snippet is made (a snippet of plain escaped text skips bleach's parse)
        html = highlighted(pieces)
        shortcut += bool(_PLAIN_MARKED.fullmatch(_marked(pieces)))
        # THEN it is exactly what bleach returns for the same markup
        assert str(html) == str(safe_html(_marked(pieces))), pieces
    assert 0 < shortcut < len(cases)  # both ways were taken, and agreed
