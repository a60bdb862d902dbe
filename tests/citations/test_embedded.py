"""archive/citations/embedded.py: the metadata an article's page embeds, made from its CSL-JSON item."""

import json

from archive.citations import article_item, page_metadata
from archive.models import Article


def _metadata(article, request_, description="The start of the text."):
    item = article_item(article, request_)
    return page_metadata(article, item, description=description, absolute=request_.build_absolute_uri)


def _values(meta, name):
    return [content for key, content in meta.names if key == name]


def test_the_tags_say_what_the_citation_says(dated, request_):
    # GIVEN an article from a named outlet, two authors, a month-precision date and tags
    meta = _metadata(dated, request_)
    # THEN Highwire Press and Dublin Core name the authors family name first, the date to the month only
    assert _values(meta, "citation_title") == _values(meta, "DC.title") == [dated.title]
    assert _values(meta, "citation_author") == ["Rana, Shahbaz", "von der Leyen, Ursula"]
    assert _values(meta, "DC.creator") == ["Rana, Shahbaz", "von der Leyen, Ursula"]
    assert _values(meta, "citation_publication_date") == ["2023/06"]
    assert _values(meta, "DC.date") == ["2023-06"]
    # and the outlet is the publication (PRISM) and the publisher (Dublin Core)
    assert _values(meta, "prism.publicationName") == _values(meta, "DC.publisher") == ["Dawn & Co {Karachi}"]
    assert _values(meta, "DC.identifier") == [f"http://localhost{dated.get_absolute_url()}"]
    # and the tags are its keywords and subjects
    names = [tag.country.name for tag in dated.active_country_tags()]
    names += [tag.organisation.name for tag in dated.active_organisation_tags()]
    assert names and _values(meta, "DC.subject") == names
    assert _values(meta, "citation_keywords") == ["; ".join(names)]
    assert [content for key, content in meta.properties if key == "article:tag"] == names


def test_the_json_ld_is_a_news_article_about_its_tags(dated, request_):
    ld = _metadata(dated, request_, description="What it says.").json_ld
    permalink = f"http://localhost{dated.get_absolute_url()}"
    assert ld["@type"] == "NewsArticle" and ld["@context"] == "https://schema.org"
    assert ld["url"] == ld["@id"] == ld["mainEntityOfPage"] == permalink
    assert ld["headline"] == dated.title and ld["description"] == "What it says."
    assert ld["datePublished"] == "2023-06"
    assert ld["author"] == [
        {"@type": "Person", "name": "Shahbaz Rana", "familyName": "Rana", "givenName": "Shahbaz"},
        {"@type": "Person", "name": "Ursula von der Leyen", "familyName": "von der Leyen", "givenName": "Ursula"},
    ]
    assert ld["publisher"] == {"@type": "Organization", "name": "Dawn & Co {Karachi}"}
    assert ld["locationCreated"] == {"@type": "Place", "name": "Islamabad"}
    countries = [entry for entry in ld["about"] if entry["@type"] == "Country"]
    assert countries == [
        {
            "@type": "Country",
            "name": tag.country.name,
            "identifier": tag.country.code,
            "url": f"http://localhost/countries/{tag.country.code}/",
        }
        for tag in dated.active_country_tags()
    ]
    organisations = [entry["url"] for entry in ld["about"] if entry["@type"] == "Organization"]
    assert organisations == [
        f"http://localhost/organisations/{tag.organisation.slug}/" for tag in dated.active_organisation_tags()
    ]


def test_a_desk_byline_is_not_filed_as_a_person(dated, request_):
    # GIVEN a byline naming a desk, and an outlet with a web domain
    dated.author = "Staff Reporter"
    dated.source.domain = "dawn.com"
    meta = _metadata(dated, request_)
    # THEN the tags that expect a person's name leave it out (a citation tool would file "Reporter, Staff")
    assert _values(meta, "citation_author") == [] and _values(meta, "DC.creator") == []
    # and the JSON-LD names it as an organisation; the outlet's address is its home page
    assert meta.json_ld["author"] == [{"@type": "Organization", "name": "Staff Reporter"}]
    assert meta.json_ld["publisher"]["url"] == "https://dawn.com/"


def test_an_unknown_date_is_left_out_and_a_year_kept_as_a_year(archive, request_):
    undated = Article.objects.with_tags().filter(published__isnull=True).first()
    meta = _metadata(undated, request_)
    assert not _values(meta, "citation_publication_date") and not _values(meta, "DC.date")
    assert "datePublished" not in meta.json_ld and "author" not in meta.json_ld and "publisher" not in meta.json_ld
    dated = Article.objects.with_tags().filter(published__isnull=False).first()
    dated.precision = "year"
    meta = _metadata(dated, request_)
    assert _values(meta, "citation_publication_date") == [str(dated.published.year)]
    assert meta.json_ld["datePublished"] == str(dated.published.year)


def test_only_a_web_address_becomes_same_as(dated, request_):
    dated.url = "javascript:alert(1)"
    assert "sameAs" not in _metadata(dated, request_).json_ld
    dated.url = "https://www.dawn.com/news/1"
    assert _metadata(dated, request_).json_ld["sameAs"] == "https://www.dawn.com/news/1"


def test_the_script_text_cannot_end_its_element(dated, request_):
    # GIVEN a title that would close the <script> element or open a comment in it
    dated.title = 'Talks </script><script>alert(1)</script> <!-- & "more"'
    script = _metadata(dated, request_).json_ld_text
    # THEN no "<", ">" or "&" is written as itself, and the JSON reads back the same
    assert not set("<>&") & set(script)
    assert json.loads(script)["headline"] == dated.title
