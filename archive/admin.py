"""The editors' admin: articles with their tags inline, the gazetteers and sources."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from archive.models import Article, ArticleCountry, ArticleOrganisation, Country, Organisation, Source


class CountryTagInline(admin.TabularInline):
    model = ArticleCountry
    extra = 0
    autocomplete_fields = ["country"]
    fields = ["country", "origin", "mentions", "rejected"]
    readonly_fields = ["mentions"]


class OrganisationTagInline(admin.TabularInline):
    model = ArticleOrganisation
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "origin", "mentions", "rejected"]
    readonly_fields = ["mentions"]


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
