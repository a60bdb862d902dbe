"""concordance_tags.concordance_rows writes the rows as the template loop it replaced did, byte for byte."""

import pytest
from django.http import QueryDict
from django.template import Context, Template

from archive.concordance import concordance

TAG = "{% load concordance_tags %}{% concordance_rows found %}"
LOOP = (
    "{% with back=found.back %}{% for line in found.lines %}{% with article=line.article %}"
    '<tr><td class="left"><span><bdi>{{ line.left }}</bdi></span></td><td class="keyword"><a href="'
    '{{ article.permalink_path }}{% if back %}?{{ back }}{% endif %}{{ line.text_fragment }}"><mark>'
    "{{ line.keyword }}</mark></a></td>"
    '<td class="right"><span>{{ line.right }}</span></td><td class="article"><span>{% if line.published %}'
    '<time datetime="{{ line.published }}">{{ line.published }}</time> {% endif %}<a href="'
    '{{ article.permalink_path }}{% if back %}?{{ back }}{% endif %}">{{ article.title }}</a></span></td></tr>'
    "{% if not forloop.last %}\n{% endif %}{% endwith %}{% endfor %}{% endwith %}"
)


@pytest.mark.parametrize(
    "query", ["q=pakistan&by=right", "q=pakistan+OR+%22foreign+minister%22&country=PK&context=3", "q=russia&by=left"]
)
def test_the_rows_are_the_loops_byte_for_byte(archive, query):
    # GIVEN a concordance of the seeds (quotes, apostrophes and ampersands in its text and titles)
    found = concordance(QueryDict(query))
    assert found.lines
    # WHEN its rows are written by the tag and by the template loop
    new, old = Template(TAG).render(Context({"found": found})), Template(LOOP).render(Context({"found": found}))
    # THEN the two are the same, byte for byte
    assert new == old
    assert new.count("<tr>") == len(found.lines)


def test_hostile_text_is_escaped_as_the_loop_escapes_it(archive):
    found = concordance(QueryDict("q=pakistan"))
    line = found.lines[0]
    found.lines = [type(line)(line.article, '<script>"x"</script> & \'', "<b>kw</b>", "</td><img src=x>", 0, 0)]
    new, old = Template(TAG).render(Context({"found": found})), Template(LOOP).render(Context({"found": found}))
    assert new == old and "<script>" not in new and "<img" not in new
