"""Django's one-line comment `{# #}` ends at its line: one spread over two lines is shown to the reader as text."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_no_template_spreads_a_one_line_comment_over_lines():
    # GIVEN every template WHEN its `{#` comments are read THEN each closes on its own line (a two-line one was
    # printed above the admin's history of an article); a longer comment is {% comment %}
    spread = [
        f"{path.relative_to(TEMPLATES)}:{text[: match.start()].count(chr(10)) + 1}"
        for path in sorted(TEMPLATES.rglob("*.html")) + sorted(TEMPLATES.rglob("*.txt"))
        for text in [path.read_text(encoding="utf-8")]
        for match in re.finditer(r"\{#(?:(?!#\}).)*$", text, re.MULTILINE)
    ]
    assert spread == []
