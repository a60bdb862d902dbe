"""archive_tags.tag_chips writes a search result's tag chips as the template loops it replaced did, byte for byte."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from archive.models import Article, ArticleCountry, ArticleOrganisation, Country, Organisation

# The loops of templates/archive/search.html before {% tag_chips %} took their place.
LOOPS = """{% for tag in article.active_country_tags %}<a class="chip" href="{% url 'archive:search' %}?country={{ tag.country.code }}">{{ tag.country.name }}</a>{% include "archive/includes/profile_link.html" with kind="country" key=tag.country.code label=tag.country.name %}{% endfor %}
{% for tag in article.active_organisation_tags %}<a class="chip org" href="{% url 'archive:search' %}?org={{ tag.organisation.slug }}">{{ tag.organisation.label }}</a>{% include "archive/includes/profile_link.html" with kind="organisation" key=tag.organisation.slug label=tag.organisation.label %}{% endfor %}"""  # noqa: E501
TAGS = """{% load archive_tags %}{% tag_chips "country" article.active_country_tags %}
{% tag_chips "organisation" article.active_organisation_tags %}"""


def _both(article) -> tuple[str, str]:
    context = {"article": article}
    return Template(TAGS).render(Context(context)), Template(LOOPS).render(Context(context))


@pytest.mark.django_db
def test_the_seeds_chips_are_the_loops_markup(archive):
    # GIVEN every seed article, with its tags as a result list loads them
    articles = list(Article.objects.with_tags())
    assert any(a.active_country_tags() for a in articles) and any(a.active_organisation_tags() for a in articles)
    for article in articles:
        # WHEN its chips are written by the tags and by the loops they replaced
        new, old = _both(article)
        # THEN the two are the same, byte for byte
        assert new == old


def test_labels_to_escape_and_no_tags_are_the_loops_markup():
    # GIVEN an article whose tags' names and keys need escaping, one with an acronym, and one without tags
    article = Article(pk=1)
    article._active_country_tags = [
        ArticleCountry(country=Country(code="C&D", name='Côte "d\'Ivoire" <b>&</b>')),
        ArticleCountry(country=Country(code="PK", name="Pakistan")),
    ]
    article._active_organisation_tags = [
        ArticleOrganisation(organisation=Organisation(slug="a&b", name="A <i>&</i> B", acronym="")),
        ArticleOrganisation(organisation=Organisation(slug="imf", name="Fund", acronym='I"M"F')),
    ]
    bare = Article(pk=2)
    bare._active_country_tags, bare._active_organisation_tags = [], []
    for each in (article, bare):
        # WHEN its chips are written both ways
        new, old = _both(each)
        # THEN they are the same
        assert new == old
    assert _both(article)[0].count('class="profile"') == 4
