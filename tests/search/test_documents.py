"""An article's document built directly (search/documents.py) is the one haystack prepares.

haystack's `ArticleIndex` (fields, prepare_* methods, the text template) stays the definition of a
document; `prepare_document` builds an article's without it. Both must give equal documents: the
same keys in the same order, the same values of the same types (and so the same fingerprint), on
the seeds, on Reuters stories and on awkward articles; shapes the direct path leaves to haystack
(non-string standfirst lines, say) still give haystack's document.
"""

from __future__ import annotations

import datetime as dt

import pytest

from archive.models import Article, ArticleCountry, ArticleOrganisation, Country, Organisation, Source
from archive.search.documents import article_document
from archive.search.writer import _backend_and_index

pytestmark = pytest.mark.django_db


def assert_same_documents(articles) -> int:
    backend, index = _backend_and_index()
    compared = 0
    for article in articles:
        direct = article_document(article)
        assert direct is not None, article.import_ref
        haystack = backend.haystack_document(index, article)
        assert list(direct) == list(haystack)
        assert direct == haystack, article.import_ref
        assert {key: type(value) for key, value in direct.items() if key != "text"} == {
            key: type(value) for key, value in haystack.items() if key != "text"
        }
        assert isinstance(haystack["text"], str) and type(direct["text"]) is str
        assert backend.prepare_document(index, article) == haystack
        compared += 1
    return compared


def test_the_seeds_documents_are_haystacks(archive):
    # GIVEN the seeds imported; WHEN each article's document is built both ways; THEN they are equal
    _, index = _backend_and_index()
    assert assert_same_documents(index.index_queryset().order_by("pk")) >= 5


@pytest.mark.corpus
@pytest.mark.slow
def test_reuters_documents_are_haystacks(reuters_dir, django_capture_on_commit_callbacks):
    # GIVEN the first Reuters file imported (stories with and without dates, places, tags)
    from archive.importers import import_paths

    with django_capture_on_commit_callbacks(execute=True):
        import_paths([reuters_dir / "reut2-000.sgm"])
    _, index = _backend_and_index()
    # WHEN / THEN: every story's document is haystack's
    assert assert_same_documents(index.index_queryset().order_by("pk")) > 800


@pytest.fixture
def awkward(db) -> list[Article]:
    """Articles with every optional part set, missing or odd: sources, precisions, tags, lists."""
    source = Source.objects.create(name="Wire & Co <x>", slug="wire-co")
    france, japan = Country.objects.get(code="FR"), Country.objects.get(code="JP")
    with_acronym = Organisation.objects.create(name="Bank of Nowhere", acronym="BoN", slug="bon")
    without_acronym = Organisation.objects.create(name="Société Générale", slug="socgen")
    rows = [
        {"title": "Full", "source": source, "published": dt.date(2023, 6, 20), "precision": "day"},
        {"title": "Month", "published": dt.date(1987, 3, 1), "precision": "month", "standfirst": ["One", "Two"]},
        {"title": "Year", "published": dt.date(1987, 1, 1), "precision": "year", "captions": ["A <b>caption</b>"]},
        {"title": "Undated & {{ x }} {% y %}", "published": None, "author": "Jane O'Neil", "dateline_place": "PARIS"},
        {"title": "Empty body", "body": "", "standfirst": [], "captions": []},
        {"title": "Ünïcödé 中文", "body": "line\r\nbreaks\n\n  spaces \t tabs"},
    ]
    made = []
    for n, row in enumerate(rows):
        fields = {"body": f"Body {n}.", "raw_text": "x", "checksum": f"c{n}", "import_ref": f"awkward:{n}", **row}
        made.append(Article.objects.create(**fields))
    ArticleCountry.objects.create(article=made[0], country=japan)
    ArticleCountry.objects.create(article=made[0], country=france)
    ArticleCountry.objects.create(article=made[1], country=france, rejected=True)  # not in the document
    ArticleOrganisation.objects.create(article=made[0], organisation=without_acronym)
    ArticleOrganisation.objects.create(article=made[0], organisation=with_acronym)
    ArticleOrganisation.objects.create(article=made[2], organisation=with_acronym, rejected=True)
    return made


def test_awkward_articles_documents_are_haystacks(awkward):
    # GIVEN articles with and without source, date, tags, lists, odd characters
    _, index = _backend_and_index()
    # WHEN read as the writer reads them (tags prefetched) and one by one (tags queried); THEN equal
    assert assert_same_documents(index.index_queryset().order_by("pk")) == len(awkward)
    assert assert_same_documents(Article.objects.get(pk=article.pk) for article in awkward) == len(awkward)
    full = article_document(index.index_queryset().get(pk=awkward[0].pk))
    assert full["countries"] == ["FR", "JP"] and full["organisations"] == ["bon", "socgen"]
    assert full["source"] == ["wire-co"] and full["day"] == ["2023-06-20"] and full["date_sort"] == 20230620
    assert "Bank of Nowhere BoN Société Générale  \n" in full["text"]
    assert article_document(index.index_queryset().get(pk=awkward[1].pk))["countries"] == []


def test_shapes_left_to_haystack_still_give_haystacks_document(awkward):
    # GIVEN lists the template renders its own way (None, numbers) and a proxy-free but odd value
    backend, index = _backend_and_index()
    article = index.index_queryset().get(pk=awkward[1].pk)
    for standfirst in (["One", None], [1, 2.5], "a string", {"k": "v"}):
        article.standfirst = standfirst
        # WHEN the direct builder sees it; THEN it declines, and prepare_document gives haystack's
        assert article_document(article) is None
        assert backend.prepare_document(index, article) == backend.haystack_document(index, article)
    article.standfirst, article.captions = [], [None]
    assert article_document(article) is None
    assert backend.prepare_document(index, article) == backend.haystack_document(index, article)
