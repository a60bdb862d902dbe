"""The article list's "Show counts": the country and organisation filters count from one grouped query
(Django's own made one count per choice: 68 s for the countries at 100,000 articles), with the same numbers."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.admin import SimpleListFilter
from django.test import RequestFactory

from archive.models import Article, ArticleCountry

pytestmark = pytest.mark.django_db


def _filters(editor, query: str):
    request = RequestFactory().get("/admin/archive/article/", dict(item.split("=") for item in query.split("&")))
    request.user = editor
    changelist = admin.site._registry[Article].get_changelist_instance(request)
    return changelist, {spec.parameter_name: spec for spec in changelist.filter_specs if hasattr(spec, "tag_model")}


@pytest.mark.parametrize("query", ["_facets=True", "_facets=True&country=PK", "_facets=True&review=unreviewed"])
def test_the_tag_filters_counts_are_djangos_own(editor, seeded, query):
    # GIVEN the seeds, one of their country tags rejected by an editor (it counts no more)
    ArticleCountry.objects.filter(country__code="US").update(rejected=True)
    changelist, specs = _filters(editor, query)
    for name in ("country", "organisation"):
        spec = specs[name]
        # WHEN the list shows counts, with or without other filters chosen
        ours = spec.get_facet_queryset(changelist)
        # THEN each choice's count is what Django's per-choice counting gives
        assert ours == SimpleListFilter.get_facet_queryset(spec, changelist), name
        assert any(count for count in ours.values())
    assert "US" not in {value for value, _ in specs["country"].lookup_choices}


def test_the_list_shows_the_counts_beside_the_choices(editor_client, seeded):
    pakistan = ArticleCountry.objects.active().filter(country__code="PK").values("article").distinct().count()
    html = editor_client.get("/admin/archive/article/?_facets=True").content.decode()
    assert f"Pakistan ({pakistan})" in html
