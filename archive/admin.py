"""The editors' admin: articles with their tags inline, the gazetteers and sources."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from archive.models import Article, ArticleCountry, ArticleOrganisation, Country, Organisation, Source


def tag_inline(tag_model, target: str) -> type[admin.TabularInline]:
    """An inline for one kind of tag: its target with autocomplete, origin, mentions and rejection."""
    return type(
        f"{tag_model.__name__}Inline",
        (admin.TabularInline,),
        {
            "model": tag_model,
            "extra": 0,
            "autocomplete_fields": [target],
            "fields": [target, "origin", "mentions", "rejected"],
            "readonly_fields": ["mentions"],
        },
    )


CountryTagInline = tag_inline(ArticleCountry, "country")
OrganisationTagInline = tag_inline(ArticleOrganisation, "organisation")


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "published", "precision", "source", "title_generated", "date_unknown", "is_published"]
    list_filter = ["source", "precision", "title_generated", "date_unknown", "is_published"]
    search_fields = ["title", "body", "import_ref"]
    date_hierarchy = "published"
    autocomplete_fields = ["source"]
    readonly_fields = ["raw_text", "checksum", "import_ref", "imported_at", "updated_at", "date_unknown"]
    inlines = [CountryTagInline, OrganisationTagInline]
    fieldsets = [
        (None, {"fields": ["title", "title_generated", "standfirst", "body", "is_published"]}),
        ("Date", {"fields": ["published", "precision", "date_text", "date_unknown"]}),
        (
            "Source",
            {
                "fields": [
                    "source",
                    "url",
                    "author",
                    "author_bio",
                    "dateline_place",
                    "dateline_agency",
                    "captions",
                    "language",
                ]
            },
        ),
        (
            "Provenance",
            {"classes": ["collapse"], "fields": ["import_ref", "checksum", "imported_at", "updated_at", "raw_text"]},
        ),
    ]


@admin.register(Country)
class CountryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "acronym", "slug", "kind", "country", "status"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "acronym", "slug"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {"slug": ["acronym"]}


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "domain", "kind"]
    search_fields = ["name", "domain"]
    prepopulated_fields = {"slug": ["name"]}
