"""The article page's embedded metadata as Wikipedia's Citoid reads it (html-metadata, its scraper, in Node), and
valid to the Nu HTML Checker with every tag it can hold."""

import pytest

from archive.models import Article
from tests.checkers import nu
from tests.checkers.citoid import scraped


def test_citoid_reads_the_citation_from_the_page(client, archive, dated):
    # GIVEN an article with two authors, an outlet, a month-precision date and tags
    # WHEN Citoid's scraper reads its page
    html = client.get(dated.get_absolute_url()).content.decode()
    found = scraped(html)
    permalink = f"http://testserver{dated.get_absolute_url()}"
    # THEN Highwire Press gives the title, the authors family name first and the date to the month
    assert found["highwirePress"]["title"] == dated.title
    assert found["highwirePress"]["author"] == ["Rana, Shahbaz", "von der Leyen, Ursula"]
    assert found["highwirePress"]["publication_date"] == "2023/06"
    # and PRISM and Dublin Core name the outlet, the permalink and the date
    assert found["prism"]["publicationName"] == "Dawn & Co {Karachi}"
    assert found["dublinCore"]["publisher"] == "Dawn & Co {Karachi}"
    assert found["dublinCore"]["identifier"] == permalink
    assert found["dublinCore"]["date"] == "2023-06"
    # and the JSON-LD is the news article at its permalink, which Open Graph and the canonical link agree on
    assert found["jsonLd"]["@type"] == "NewsArticle"
    assert found["jsonLd"]["headline"] == dated.title and found["jsonLd"]["url"] == permalink
    assert found["openGraph"]["url"] == found["general"]["canonical"] == permalink


def test_every_seed_page_gives_its_title_and_date_or_none(client, archive):
    # GIVEN the seeds' pages (no author, no outlet; one without a date)
    for article in Article.objects.all():
        found = scraped(client.get(article.get_absolute_url()).content.decode())
        # THEN each gives its title, no invented author, and its date only when known
        assert found["highwirePress"]["title"] == article.title
        assert "author" not in found["highwirePress"] and "prism" not in found
        date = found["highwirePress"].get("publication_date")
        assert date == (article.published.strftime("%Y/%m/%d") if article.published else None)
        assert found["jsonLd"].get("datePublished") == (article.published.isoformat() if article.published else None)


@pytest.mark.slow  # one Java start: about 5 s
def test_the_page_with_every_tag_is_valid_html(client, archive, dated, tmp_path):
    dated.url = "https://www.dawn.com/news/1"
    dated.save()
    html = client.get(dated.get_absolute_url()).content.decode()
    assert 'name="citation_author"' in html and 'name="prism.publicationName"' in html and '"sameAs"' in html
    assert nu.errors({"article with authors, outlet and address": html}, tmp_path) == {}


def test_a_hostile_title_stays_inside_the_json_ld(client, archive, dated):
    # GIVEN a title that would end the JSON-LD's <script> element and start another
    dated.title = 'Talks </script><script>alert(1)</script> <!-- & "more"'
    dated.save()
    html = client.get(dated.get_absolute_url()).content.decode()
    # THEN the page holds no script of its own making, and Citoid's scraper reads the title back whole
    assert "<script>alert(1)" not in html
    assert scraped(html)["jsonLd"]["headline"] == dated.title
