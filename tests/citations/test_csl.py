"""archive/citations/csl.py: an article as CSL-JSON, bylines as names, stable keys."""

import datetime as dt

import pytest

from archive.citations import article_item, authors, citation_key
from archive.citations.csl import Person
from archive.models import Article

ACCESSED = dt.date(2026, 12, 3)


@pytest.mark.parametrize(
    ("byline", "people"),
    [
        ("By Jane Doe and John Smith", [Person("Doe", "Jane"), Person("Smith", "John")]),
        ("Ursula von der Leyen", [Person("von der Leyen", "Ursula")]),
        ("Doe, Jane", [Person("Doe", "Jane")]),
        ("Jane Doe, John A. Smith", [Person("Doe", "Jane"), Person("Smith", "John A.")]),
        ("Staff Reporter", [Person(literal="Staff Reporter")]),
        ("Our Correspondent", [Person(literal="Our Correspondent")]),
        ("APP", [Person(literal="APP")]),
        ("REUTERS STAFF", [Person(literal="REUTERS STAFF")]),
        ("", []),
        # a name in a script written without spaces: one person, family name first, kept whole
        ("王小明", [Person("王小明")]),
        ("山田太郎", [Person("山田太郎")]),
        # "Abd" and the name after it are one name
        ("محمد عبد الرحمن", [Person("عبد الرحمن", "محمد")]),
        ("Mohammed Abd al-Rahman", [Person("Abd al-Rahman", "Mohammed")]),
        # a French or Spanish byline's word, stored before import took it off, is no given name
        ("Par Claire Martin", [Person("Martin", "Claire")]),
        ("Por Juan García", [Person("García", "Juan")]),
        ("Von Trapp", [Person("Trapp", "Von")]),
    ],
)
def test_bylines_split_into_family_and_given_only_when_safe(byline, people):
    assert authors(byline) == people


def test_every_seed_is_a_newspaper_article_with_its_permalink(archive, request_):
    # GIVEN the five seed files' articles WHEN each becomes CSL-JSON
    for article in Article.objects.with_tags():
        item = article_item(article, request_, accessed=ACCESSED)
        # THEN it is a newspaper article whose URL is the absolute canonical permalink
        assert item["type"] == "article-newspaper"
        assert item["title"] == article.title
        assert item["URL"] == f"http://localhost{article.get_absolute_url()}"
        assert item["accessed"] == {"date-parts": [[2026, 12, 3]]}
        # and its date has the article's precision: none at all when unknown
        if article.published is None:
            assert "issued" not in item
        else:
            day = article.published
            assert item["issued"] == {"date-parts": [[day.year, day.month, day.day]]}
        assert "author" not in item and "container-title" not in item  # the seeds have neither


def test_month_and_year_precision_keep_their_parts(dated, request_):
    item = article_item(dated, request_, accessed=ACCESSED)
    assert item["issued"] == {"date-parts": [[2023, 6]]}
    assert item["container-title"] == "Dawn & Co {Karachi}"
    assert item["publisher-place"] == "Islamabad"
    assert item["author"] == [{"family": "Rana", "given": "Shahbaz"}, {"family": "von der Leyen", "given": "Ursula"}]
    dated.precision = "year"
    assert article_item(dated, request_, accessed=ACCESSED)["issued"] == {"date-parts": [[2023]]}


def test_citation_keys_are_stable_and_unique(archive, dated):
    keys = [citation_key(article) for article in Article.objects.with_tags()]
    assert len(set(keys)) == len(keys)
    assert citation_key(dated) == f"article-{dated.pk}"
    assert all(key == key.encode("ascii", "ignore").decode() for key in keys)


def test_a_citation_key_survives_an_editors_corrections(dated, request_):
    # GIVEN an article's key, as a thesis cites it
    key = citation_key(dated)
    # WHEN an editor corrects its year, adds an author, retitles it and moves it to another outlet
    dated.published = dt.date(2022, 6, 1)
    dated.author = "By Ali Gooding and Shahbaz Rana"
    dated.title = "Corrected title"
    dated.source = None
    dated.save()
    corrected = Article.objects.with_tags().get(pk=dated.pk)
    # THEN its key, and its CSL-JSON item's id (every download's and export's), is the same
    assert citation_key(corrected) == key
    assert article_item(corrected, request_, accessed=ACCESSED)["id"] == key
