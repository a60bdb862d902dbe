from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import TemplateView

from archive import (
    alert_views,
    attachment_views,
    batch_views,
    cite_views,
    concordance_views,
    crawler_views,
    entity_views,
    selection_views,
    timeline_views,
    views,
)
from archive.api import api
from archive.feeds import AtomSearchFeed, SearchFeed

app_patterns = (
    [
        path("", views.search, name="search"),
        path("help/", TemplateView.as_view(template_name="archive/help.html"), name="help"),
        path("advanced/", views.advanced_search, name="advanced"),
        path("articles/<int:pk>/", views.article_detail, name="article-short"),
        path("articles/<int:pk>/raw/", views.article_raw, name="article-raw"),
        path("articles/<int:pk>/<slug:slug>/", views.article_detail, name="article"),
        re_path(r"^articles/(?P<pk>[0-9]+)/cite\.(?P<ext>ris|bib|json)$", cite_views.article_cite, name="article-cite"),
        path("feeds/search/", SearchFeed(), name="feed"),
        path("feeds/search/atom/", AtomSearchFeed(), name="feed-atom"),
        path("api/", TemplateView.as_view(template_name="archive/api.html"), name="api-docs"),
        # Entity pages (archive/entity_views.py).
        path("countries/", entity_views.countries, name="countries"),
        path("countries/<str:code>/", entity_views.country, name="country"),
        path("organisations/", entity_views.organisations, name="organisations"),
        path("organisations/<str:slug>/", entity_views.organisation, name="organisation"),
        path("sources/", entity_views.sources, name="sources"),
        path("sources/<str:slug>/", entity_views.source, name="source"),
        path("writers/", entity_views.writers, name="writers"),
        path("writers/<str:slug>/", entity_views.writer, name="writer"),
        # Batch search for watch lists (archive/batch_views.py).
        path("selected/", selection_views.selected, name="selected"),
        path("timeline/", timeline_views.timeline, name="timeline"),
        path("timeline/export.csv", timeline_views.timeline_csv, name="timeline-export"),
        path("concordance/", concordance_views.concordance_page, name="concordance"),
        path("concordance/export.csv", concordance_views.concordance_csv, name="concordance-export"),
        path("batch/", batch_views.batch, name="batch"),
        path("batch/export.csv", batch_views.batch_export, name="batch-export"),
        # E-mail alerts (archive/alert_views.py, archive/alerts/).
        path("alerts/new/", alert_views.subscribe, name="alert-subscribe"),
        path("alerts/confirm/<str:token>/", alert_views.confirm, name="alert-confirm"),
        path("alerts/unsubscribe/<str:token>/", alert_views.unsubscribe, name="alert-unsubscribe"),
        path("alerts/manage/<str:token>/", alert_views.manage, name="alert-manage"),
        # E-mail attachments, as downloads (archive/attachment_views.py).
        path(
            "articles/<int:pk>/attachments/<int:number>/",
            attachment_views.attachment_download,
            name="article-attachment",
        ),
    ],
    "archive",
)

urlpatterns = [
    path("", include(app_patterns)),
    # /api/search/, /api/search/export, /api/articles/<id>/, /api/countries/<code>/, /api/organisations/<slug>/,
    # /api/sources/<slug>/, /api/openapi.json (names api:search, api:export, api:article, api:country, ...)
    path("api/", api.urls),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("opensearch.xml", views.opensearch_description, name="opensearch"),
    # For crawlers (archive/crawler_views.py, archive/sitemaps.py).
    path("robots.txt", crawler_views.robots_txt, name="robots"),
    path("sitemap.xml", crawler_views.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", crawler_views.sitemap_section, name="sitemap-section"),
    path("admin/", admin.site.urls),
]

# Error pages in the site's layout (JSON under /api/); Django uses them when DEBUG is off.
handler400 = "archive.errors.bad_request"
handler403 = "archive.errors.permission_denied"
handler404 = "archive.errors.page_not_found"
handler500 = "archive.errors.server_error"
