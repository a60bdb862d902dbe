from django.contrib import admin
from django.urls import include, path

from archive import views

app_patterns = (
    [
        path("", views.search, name="search"),
        path("articles/<int:pk>/", views.article_detail, name="article-short"),
        path("articles/<int:pk>/raw/", views.article_raw, name="article-raw"),
        path("articles/<int:pk>/<slug:slug>/", views.article_detail, name="article"),
    ],
    "archive",
)

urlpatterns = [
    path("", include(app_patterns)),
    path("admin/", admin.site.urls),
]
