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
