"""The Nu HTML Checker (vnu.jar, the W3C's validator) finds no error in any public page's markup."""

from __future__ import annotations

import re

import pytest
from django.test import Client, RequestFactory

from archive import errors
from archive.models import Article
from archive.search import apply_pending
from tests.checkers import nu

pytestmark = pytest.mark.slow  # one Java start: about 5 s


def public_pages(client: Client) -> dict[str, str]:
    """Every kind of public page, as a reader reaches it, with the seeded archive: {name: HTML}."""
    article = Article.objects.order_by("pk").first()
    urls = {
        "search, empty": "/",
        "search with a query and filters": "/?q=pakistan&country=PK&sort=newest",
        "search, a date drill-down": "/?date=2023",
        "search, a date range": "/?from=2023-01-01&to=2024-12-31",
        "search, nothing found and a bad date": "/?q=zzzzqqq&from=1987-02-30",
        "search, a deep page": "/?page=2",
        "search, a query that cannot run": "/?q=*",
        "key words in context, a query that cannot run": "/concordance/?q=*",
        "article": article.get_absolute_url(),
        # its back link, highlighted words and its place among the results
        "article, arriving from a search": article.get_absolute_url() + "?back=q%3Dpakistan%26sort%3Doldest",
        "countries": "/countries/?sort=count",
        "a country's page": "/countries/PK/",
        "a country's page, log scale": "/countries/PK/?scale=log",
        "a country's page, share of the month": "/countries/PK/?measure=share",
        "a country's page compared with another": "/countries/PK/?compare=country:RU&scale=log",
        "organisations": "/organisations/?q=fund",
        "an organisation's page": "/organisations/imf/",
        "sources": "/sources/?sort=count",
        "writers": "/writers/?sort=count",
        "a writer's page": "/writers/jane-doe/",
        "a search's timeline, compared": "/timeline/?q=pakistan&compare=russia&compare=asean&measure=share&scale=log",
        "a search's timeline, share of the filtered articles": "/timeline/?q=pakistan&country=PK&compare=minister"
        "&measure=within",
        "a search's timeline, nothing dated": "/timeline/?q=zzzzqqq&country=ZZ",
        "a search's key words in context": "/concordance/?q=pakistan+OR+%22foreign+minister%22&by=right&context=5",
        "key words in context, no words to mark": "/concordance/?country=PK&context=x",
        "selected articles": f"/selected/?ids={article.pk},987654",
        "selected articles, none": "/selected/",
        "search, undated and sorted": "/?date=undated&sort=oldest",
        "help": "/help/",
        "advanced search": "/advanced/",
        "advanced search, its boxes marked": "/advanced/?all_words=x&date_from=2024-05-01&date_to=2023-01-01"
        "&country=ZZ",
        "advanced search, filled in from a search": "/advanced/?q=asean+OR+russia&country=PK&country=RU&date=2023-06"
        "&versions=all&sort=newest",
        "API documentation": "/api/",
        "404": "/no-such-page/",
    }
    pages = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response["Content-Type"].startswith("text/html"), (name, response["Content-Type"])
        pages[name] = response.content.decode()
    assert 'class="result-nav"' in pages["article, arriving from a search"]
    request = RequestFactory().get("/")
    pages["500"] = errors.server_error(request).content.decode()
    pages["429"] = errors.too_many_requests(request, 30).content.decode()
    pages["403"] = errors.permission_denied(request).content.decode()
    pages["400"] = errors.bad_request(request).content.decode()
    return pages


def test_every_public_page_is_valid_html(archive, client, tmp_path):
    # GIVEN the seeded archive, its first article by two writers (a byline of links on its page, in the results)
    article = Article.objects.order_by("pk").first()
    article.author = "Jane Doe and John Smith"
    article.save()
    apply_pending()
    # WHEN the Nu checker reads every kind of public page
    found = nu.errors(public_pages(client), tmp_path)
    # THEN it reports no error
    assert not found, "\n".join(f"{page}:\n  " + "\n  ".join(messages) for page, messages in found.items())


def test_every_label_and_description_points_at_an_element_of_its_page(archive, client):
    # GIVEN every kind of public page (the advanced form with its errors among them)
    for name, html in public_pages(client).items():
        ids = set(re.findall(r'\sid="([^"]+)"', html))
        # THEN each id a label, a description or a control names is on the page: a field's error message a
        # screen reader would not read out otherwise (the Nu checker does not look)
        for attribute in ("for", "aria-describedby", "aria-labelledby", "aria-controls"):
            for value in re.findall(rf'\s{attribute}="([^"]+)"', html):
                missing = set(value.split()) - ids
                assert not missing, f"{name}: {attribute}={value!r} names no element"
