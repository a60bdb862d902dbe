import datetime as dt

import pytest
from django.test import RequestFactory

from archive.models import Article, Source


@pytest.fixture
def request_():
    return RequestFactory().get("/", HTTP_HOST="localhost")


@pytest.fixture
def dated(archive):
    """GIVEN the seeds, one of them from a named outlet with a byline and a month-precision date."""
    article = Article.objects.filter(dateline_place="Islamabad").order_by("pk").first()
    article.source = Source.objects.create(name="Dawn & Co {Karachi}")
    article.author = "By Shahbaz Rana and Ursula von der Leyen"
    article.published = dt.date(2023, 6, 1)
    article.precision = "month"
    article.title = 'Pakistan & IMF agree 100% on "loan" <b>x</b>_2 #1'
    article.save()
    return Article.objects.with_tags().get(pk=article.pk)
