"""archive/citations/formatting.py (and citeproc_fixes.py): APA, Chicago and MLA through citeproc-py."""

import datetime as dt
import re

from archive.citations import article_item, citations, cite_html, cite_text
from archive.models import Article

ACCESSED = dt.date(2026, 12, 3)


def _texts(item):
    return {style: cite_text(item, style) for style in ("apa", "chicago", "mla")}


def test_unknown_dates_cite_as_no_date(archive, request_):
    # GIVEN every seed article WHEN cited THEN an unknown date is "n.d." in APA and Chicago, and each
    # style names the title once and the permalink
    for article in Article.objects.with_tags():
        item = article_item(article, request_, accessed=ACCESSED)
        texts = _texts(item)
        for text in texts.values():
            assert item["URL"] in text
            assert text.lower().count(article.title[:30].lower()) == 1, text
            assert "Edition" not in text
        if article.published is None:
            assert "(n.d.)" in texts["apa"]
            assert " n.d. " in texts["chicago"]
            assert "Accessed 3 Dec. 2026" in texts["mla"]
        else:
            assert f"({article.published.year}, {article.published:%B} {article.published.day})" in texts["apa"]


def test_a_month_precision_date_cites_as_year_and_month(dated, request_):
    texts = _texts(article_item(dated, request_, accessed=ACCESSED))
    assert texts["apa"].startswith("Rana, S., & von der Leyen, U. (2023, June). Pakistan & IMF")
    assert "Dawn & Co {Karachi}" in texts["apa"]
    assert texts["chicago"].startswith("Rana, Shahbaz, and Ursula von der Leyen. 2023.")
    assert "(Islamabad), June." in texts["chicago"]
    assert texts["mla"].startswith("Rana, Shahbaz, and Ursula von der Leyen.")
    assert "June 2023" in texts["mla"]
    assert "June 1" not in texts["chicago"] and "1 June" not in texts["mla"]


def test_html_escapes_the_text_and_keeps_only_italics(dated, request_):
    html = cite_html(article_item(dated, request_, accessed=ACCESSED), "apa")
    assert "<b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html
    assert "Pakistan &amp; IMF" in html
    assert "<i>Dawn &amp; Co {Karachi}</i>" in html


def test_every_style_is_offered(dated, request_):
    styles = citations(article_item(dated, request_, accessed=ACCESSED))
    assert [style["key"] for style in styles] == ["apa", "chicago", "mla"]
    assert all(style["html"] for style in styles)


def test_a_reference_list_holds_every_item_once_in_the_styles_order(archive, request_):
    from archive.citations import reference_list

    # GIVEN the seed articles (no author: each style files them by title) in the archive's order
    articles = list(Article.objects.with_tags().order_by("-pk"))
    items = [article_item(article, request_, accessed=ACCESSED) for article in articles]
    for style in ("apa", "chicago", "mla"):
        # WHEN they are made one style's reference list
        entries = [str(entry) for entry in reference_list(items, style)]
        # THEN each is there once, as its own citation, and the list is in the style's order, not the given one
        assert sorted(entries) == sorted(str(cite_html(item, style)) for item in items)
        urls = [next(item["URL"] for item in items if item["URL"] in entry) for entry in entries]
        assert len(set(urls)) == len(articles)
    apa = [str(entry) for entry in reference_list(items, "apa")]
    titles = [next(a.title for a in articles if a.get_absolute_url() in entry) for entry in apa]
    # (word by word, the punctuation and quotes left out: "Pakistan, Canada …" before "Pakistan desires …")
    by_title = sorted(titles, key=lambda title: " ".join(re.sub(r"[^\w\s]", " ", title.lower()).split()))
    assert titles == by_title and [a.title for a in articles] != by_title


def test_american_styles_put_the_full_stop_inside_the_closing_quote():
    # GIVEN a newspaper article cited in Chicago and MLA, which quote its title (their en-US locale sets
    # punctuation-in-quote, which citeproc-py leaves undone)
    item = {
        "id": "opec",
        "type": "article-newspaper",
        "title": "OPEC may have to meet to firm prices",
        "author": [{"family": "D'Afflisio", "given": "Ted"}],
        "container-title": "Reuters",
        "issued": {"date-parts": [[1987, 2, 26]]},
        "URL": "http://localhost/articles/1/opec/",
    }
    for style in ("chicago", "mla"):
        text, html = cite_text(item, style), str(cite_html(item, style))
        # THEN the title's full stop stands inside the quotes, as American usage has it
        assert "Prices.”" in text and "”." not in text and "”," not in text, text
        assert "Prices.”" in html and "”." not in html, html


def _newspaper_item(number, title, *, family="", given="", outlet="Reuters", date=(1987, 3, 2), place=""):
    item = {
        "id": f"item{number}",
        "type": "article-newspaper",
        "title": title,
        "container-title": outlet,
        "issued": {"date-parts": [list(date)]},
        "URL": f"http://localhost/articles/{number}/",
    }
    if family:
        item["author"] = [{"family": family, "given": given}]
    if place:
        item["publisher-place"] = place
    return item


def test_a_reference_list_is_one_alphabetical_sequence_whatever_the_markup_quotes_or_accents():
    from archive.citations import reference_list

    # GIVEN articles with and without an author (each style puts the title or the outlet first then, quoted or
    # italic), an accented name and one writer's two articles of one year
    items = [
        _newspaper_item(1, "BAHIA COCOA REVIEW"),
        _newspaper_item(2, "Foreign Secretary visits Dhaka", outlet="Dawn"),
        _newspaper_item(3, "Oil prices", family="Gelb", given="Leslie"),
        _newspaper_item(4, "Coffee talks", family="Mankowski", given="Cal"),
        _newspaper_item(5, "Sugar", family="Ñúñez", given="José"),
        _newspaper_item(6, "Tin", family="Wiest", given="Nail"),
        _newspaper_item(7, "Cocoa in Salvador", place="Salvador"),
        _newspaper_item(8, "Zeta story", family="Domm", given="Patti"),
        _newspaper_item(9, "Alpha story", family="Domm", given="Patti", date=(1987, 2, 20)),
    ]
    expected = {
        # by what each entry starts with: the author, else the title (APA, MLA) or the outlet (Chicago)
        "apa": [1, 7, 9, 8, 2, 3, 4, 5, 6],
        "chicago": [2, 9, 8, 3, 4, 5, 1, 7, 6],
        "mla": [1, 7, 9, 8, 2, 3, 4, 5, 6],
    }
    for style, numbers in expected.items():
        # WHEN they are one style's reference list
        entries = [str(entry) for entry in reference_list(items, style)]
        # THEN it is in one alphabetical sequence, "Ñúñez" among the n's, the writer's earlier article first
        assert [next(n for n in range(1, 10) if f"/articles/{n}/" in entry) for entry in entries] == numbers, style


def test_an_author_date_list_letters_one_writers_articles_of_one_year():
    from archive.citations import reference_list

    # GIVEN three articles by one writer in 1987 (two of one day), one in 1988, and one of 1987 by another
    # writer of the same family name
    items = [
        _newspaper_item(1, "One", family="Domm", given="Patti"),
        _newspaper_item(2, "Two", family="Domm", given="Patti"),
        _newspaper_item(3, "Three", family="Domm", given="Patti", date=(1987, 2, 1)),
        _newspaper_item(4, "Four", family="Domm", given="Patti", date=(1988, 1, 1)),
        _newspaper_item(5, "Five", family="Domm", given="Jack"),
    ]
    texts = {
        style: [re.sub(r"<[^>]+>", "", str(entry)) for entry in reference_list(items, style)]
        for style in ("apa", "chicago", "mla")
    }
    # THEN APA and Chicago (author-date: "Domm, 1987" in the text must point to one entry) letter the 1987
    # articles in the list's order, and nothing else
    assert [text.split(". ")[1] if "Patti" in text else text[:20] for text in texts["chicago"]] == [
        "Domm, Jack. 1987. “F",
        "1987a",
        "1987b",
        "1987c",
        "1988",
    ]
    assert [text[: text.index(")") + 1] for text in texts["apa"]] == [
        "Domm, J. (1987, March 2)",
        "Domm, P. (1987a, February 1)",
        "Domm, P. (1987b, March 2)",
        "Domm, P. (1987c, March 2)",
        "Domm, P. (1988, January 1)",
    ]
    # and MLA (author-title) has no year to letter
    assert not any(re.search(r"19\d\d[a-z]", text) for text in texts["mla"])
    # and an article alone in its list (the article page) is never lettered
    assert "(1987, March 2)" in str(reference_list(items[:1], "apa")[0])


def test_quotes_inside_a_quoted_title_become_the_inner_quotes():
    # GIVEN titles holding straight and curly double quotes (and single ones)
    titles = {
        'Oil & Gas: "Black Gold" Climbs 5%': "“Oil & Gas: ‘Black Gold’ Climbs 5%.”",
        "“Curly Quotes” and ‘single’ quotes": "“‘Curly Quotes’ and ‘single’ Quotes.”",
    }
    for title, quoted in titles.items():
        item = _newspaper_item(1, title)
        for style in ("chicago", "mla"):
            # WHEN a style that quotes the title cites it
            text, html = cite_text(item, style), str(cite_html(item, style))
            # THEN the quotes inside are the inner ones (CSL's open- and close-inner-quote), in text and HTML
            assert quoted in text, text
            assert quoted.replace("&", "&amp;") in html, html
        # and APA, which does not quote the title, keeps it as written
        assert cite_text(item, "apa").startswith(title)


def test_a_given_name_in_a_script_without_capitals_is_kept_whole_and_latin_ones_initialised():
    # GIVEN writers whose names are in Arabic and Hebrew (no capitals: citeproc-py took each given name's word
    # for a particle, "العلي, . محمد ."), in Latin script, and in Cyrillic
    cited = {
        ("العلي", "محمد"): "العلي, محمد. (1987, March 2)",
        ("כהן", "דוד"): "כהן, דוד. (1987, March 2)",
        ("Gelb", "Leslie"): "Gelb, L. (1987, March 2)",
        ("Smith", "Mary-Jane"): "Smith, M.-J. (1987, March 2)",
        ("Иванов", "Пётр"): "Иванов, П. (1987, March 2)",
    }
    for (family, given), expected in cited.items():
        # WHEN APA cites their articles
        text = cite_text(_newspaper_item(1, "Oil", family=family, given=given), "apa")
        # THEN the given name without capitals is written whole, the others initialised as before
        assert text.startswith(expected), text


def test_a_citation_of_one_work_is_not_sorted_and_each_work_is_looked_up_once(monkeypatch):
    from citeproc import model
    from citeproc.source import BibliographySource

    from archive.citations import reference_list

    # GIVEN an APA reference list whose year letters are decided by citing each article alone in the text
    # (two articles by one writer in 1987), and spies on the sort keys rendered and on the works' lookups
    items = [_newspaper_item(number, f"Title {number}", family="Domm", given="Patti") for number in (1, 2)]
    expected = [str(entry) for entry in reference_list(items, "apa")]
    sorted_sizes, lookups = [], []
    sort_keys, lookup = model.Key.sort_keys, BibliographySource.__getitem__

    def counting_sort_keys(self, cited, context):
        sorted_sizes.append(len(cited))
        return sort_keys(self, cited, context)

    def counting_lookup(self, key):
        lookups.append(key)
        return lookup(self, key)

    monkeypatch.setattr(model.Key, "sort_keys", counting_sort_keys)
    monkeypatch.setattr(BibliographySource, "__getitem__", counting_lookup)
    # WHEN the list is made again
    entries = [str(entry) for entry in reference_list(items, "apa")]
    # THEN it is the same list; the keys of the list's own order were rendered, but none to sort an in-text
    # citation of one work (a list of one); and each work's data was looked up a few times (once per
    # bibliography or citation it is in), not on each of the hundreds of reads its entry makes
    assert entries == expected
    assert sorted_sizes and 1 not in sorted_sizes
    assert max(lookups.count(key) for key in set(lookups)) <= 4, len(lookups)
