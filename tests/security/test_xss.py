"""A corpus of XSS payloads in every field that reaches a page stays inert everywhere it is shown."""

import json
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from archive.models import Article, ArticleCountry, ArticleOrganisation, Country, Organisation, Source

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    '<a href="javascript:alert(3)">click</a>',
    "<svg onload=alert(4)><circle r=1></svg>",
    '<iframe src="javascript:alert(5)"></iframe>',
    "<<script>script>alert(6)<</script>/script>",
    "&lt;script&gt;alert(7)&lt;/script&gt;",
    '"><body onload=alert(8)>',
    "<scr<script>ipt>alert(9)</scr</script>ipt>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(10)>",
    "javascript:alert(11)",
    "<div style=\"background:url('javascript:alert(12)')\">x</div>",
]
ALL = " ".join(PAYLOADS)
# Data islands, never run: the admin's, and an article page's schema.org JSON-LD (checked to be JSON below).
OUR_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class ActiveContentFinder(HTMLParser):
    """Collects anything in a page that could run code."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.bodies = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not attributes.get("src") and attributes.get("type") not in OUR_SCRIPT_TYPES:
            self.problems.append(f"inline script {attrs}")
        if tag in {"iframe", "object", "embed", "math", "base"}:
            self.problems.append(f"<{tag} {attrs}>")
        if tag == "body":
            self.bodies += 1
            if self.bodies > 1:
                self.problems.append(f"a second <body {attrs}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}={value!r} on <{tag}>")
            dangerous_url = (value or "").strip().lower().startswith(("javascript:", "data:text/html"))
            if name in {"href", "src", "action", "formaction", "xlink:href"} and dangerous_url:
                self.problems.append(f"{name}={value!r} on <{tag}>")
            if name == "style" and "javascript:" in (value or ""):
                self.problems.append(f"style with javascript: on <{tag}>")


def active_content(html: str) -> list[str]:
    finder = ActiveContentFinder()
    finder.feed(html)
    return finder.problems


@pytest.fixture
def hostile(django_capture_on_commit_callbacks) -> Article:
    with django_capture_on_commit_callbacks(execute=True):
        source = Source.objects.create(name=f"Source {PAYLOADS[1]}", slug="evil-source", homepage="https://e.test")
        organisation = Organisation.objects.create(
            name=f"Org {PAYLOADS[0]}", acronym="<b>EV</b>", slug="evil", aliases=[PAYLOADS[3]]
        )
        country = Country.objects.get(code="PK")
        country.aliases = [PAYLOADS[2]]
        country.save()
        article = Article.objects.create(
            title=f"Hostile {PAYLOADS[0]} {PAYLOADS[1]}",
            standfirst=[PAYLOADS[3], PAYLOADS[7]],
            body=f"payload words here {ALL}\n\nSecond paragraph {ALL}",
            raw_text=ALL,
            captions=[PAYLOADS[4]],
            author=PAYLOADS[8],
            author_bio=PAYLOADS[9],
            url="javascript:alert(13)",
            dateline_place=PAYLOADS[5],
            date_text=PAYLOADS[6],
            source=source,
            checksum="x",
            import_ref="xss:1",
        )
        ArticleCountry.objects.create(article=article, country=country, origin="editor")
        ArticleOrganisation.objects.create(article=article, organisation=organisation, origin="editor")
    return article


@pytest.mark.parametrize(
    "url",
    [
        "/?q=payload",
        "/?q=script",
        "/?q=alert",
        "/",
        "/?country=PK&org=evil&source=evil-source",
        f"/?q={PAYLOADS[0]}",
        f"/?q={PAYLOADS[1]}",
        '/?q="><svg onload=alert(1)>',
        "/?country=<script>&org=<img>&date=<svg>&from=<x>&sort=<y>",
        "/concordance/?q=payload+OR+script+OR+alert",
        "/concordance/?q=payload&by=left&context=25",
        f"/concordance/?q={PAYLOADS[0]}&by=<svg>&context=<img>",
        "/writers/",  # the hostile byline's names, their outlets and searches
        "/writers/?q=<script>&sort=<svg>",
        f"/advanced/?q={PAYLOADS[0]}",  # the form filled in with a search: its words in the boxes
        f"/advanced/?q=payload+OR+{PAYLOADS[1]}&country=PK&country=<script>&date=<svg>",
    ],
)
def test_search_page_is_inert(client, hostile, url):
    response = client.get(url)
    assert response.status_code == 200
    assert active_content(response.content.decode()) == []


def test_a_hostile_writers_page_is_inert(client, hostile):
    # GIVEN the hostile byline's writers, as the list names them
    pages = [urlsplit(row["url"]).path for row in client.get("/api/writers/").json()["results"]]
    assert pages
    # WHEN each one's page is read THEN its name, spellings and articles are shown as text
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200
        assert active_content(response.content.decode()) == []


def test_the_advanced_search_form_gives_back_what_was_typed_inert(client, hostile):
    # GIVEN payloads in every box and a country that does not exist WHEN the form comes back marked (400)
    boxes = ("all_words", "phrase", "any_words", "none_words", "title_words", "writer")
    response = client.get("/advanced/", {**dict.fromkeys(boxes, PAYLOADS[0]), "country": PAYLOADS[1]})
    # THEN every value is shown as text
    assert response.status_code == 400
    assert active_content(response.content.decode()) == []


def test_article_page_is_inert(client, hostile):
    html = client.get(hostile.get_absolute_url()).content.decode()
    assert active_content(html) == []
    assert "&lt;script&gt;" in html  # shown as text, not dropped
    # AND its JSON-LD island is one JSON document holding the hostile title whole: nothing in it ended the element
    [island] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert json.loads(island)["headline"] == hostile.title and "<" not in island


def test_raw_text_is_plain_and_sandboxed(client, hostile):
    response = client.get(f"/articles/{hostile.pk}/raw/")
    assert response["Content-Type"].startswith("text/plain")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response.content.decode() == ALL


def test_api_is_json_and_not_sniffable(client, hostile):
    for url in ("/api/search/?q=payload", f"/api/articles/{hostile.pk}/"):
        response = client.get(url)
        assert response["Content-Type"] == "application/json"
        assert response["X-Content-Type-Options"] == "nosniff"
        json.loads(response.content)  # well-formed: the payloads are only string values


def test_feed_descriptions_are_escaped_text(client, hostile):
    from xml.etree import ElementTree

    response = client.get("/feeds/search/?q=payload")
    root = ElementTree.fromstring(response.content)
    for item in root.iter("item"):
        # A reader renders the description as HTML: it must contain no markup of its own.
        description = item.findtext("description")
        assert active_content(description) == [] and "<script" not in description


@pytest.mark.parametrize(
    "url",
    [
        "/admin/archive/article/",
        "/admin/archive/article/?q=payload",
        "/admin/archive/organisation/",
        "/admin/archive/source/",
        "/admin/archive/country/?q=Pakistan",
    ],
)
def test_admin_lists_are_inert(admin_client, hostile, url):
    response = admin_client.get(url)
    assert response.status_code == 200
    assert active_content(response.content.decode()) == []


def test_admin_change_and_history_pages_are_inert(admin_client, hostile):
    for url in (
        f"/admin/archive/article/{hostile.pk}/change/",
        f"/admin/archive/article/{hostile.pk}/history/",
        f"/admin/archive/organisation/{Organisation.objects.get(slug='evil').pk}/change/",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200
        assert active_content(response.content.decode()) == [], url


def test_the_checker_catches_what_it_should():
    assert active_content("<script>x</script>") and active_content('<img onerror="x">')
    assert active_content('<a href="javascript:x">') and not active_content('<script src="/static/a.js"></script>')
