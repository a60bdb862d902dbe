"""The concordance's rows (templates/archive/concordance.html), written in one pass.

A page holds up to a thousand lines; the template loop they replaced spent three quarters of the page's time
resolving its variables (tests/web/test_concordance_rows.py compares the two, byte for byte). Every value is
escaped as the template's autoescaping does."""

from __future__ import annotations

from html import escape  # what django.utils.html.escape does, without making a SafeString of each value

from django import template
from django.utils.safestring import SafeString, mark_safe

from archive.concordance import Concordance
from archive.templatetags.archive_tags import language_attributes

register = template.Library()

_ROW = (
    '<tr{lang}><td class="left"><span><bdi{dir}>{left}</bdi></span></td><td class="keyword"><a href="{href}'
    '{fragment}"><mark>{keyword}</mark></a></td><td class="right"><span>{right}</span></td><td class="article">'
    '<span{dir}>{date}<a href="{href}">{title}</a></span></td></tr>'
)


@register.simple_tag
def concordance_rows(found: Concordance) -> SafeString:
    """One table row a line: the words before, the keyword and the words after, the article's date and title, the
    keyword and the title linked to the article (which marks the words and leads back to the search), the keyword
    to its own place in the text (a text fragment)."""
    back = f"?{found.back}" if found.back else ""
    articles: dict[int, tuple[str, str, str]] = {}  # an article's link, date and title, escaped once
    rows = []
    for line in found.lines:
        article = line.article
        known = articles.get(article.pk)
        if known is None:
            published = escape(line.published)
            date = f'<time datetime="{published}">{published}</time> ' if published else ""
            lang, rtl = language_attributes(article.language)
            known = articles[article.pk] = (
                escape(article.permalink_path + back),
                date,
                escape(article.title),
                lang,
                rtl,
            )
        href, date, title, lang, rtl = known
        left, right = escape(line.left), escape(line.right)
        if rtl:
            # Read from the right: the words after the keyword stand to its left, those before it to its right, each
            # cell laid out right to left (archive.css: .kwic tr[dir=rtl]), so the nearest words touch the keyword.
            left, right = right, f"<bdi>{left}</bdi>"
        rows.append(
            _ROW.format(
                lang=lang,
                dir=' dir="rtl"' if rtl else "",
                left=left,
                keyword=escape(line.keyword),
                right=right,
                href=href,
                fragment=escape(line.text_fragment),
                date=date,
                title=title,
            )
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every value above is escaped
