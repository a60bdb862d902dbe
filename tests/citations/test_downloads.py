"""archive/cite_views.py and the "Cite this article" block: RIS, BibTeX and CSL-JSON read back by real readers."""

import json

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from django.conf import settings

from archive.citations.formatting import STYLES_DIR
from archive.models import Article


def _get(client, article, ext):
    return client.get(f"/articles/{article.pk}/cite.{ext}")


def test_ris_reads_back_with_rispy(client, archive, dated):
    for article in Article.objects.all():
        response = _get(client, article, "ris")
        assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
        assert response["Content-Disposition"] == f'attachment; filename="article-{article.pk}.ris"'
        [entry] = rispy.loads(response.content.decode())
        assert entry["type_of_reference"] == "NEWS"
        assert entry["title"] == article.title
        assert entry["urls"] == [f"http://testserver{article.get_absolute_url()}"]
        if article.published is None:
            assert "year" not in entry and "date" not in entry
    [entry] = rispy.loads(_get(client, dated, "ris").content.decode())
    assert entry["authors"] == ["Rana, Shahbaz", "von der Leyen, Ursula"]
    assert entry["secondary_title"] == "Dawn & Co {Karachi}"
    assert entry["year"] == "2023" and entry["date"] == "2023/06//"
    assert entry["place_published"] == "Islamabad"


def test_bibtex_reads_back_with_bibtexparser(client, archive, dated):
    for article in Article.objects.all():
        response = _get(client, article, "bib")
        assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
        library = bibtexparser.parse_string(response.content.decode(), append_middleware=[LatexDecodingMiddleware()])
        assert not library.failed_blocks
        [entry] = library.entries
        # an article of a known outlet, else "misc" (an @article must name its journal)
        assert entry.entry_type == ("article" if article.source_id else "misc")
        assert entry["title"] == article.title
        assert ("year" in entry.fields_dict) == (article.published is not None)
    library = bibtexparser.parse_string(
        _get(client, dated, "bib").content.decode(), append_middleware=[LatexDecodingMiddleware()]
    )
    [entry] = library.entries
    # THEN the special characters were escaped and decode back to the text
    assert entry["title"] == dated.title
    assert entry["journal"] == "Dawn & Co {Karachi}"
    assert entry["author"] == "Rana, Shahbaz and von der Leyen, Ursula"
    assert entry["year"] == "2023" and entry["month"] == "jun" and "day" not in entry.fields_dict
    assert entry.key == f"article-{dated.pk}"


def test_bibtex_escapes_every_special_character():
    from archive.citations import bibtex_escape

    assert bibtex_escape("a\\b{c}%$&#_^~") == r"a\textbackslash{}b\{c\}\%\$\&\#\_\textasciicircum{}\textasciitilde{}"
    # (braces that do not pair up: below)
    assert bibtex_escape("two\nlines\x00") == "two lines"


@pytest.mark.parametrize("title", ["index closes at {record high", "x}, title={pwned} % comment", "}{", "{{{"])
def test_a_bibtex_value_keeps_its_braces_balanced_whatever_the_text(title):
    """BibTeX, biber and pybtex count every brace, a backslash before it or not: "\\{" left one open, and the entry's
    other fields became part of its title (bibtexparser, which honours the backslash, did not show it)."""
    from archive.citations import bibtex_escape

    escaped = bibtex_escape(title)
    depth = 0
    for char in escaped:
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0, escaped
    assert depth == 0, escaped


def test_bibtex_keeps_the_title_as_written(client, archive):
    # GIVEN a wire headline in capitals and a title with an acronym and proper names
    wire, mixed = Article.objects.order_by("pk")[:2]
    wire.title, mixed.title = "ICO COUNCIL ENDS IN FAILURE TO AGREE QUOTAS", "Pakistan & the US agree on IMF terms"
    Article.objects.bulk_update([wire, mixed], ["title"])
    for article, written in ((wire, "ICO COUNCIL ENDS IN FAILURE TO AGREE QUOTAS"), (mixed, r"Pakistan \& the US")):
        # WHEN each is downloaded as BibTeX
        [entry] = bibtexparser.parse_string(_get(client, article, "bib").content.decode()).entries
        # THEN the title is in a second pair of braces, which BibTeX styles do not lower-case ("Ico council…",
        # "the us agree on imf terms"), as the page's citations and the RIS and CSL-JSON keep it
        assert entry["title"].startswith("{" + written) and entry["title"].endswith("}")


def test_an_unsigned_article_is_sorted_and_labelled_by_its_outlet_in_bibtex(client, archive, dated):
    # GIVEN an article of an outlet with no byline, and one with a byline
    unsigned = Article.objects.exclude(pk=dated.pk).first()
    unsigned.source, unsigned.author = dated.source, ""
    unsigned.save()
    # WHEN each is downloaded as BibTeX
    [entry] = bibtexparser.parse_string(_get(client, unsigned, "bib").content.decode()).entries
    [signed] = bibtexparser.parse_string(_get(client, dated, "bib").content.decode()).entries
    # THEN the unsigned one has the outlet as `key`, what BibTeX styles sort and label it by with no author
    # (apalike's "(Dawn & Co {Karachi}, 2023)", not the citation key's first letters "(art, 2023)"); the signed none
    assert entry["key"] == r"Dawn \& Co \{Karachi\}" and "author" not in entry.fields_dict
    assert "key" not in signed.fields_dict


def test_csl_json_formats_with_citeproc(client, archive, dated):
    response = _get(client, dated, "json")
    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
    items = json.loads(response.content)
    assert items[0]["issued"] == {"date-parts": [[2023, 6]]}
    style = CitationStylesStyle(str(STYLES_DIR / "apa.csl"), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    bibliography.register(Citation([CitationItem(items[0]["id"])]))
    assert "(2023, June)" in str(bibliography.bibliography()[0])


def test_unpublished_articles_are_404_for_readers(client, admin_client, archive):
    article = Article.objects.first()
    article.is_published = False
    article.save()
    for ext in ("ris", "bib", "json"):
        assert _get(client, article, ext).status_code == 404
        assert _get(admin_client, article, ext).status_code == 200
    assert client.get(f"/articles/{article.pk}/cite.txt").status_code == 404
    assert client.get("/articles/999999/cite.ris").status_code == 404


@pytest.mark.parametrize("staff", [False, True])
def test_the_article_page_has_the_cite_block(client, admin_client, dated, staff):
    page = (admin_client if staff else client).get(dated.get_absolute_url()).content.decode()
    assert "Cite this article" in page
    for label in ("APA (7th edition)", "Chicago (author-date)", "MLA (9th edition)"):
        assert label in page
    for ext in ("ris", "bib", "json"):
        assert f'href="/articles/{dated.pk}/cite.{ext}"' in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page


def test_an_articles_downloads_say_what_its_export_says(client, dated):
    # GIVEN an article with tags and its original address
    dated.url = "https://www.dawn.com/news/1756"
    dated.save()
    assert dated.countries.exists()
    for ext, export_format in (("ris", "ris"), ("bib", "bibtex")):
        # WHEN it is downloaded from its page and exported alone
        download = _get(client, dated, ext).content.decode()
        export = b"".join(client.get(f"/api/articles/export?ids={dated.pk}&format={export_format}").streaming_content)
        # THEN both are the same reference, keywords and original address included
        assert download == export.decode()
        assert "https://www.dawn.com/news/1756" in download
    [entry] = rispy.loads(_get(client, dated, "ris").content.decode())
    assert "Pakistan" in entry["keywords"] and entry["file_attachments2"] == "https://www.dawn.com/news/1756"
    # and the CSL-JSON has them too, in CSL's own variables, and nothing only RIS or BibTeX read
    [item] = json.loads(_get(client, dated, "json").content)
    assert item["note"] == "Source: https://www.dawn.com/news/1756"
    assert item["keyword"] and not [key for key in item if key.startswith("_")]


def test_each_copy_button_is_named_for_its_style_and_says_copied_in_a_live_region(client, dated):
    # GIVEN an article page WHEN it is read THEN its three Copy buttons name their style to a screen reader
    page = client.get(dated.get_absolute_url()).content.decode()
    for style, name in (("apa", "APA"), ("chicago", "Chicago"), ("mla", "MLA")):
        assert (
            f'data-copy="citation-{style}" hidden><span class="copy-label">Copy</span>'
            f'<span class="visually-hidden"> {name} citation</span></button>'
        ) in page
    # and "Copied" is said through a live region
    assert '<p class="copy-status visually-hidden" role="status"></p>' in page
    # and the script copies the HTML (italics) with the plain text, and plain text where HTML cannot be
    script = (settings.BASE_DIR / "static" / "archive" / "cite.js").read_text()
    assert '"text/html": new Blob([target.outerHTML]' in script and '"text/plain": new Blob([text]' in script
    assert "navigator.clipboard.writeText(text)" in script and "status.textContent = said" in script
