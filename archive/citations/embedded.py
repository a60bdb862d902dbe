"""What reference managers, Wikipedia's Citoid and search engines read from an article's page: the metadata in its
<head>, in the vocabularies they look for, all made from the article's CSL-JSON item (`csl.csl_item`) so the page
says what its citations and downloads say.

- Highwire Press `citation_*` tags (Google Scholar's inclusion guidelines; Zotero's and Citoid's first choice);
- Dublin Core `DC.*` and PRISM's `prism.publicationName` (the outlet, which Zotero takes as the publication);
- a schema.org `NewsArticle` in JSON-LD (search engines; the country and organisation tags as what it is about).

A date keeps its precision in each form ("1987/03" and "1987-03" for a month), and a byline that names a desk or an
agency is not given to the tags that expect a person (a reader's software would file "Staff Reporter" as
"Reporter, Staff"); the JSON-LD names it as an organisation.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from archive.models import Article

_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@dataclass(frozen=True)
class PageMetadata:
    names: list[tuple[str, str]] = field(default_factory=list)  # <meta name=… content=…>, in order
    properties: list[tuple[str, str]] = field(default_factory=list)  # <meta property=…> (Open Graph's article:*)
    json_ld: dict = field(default_factory=dict)

    @property
    def json_ld_text(self) -> str:
        """The JSON-LD as the text of a <script type="application/ld+json"> element: "</script>" or "<!--" in a
        title must not end or change the element, so no "<", ">" or "&" is written as itself."""
        return json.dumps(self.json_ld, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)


def _person_name(person: dict) -> str:
    """ "Family, Given": the form Highwire and Dublin Core ask for, unambiguous for "Ursula von der Leyen"."""
    return f"{person['family']}, {person['given']}" if person.get("given") else person["family"]


def _ld_author(person: dict) -> dict:
    if "literal" in person:
        return {"@type": "Organization", "name": person["literal"]}
    name = f"{person['given']} {person['family']}" if person.get("given") else person["family"]
    author = {"@type": "Person", "name": name, "familyName": person["family"]}
    if person.get("given"):
        author["givenName"] = person["given"]
    return author


def page_metadata(article: Article, item: dict, *, description: str, absolute: Callable[[str], str]) -> PageMetadata:
    """The article page's embedded metadata; `item` is its CSL-JSON item, `absolute` makes a path a full URL."""
    people = item.get("author", [])
    named = [_person_name(person) for person in people if "literal" not in person]
    parts = item.get("issued", {}).get("date-parts", [[]])[0]
    iso_date = "-".join(f"{part:02d}" if index else f"{part:04d}" for index, part in enumerate(parts))
    outlet = item.get("container-title", "")
    countries = [tag.country for tag in article.active_country_tags()]
    organisations = [tag.organisation for tag in article.active_organisation_tags()]
    subjects = [country.name for country in countries] + [organisation.name for organisation in organisations]

    names = [("citation_title", item["title"])]
    names += [("citation_author", name) for name in named]
    if iso_date:
        names.append(("citation_publication_date", iso_date.replace("-", "/")))
    if item.get("language"):
        names.append(("citation_language", item["language"]))
    if subjects:
        names.append(("citation_keywords", "; ".join(subjects)))
    names += [("DC.title", item["title"])]
    names += [("DC.creator", name) for name in named]
    if iso_date:
        names.append(("DC.date", iso_date))
    if outlet:
        names += [("DC.publisher", outlet), ("prism.publicationName", outlet)]
    names += [("DC.type", "Text"), ("DC.format", "text/html"), ("DC.identifier", item["URL"])]
    if item.get("language"):
        names.append(("DC.language", item["language"]))
    names += [("DC.subject", subject) for subject in subjects]

    properties = [("article:tag", subject) for subject in subjects]
    json_ld = _news_article(
        article, item, iso_date=iso_date, outlet=outlet, description=description, countries=countries,
        organisations=organisations, absolute=absolute,
    )  # fmt: skip
    return PageMetadata(names=names, properties=properties, json_ld=json_ld)


def _news_article(
    article: Article,
    item: dict,
    *,
    iso_date: str,
    outlet: str,
    description: str,
    countries: list,
    organisations: list,
    absolute: Callable[[str], str],
) -> dict:
    """A schema.org NewsArticle: the article at its permalink here, the outlet as its publisher, the original
    address as `sameAs`, and the tags as what it is `about` (each with its page in this archive)."""
    ld: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": item["URL"],
        "url": item["URL"],
        "mainEntityOfPage": item["URL"],
        "headline": item["title"],
        "description": description,
        "isAccessibleForFree": True,
    }
    if iso_date:
        ld["datePublished"] = iso_date
    if item.get("language"):
        ld["inLanguage"] = item["language"]
    if item.get("author"):
        ld["author"] = [_ld_author(person) for person in item["author"]]
    if outlet:
        publisher = {"@type": "Organization", "name": outlet}
        if article.source.domain:
            publisher["url"] = f"https://{article.source.domain}/"
        ld["publisher"] = publisher
    if article.url.lower().startswith(("http://", "https://")):
        ld["sameAs"] = article.url
    if article.dateline_place:
        ld["locationCreated"] = {"@type": "Place", "name": article.dateline_place}
    about = [
        {
            "@type": "Country",
            "name": country.name,
            "identifier": country.code,
            "url": absolute(reverse("archive:country", kwargs={"code": country.code})),
        }
        for country in countries
    ] + [
        {
            "@type": "Organization",
            "name": organisation.name,
            "url": absolute(reverse("archive:organisation", kwargs={"slug": organisation.slug})),
        }
        for organisation in organisations
    ]
    if about:
        ld["about"] = about
    ld["isPartOf"] = {"@type": "WebSite", "name": "News archive", "url": absolute(reverse("archive:search"))}
    return ld
