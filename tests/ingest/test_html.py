"""archive.ingest.html: saved news pages in, one article each, through trafilatura and our own rules."""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest

from archive.dates import Precision
from archive.ingest import SUPPORTED_SUFFIXES, parse_file
from archive.ingest.html import decode_html, looks_like_html, parse_html
from archive.ingest.types import IngestError

PAGES = pathlib.Path(__file__).parent / "pages"


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def test_a_wire_story_page_gives_its_text_and_metadata_without_the_chrome() -> None:
    # GIVEN a saved news page with a cookie banner, navigation, share buttons, an advertisement, a "Read more"
    # link, a related list and a footer around the story, and its metadata in og: tags and JSON-LD
    html = page("wire_story.html")
    # WHEN it is parsed
    article = parse_html(html, ref="pages/wire_story.html")
    # THEN the title is the page's own headline, without the site's name the <title> carries
    assert article.title == "Kenya and Uganda sign pipeline deal after two years of talks"
    assert not article.title_generated
    # AND the body is the story's paragraphs (its subheading too), and nothing of the chrome
    assert article.body.startswith("Kenya and Uganda signed an agreement on Tuesday")
    assert "Route dispute" in article.body and article.body.endswith("Editing by Mark Potter)")
    for chrome in ("cookies", "Accept all", "Share on", "Advertisement", "Read more", "More from", "Topics:", "©"):
        assert chrome not in article.body, chrome
    # AND the wire dateline is split off as ours is everywhere
    assert (article.dateline.place, article.dateline.agency) == ("Nairobi", "Harbour Times")
    # AND the metadata: the day of publication (not the update, nor a related story's), the authors,
    # the outlet, the canonical address, the language, the photo's caption apart
    assert (article.published.value, article.published.precision) == (dt.date(2023, 6, 20), Precision.DAY)
    assert article.author == "Grace Wanjiru; Samuel Okello"
    assert article.source == "Harbour Times"
    assert article.url == "https://www.harbourtimes.example/world/africa/kenya-uganda-pipeline-2023-06-20/"
    assert article.language == "en"
    assert article.captions == [
        "Officials at the signing ceremony in Nairobi, June 20, 2023. Photo: Harbour Times/Staff"
    ]
    # AND the raw text is the page exactly as given
    assert article.raw_text == html


def test_a_blog_page_leaves_out_comments_and_the_sidebar() -> None:
    # GIVEN a WordPress page with no og: tags, its date in <time>, comments dated later, a "Most read" sidebar
    article = parse_html(page("local_blog.html"), ref="x")
    # THEN the story alone is the body, the comments' dates do not date it, the site comes from the <title>
    assert article.title == "Harbour ferry fares to rise by 12% from April"
    assert article.body.count("\n\n") == 3 and article.body.endswith("down slightly on the year before.")
    for chrome in ("outrageous", "Most read", "Share this", "Previous:", "Posted in"):
        assert chrome not in article.body, chrome
    assert article.published.value == dt.date(2019, 2, 14)
    assert (article.author, article.source, article.language) == ("Jenny Morgan", "Valley Herald", "en")
    assert article.url == "https://valleyherald.example/2019/02/14/harbour-ferry-fares-to-rise/"


def test_an_old_table_layout_page_with_its_date_in_the_text_only() -> None:
    # GIVEN a 2004 page laid out in a table, dated only by "Published: Friday, 12 March 2004" under the headline,
    # with a link whose address holds another day (/2004/03/11/) and a copyright line
    article = parse_html(page("old_table.html"), ref="x")
    # THEN the date is the printed one, with its words, and the story is read out of its table cell
    assert (article.published.value, article.published.precision) == (dt.date(2004, 3, 12), Precision.DAY)
    assert article.published.text == "Published: Friday, 12 March 2004"
    assert article.title == "Mill closure: 140 jobs lost"
    assert article.source == "The Northern Post"
    assert article.body.startswith("The owners of the Brookside paper mill")
    assert "Hélène Dufresne" in article.body
    for chrome in ("Front Page", "Classifieds", "Copyright", "in pictures"):
        assert chrome not in article.body, chrome


def test_a_page_without_a_date_gets_none_rather_than_its_copyright_year_or_a_comment() -> None:
    # GIVEN a page whose only dates are a comment's and the copyright year
    html = page("local_blog.html").replace('datetime="2019-02-14T18:22:10+00:00">14 February 2019', ">")
    html = html.replace('<time class="updated" datetime="2019-02-15T08:01:44+00:00">15 February 2019</time>', "")
    html = html.replace("/2019/02/14/", "/news/")
    # WHEN it is parsed
    article = parse_html(html, ref="x")
    # THEN its date is unknown
    assert article.published.precision == Precision.UNKNOWN and article.published.value is None


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ("Just a note someone saved with the wrong name.\nNothing here is markup.", "not an HTML page"),
        ("<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>", "no article text"),
        ("<!DOCTYPE html><html><head><title>Empty</title></head><body></body></html>", "no article text"),
    ],
)
def test_pages_without_an_article_are_refused_with_a_reason(html: str, message: str) -> None:
    with pytest.raises(IngestError, match=message):
        parse_html(html, ref="x")


def test_a_broken_page_still_gives_its_text() -> None:
    # GIVEN a page cut off in the middle: unclosed tags, no </body>
    html = page("wire_story.html")
    broken = html[: html.index("Environmental groups")]
    # WHEN it is parsed
    article = parse_html(broken, ref="x")
    # THEN what was saved is read
    assert article.title.startswith("Kenya and Uganda") and "alternative route" in article.body


def test_the_url_given_is_kept_when_the_page_names_none() -> None:
    html = page("old_table.html")
    assert parse_html(html, ref="x", url="https://northernpost.example/a").url == "https://northernpost.example/a"
    assert parse_html(html, ref="x").url == ""


def test_looks_like_html() -> None:
    assert looks_like_html("\ufeff<!doctype html><p>x")
    assert looks_like_html("<!-- saved from url=(0014)about:internet -->\n<html>")
    assert not looks_like_html("Dear editor,\nplease find the story below.")


# --- files: suffixes, charsets, bad files --------------------------------------------------------------


def test_html_and_htm_are_supported() -> None:
    assert {".html", ".htm"} <= set(SUPPORTED_SUFFIXES)


def test_a_page_file_is_one_article_whose_ref_is_the_file(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "story.HTM"
    path.write_bytes((PAGES / "wire_story.html").read_bytes())
    parsed = parse_file(path)
    assert parsed.path == str(path)
    [article] = parsed.articles
    assert article.ref == f"{tmp_path.name}/story.HTM"
    assert article.raw_text == (PAGES / "wire_story.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("encode", "label"),
    [
        (lambda text: text.encode("iso-8859-1"), "declared iso-8859-1"),
        (lambda text: text.replace("iso-8859-1", "windows-1252").encode("cp1252"), "declared windows-1252"),
        (lambda text: text.replace("charset=iso-8859-1", "").encode("cp1252"), "undeclared, not UTF-8"),
        (lambda text: text.replace("charset=iso-8859-1", "").encode("utf-8"), "undeclared UTF-8"),
        (lambda text: b"\xef\xbb\xbf" + text.replace("iso-8859-1", "utf-8").encode("utf-8"), "UTF-8 with a BOM"),
        (lambda text: text.replace("iso-8859-1", "utf-16").encode("utf-16"), "UTF-16 with a BOM"),
        (lambda text: text.replace("iso-8859-1", "no-such-charset").encode("utf-8"), "an unknown label"),
        # a legacy template's label on a page the server sends as UTF-8: the bytes say UTF-8, not the label
        (lambda text: text.encode("utf-8"), "UTF-8 declared iso-8859-1"),
        (lambda text: text.replace("iso-8859-1", "windows-1252").encode("utf-8"), "UTF-8 declared windows-1252"),
    ],
)
def test_charsets(tmp_path: pathlib.Path, encode, label: str) -> None:
    # GIVEN the old page (it has "Hélène" and "©") saved in some encoding
    path = tmp_path / "old.html"
    path.write_bytes(encode(page("old_table.html")))
    # WHEN it is parsed as a file
    [article] = parse_file(path).articles
    # THEN the accented name is read right, whatever the encoding
    assert "Hélène Dufresne" in article.body, label
    assert "\ufffd" not in article.raw_text and article.raw_text.lstrip().startswith("<HTML>")


def test_decode_html_prefers_the_bom_over_a_wrong_meta() -> None:
    data = b"\xef\xbb\xbf<meta charset=iso-8859-1><p>S\xc3\xa3o Paulo</p>"
    assert "São Paulo" in decode_html(data)


def test_a_page_in_a_script_without_spaces_is_an_article_and_its_menu_is_not() -> None:
    # GIVEN a Japanese news page (no spaces between words) and a Japanese page of menu links
    story = (
        "日本銀行は火曜日、政策金利を据え置くと発表した。物価の上昇は続いているが、賃金の伸びを見極める必要があるという。"
        "市場では年内の利上げを予想する声が多い。"
    )
    page_html = (
        '<html lang="ja"><head><title>日銀、金利据え置き</title></head>'
        f"<body><article><h1>日銀、金利据え置き</h1><p>{story}</p></article></body></html>"
    )
    menu = '<html lang="ja"><body><ul><li>ホーム</li><li>ニュース</li></ul></body></html>'
    # THEN the story is read, in Japanese; the menu is no article
    article = parse_html(page_html, ref="x")
    assert article.body == story and article.language == "ja"
    with pytest.raises(IngestError, match="no article text"):
        parse_html(menu, ref="y")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "not an HTML page"),
        (b"Minutes of the meeting, typed as plain text.\n", "not an HTML page"),
        (b"<html><head><title>Menu</title></head><body><ul><li>Home</li></ul></body></html>", "no article text"),
    ],
)
def test_bad_page_files(tmp_path: pathlib.Path, content: bytes, message: str) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(content)
    with pytest.raises(IngestError, match=message):
        parse_file(path)


def test_a_page_over_the_article_limit_is_refused(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "big.html"
    path.write_bytes((PAGES / "wire_story.html").read_bytes())
    with pytest.raises(IngestError, match=r"over the .* limit for one article"):
        parse_file(path, max_article_bytes=1000)


@pytest.mark.parametrize(
    "fragment",
    [
        "<p>{text}</p>",
        '<div dir="ltr"><p>{text}</p><p>Drivers will be sent on a diversion through the estate.</p></div>',
        "<table><tr><td><p>{text}</p></td></tr></table>",
    ],
)
def test_a_fragment_such_as_an_e_mails_html_part_is_read_as_a_page(fragment: str) -> None:
    # GIVEN markup without <html> or <body>, as e-mail HTML parts often are
    text = "The council voted on Tuesday to close the old bridge to lorries, after engineers found cracks."
    html = fragment.format(text=text)
    # WHEN it is parsed
    article = parse_html(html, ref="mail#1")
    # THEN its text is the body, the title is made from it, and the raw text is the fragment as given
    assert article.body.startswith(text)
    assert article.title_generated and article.title.startswith("The council voted on Tuesday")
    assert article.raw_text == html


@pytest.mark.parametrize(
    ("printed", "day"),
    [
        ("First published on 3 June 2005 · Last updated 9 June 2005", dt.date(2005, 6, 3)),
        ("Updated: 9 June 2005 | Posted: 3 June 2005", dt.date(2005, 6, 3)),
        ("Updated 9 June 2005", dt.date(2005, 6, 9)),  # the only date printed
    ],
)
def test_the_date_said_to_be_the_publications_wins_over_an_update(printed: str, day: dt.date) -> None:
    # GIVEN a page dated only in words under its headline, the update printed too
    html = page("old_table.html").replace("Published: Friday, 12 March 2004", printed)
    # WHEN it is parsed, THEN the publication day is the one labelled so
    assert parse_html(html, ref="x").published.value == day


@pytest.mark.parametrize(
    ("markup", "language"),
    [
        ('<meta property="og:locale" content="fr_FR">', "fr"),
        ('<meta http-equiv="content-language" content="de-AT">', "de"),
        ("", "en"),  # none given: the archive's default
    ],
)
def test_the_language_comes_from_the_page(markup: str, language: str) -> None:
    html = page("old_table.html").replace("</HEAD>", f"{markup}</HEAD>")
    assert parse_html(html, ref="x").language == language


def test_boilerplate_rules_leave_prose_alone() -> None:
    # GIVEN a story whose short paragraphs start like furniture but are prose
    prose = [
        "Copyright laws were changed in 2019 after a long campaign.",
        "Share prices fell sharply on Monday.",
        "Advertising revenue rose by a fifth, the company said.",
        "More than 40 people were hurt.",
    ]
    furniture = ["© 2024 The Courier. All rights reserved.", "Advertisement", "Read more: Mill to close", "Share this"]
    paragraphs = "".join(f"<p>{p}</p>" for pair in zip(prose, furniture, strict=True) for p in pair)
    html = f"<html><body><article><h1>Markets</h1>{paragraphs}</article></body></html>"
    # WHEN it is parsed, THEN the prose stays and the furniture goes
    assert parse_html(html, ref="x").body == "\n\n".join(prose)


def test_a_headline_cut_short_in_the_metadata_gives_the_whole_h1() -> None:
    # GIVEN JSON-LD whose headline was cut for search engines
    html = page("wire_story.html").replace(
        '"headline": "Kenya and Uganda sign pipeline deal after two years of talks"',
        '"headline": "Kenya and Uganda sign pipeline deal after…"',
    )
    # WHEN it is parsed, THEN the title is the page's whole headline
    assert parse_html(html, ref="x").title == "Kenya and Uganda sign pipeline deal after two years of talks"


def test_a_blog_theme_whose_h1_is_the_sites_name_gives_the_entrys_title_and_the_site() -> None:
    # GIVEN a classic blog theme: the site's name in the header's <h1>, the story's title in an <h2 class=
    # "entry-title">, a "By ..." paragraph and a wire dateline opening the text
    article = parse_html(page("classic_theme_blog.html"), ref="x")
    # THEN the title is the entry's and the source the site (not the other way round)
    assert article.title == "Lighthouse keepers’ cottages to become a museum" and not article.title_generated
    assert article.source == "Estuary Gazette"
    # AND the byline names the author and leaves the text, so the dateline opening the story is split off
    assert article.author == "Helen Marsh"
    assert (article.dateline.place, article.body[:25]) == ("Saltmouth", "The row of cottages that ")
    assert "My grandfather" not in article.body and article.published.value == dt.date(2021, 3, 3)


STORY_WITH_COMMENTS = """<!DOCTYPE html><html lang="es"><head><meta charset="utf-8"><title>Puerto | Diario</title>
</head><body><header><a href="/">Portada</a> <a href="/economia">Economía</a></header>
<div class="nota"><h1>El puerto amplía su terminal de contenedores</h1>
<p>VALPARAÍSO.- La autoridad portuaria aprobó este martes la ampliación de la terminal de contenedores, una obra
que duplicará la capacidad del muelle sur antes de 2027.</p>
<p>La inversión prevista asciende a 300 millones de dólares y será financiada por el concesionario.</p></div>
<div {marked}><p>Usuario123 (3 de agosto de 2023): Siempre lo mismo con el puerto, nunca terminan nada.</p></div>
<footer>© 2023 Diario del Sur</footer></body></html>"""


@pytest.mark.parametrize("marked", ['class="comentarios"', 'id="commentaires"', 'class="kommentare-liste"'])
def test_readers_comments_marked_in_another_language_stay_out_of_the_text(marked: str) -> None:
    # GIVEN a story followed by its readers' comments, their block marked in Spanish, French or German
    article = parse_html(STORY_WITH_COMMENTS.replace("{marked}", marked), ref="x")
    # THEN the comment is not in the article's text, which is the story's
    assert "Siempre lo mismo" not in article.body and "300 millones" in article.body


def test_a_blog_page_with_no_h1_takes_its_entrys_title_not_the_sites_slogan() -> None:
    # GIVEN the same theme with its site name in a plain link and a <title> that is the site's own slogan
    html = page("classic_theme_blog.html").replace(
        "<title>Lighthouse keepers&#8217; cottages to become a museum | Estuary Gazette</title>",
        "<title>Estuary Gazette - News from the estuary towns</title>",
    )
    html = html.replace('<h1 id="site-title"><span>', '<div id="site-title"><span>').replace("</h1>", "</div>")
    # THEN the title is still the entry's
    assert parse_html(html, ref="x").title == "Lighthouse keepers’ cottages to become a museum"


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("By Helen Marsh", "Helen Marsh"),
        ("BY HELEN MARSH", "Helen Marsh"),
        ("by Helen Marsh", "Helen Marsh"),
        ("By Helen Marsh and Tom Reyes", "Helen Marsh; Tom Reyes"),
        ("By Jürgen Müller, Estuary Gazette", "Jürgen Müller"),
        ("Par Claire Dubois", "Claire Dubois"),
    ],
)
def test_a_byline_paragraph_leaves_the_text_and_names_the_author(byline: str, author: str) -> None:
    # GIVEN a page whose text opens with a byline, the page naming no author otherwise
    html = page("classic_theme_blog.html").replace("<p>By Helen Marsh</p>", f"<p>{byline}</p>")
    article = parse_html(html, ref="x")
    # THEN the byline is the author, out of the text, and the dateline after it is split off
    assert article.author == author
    assert byline not in article.body and article.dateline.place == "Saltmouth"


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("Par Claire Martin", "Claire Martin"),
        ("Por Juan García", "Juan García"),
        ("Von Jürgen Müller", "Jürgen Müller"),
        ("By Helen Marsh", "Helen Marsh"),
    ],
)
def test_the_author_a_byline_element_gives_has_no_byline_word_in_any_language(byline: str, author: str) -> None:
    # GIVEN a page whose byline is marked up as one (trafilatura's author, which keeps "Par" and "Por")
    html = page("classic_theme_blog.html").replace("<p>By Helen Marsh</p>", f'<p class="byline">{byline}</p>')
    # WHEN it is read
    article = parse_html(html, ref="x")
    # THEN the author is the writer's name alone
    assert article.author == author


def test_a_sentence_that_starts_with_by_stays_in_the_text() -> None:
    html = page("classic_theme_blog.html").replace(
        "<p>By Helen Marsh</p>", "<p>By the end of the year the trust hopes to open the cottages.</p>"
    )
    article = parse_html(html, ref="x")
    assert article.body.startswith("By the end of the year") and article.author == ""


STORM = (
    "<html><body><article><h1>Storm batters Portugal's coast</h1><p>By Jane Doe</p>{stamp}"
    "<p>LISBON, March 4 (Reuters) - A powerful storm lashed Portugal's Atlantic coast on Wednesday, flooding "
    "streets in Lisbon and Porto and cutting power to thousands of homes, the civil protection agency said.</p>"
    "<p>Schools were closed in several districts.</p></article></body></html>"
)


@pytest.mark.parametrize(
    "stamp",
    [
        '<p>Published <time datetime="2026-03-04T08:15:00Z">March 4, 2026</time></p>',
        "<p>Published: March 4, 2026 8:15 am</p>",
        '<p>Updated <time datetime="2026-03-05">March 5</time> | '
        'Published <time datetime="2026-03-04">March 4</time></p>',
        '<p>Publié le <time datetime="2026-03-04">4 mars</time>, '
        'mis à jour le <time datetime="2026-03-05">5 mars</time></p>',
        "<p>Publié le 04/03/2026 à 18h32</p>",
    ],
)
def test_a_date_stamp_under_the_headline_leaves_the_text_so_the_dateline_splits(stamp: str) -> None:
    # GIVEN a page whose text opens with a byline, then a "Published …" line (trafilatura drops a <time>'s text)
    article = parse_html(STORM.format(stamp=stamp), ref="x")
    # THEN the text starts with the story, its dateline split off, and the byline still names the author
    assert article.body.startswith("A powerful storm lashed Portugal's Atlantic coast")
    assert (article.dateline.place, article.dateline.agency) == ("Lisbon", "Reuters")
    assert article.author == "Jane Doe"


def test_a_sentence_opening_with_a_date_label_stays_in_the_text() -> None:
    stamp = "<p>Published reports say the storm was the worst since 1941.</p>"
    article = parse_html(STORM.format(stamp=stamp), ref="x")
    assert article.body.startswith("Published reports say the storm")


@pytest.mark.parametrize("opening", ["By the sea", "by the Harbour Trust"])
def test_a_short_opening_of_lower_case_words_is_no_byline(opening: str) -> None:
    html = page("classic_theme_blog.html").replace("<p>By Helen Marsh</p>", f"<p>{opening}</p>")
    assert parse_html(html, ref="x").body.startswith(opening)


@pytest.mark.parametrize(
    "line",
    [
        "Lire aussi : Les écoles de Marseille, un chantier à 1 milliard",
        "À lire aussi",
        "Te puede interesar: Las desaladoras, a pleno rendimiento",
        "Lee también: El Ter, bajo mínimos",
        "Mehr zum Thema: Rauchverbot in Kneipen",
        "Lesen Sie auch » Karlsruhe urteilt",
        "Leia também: Seca no Nordeste",
        "Leggi anche: La siccità in Sicilia",
        "Lees ook: Droogte in Limburg",
    ],
)
def test_a_read_also_line_in_another_language_is_furniture(line: str) -> None:
    """GIVEN a story with a "read also" link line in French, Spanish, German, Portuguese, Italian or Dutch
    WHEN it is parsed THEN the line leaves the text, as "Read more: …" does."""
    html = (
        "<html><body><article><h1>Seca</h1><p>The reservoirs fell to their lowest level since records began, "
        f"officials said on Thursday.</p><p>{line}</p><p>Farmers asked for help.</p></article></body></html>"
    )
    assert parse_html(html, ref="x").body.endswith(
        "since records began, officials said on Thursday.\n\nFarmers asked for help."
    )


def test_read_also_words_opening_a_sentence_stay_in_the_text() -> None:
    # GIVEN a short paragraph of prose that opens with words a "read also" label uses
    prose = "Leer más libros es la meta del plan municipal, dijo la alcaldesa."
    html = (
        "<html><body><article><h1>Plan</h1><p>El plan de lectura empieza en marzo en todas las escuelas.</p>"
        f"<p>{prose}</p></article></body></html>"
    )
    # THEN it stays
    assert parse_html(html, ref="x").body.endswith(prose)


PAYWALLED = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Water deal | The Ledger</title></head>
<body><article><h1>Inside the secret deal to rescue Thames Water</h1>
<p>Creditors and ministers spent six weeks negotiating behind closed doors before agreeing the outline of a rescue
that would keep the water company out of special administration.</p>
<div {marks}><h2>Subscribe to continue reading</h2>
<p>You have reached your limit of free articles this month. Subscribe for unlimited access to our journalism.</p>
<p>Already a subscriber? <a href="/login">Sign in</a></p><a href="/subscribe">Try 4 weeks for £1</a></div>
</article><footer>© 2025 The Ledger</footer></body></html>"""


@pytest.mark.parametrize(
    "marks", ['class="paywall"', 'id="regwall-inline"', 'class="tp-container-inner"', 'class="c-7f3a"']
)
def test_a_paywalls_prompt_stays_out_of_the_text(marks: str) -> None:
    """GIVEN a saved page cut by a paywall: the story's first paragraph, then the paywall's box (marked as such by the
    publisher or by its paywall service, or not marked at all) WHEN it is parsed THEN the text is the story's
    paragraph alone, without the offer, the limit notice or the sign-in prompt."""
    article = parse_html(PAYWALLED.replace("{marks}", marks), ref="x")
    assert article.body.startswith("Creditors and ministers") and article.body.endswith("special administration.")
    # AND the article says for the import report that its text may be the free part only
    assert article.warnings == ["a paywall's prompt was in the page: the text may be its free part only (27 words)"]
    assert parse_html(page("wire_story.html"), ref="x").warnings == []


OLD_PAGE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<title>{title}</title></head><body><table width="760"><tr><td class="nav"><a href="/">Home</a><br>
<a href="/local">Local</a></td><td class="main"><h2>Café owners in Münster fight “smoking ban”</h2>
<p><i>{byline}</i></p>
<p>MÜNSTER – A group of 40 café and bar owners in Münster has filed a complaint with the constitutional court
against the state’s smoking ban, arguing that it threatens small one-room pubs.</p>
<p>The state government said it would defend the law. A ruling is expected before the end of the year.</p>
</td></tr></table></body></html>"""


@pytest.mark.parametrize(
    "title",
    [
        "Café owners in Münster fight “smoking ban” – Westphalia Weekly",
        "Westphalia Weekly | Café owners in Münster fight “smoking ban”",
    ],
)
def test_an_old_page_whose_headline_no_markup_names_gives_it_as_the_title_and_the_site_as_the_source(
    title: str,
) -> None:
    """GIVEN an old table-layout page with its headline in an <h2> (no <h1>, no entry class, no metadata), a
    <title> of the headline and the site's name, and a byline with its date on one line
    WHEN it is parsed THEN the headline is the title and leaves the text, the site is the source, the byline
    names the author and leaves the text, so the dateline opening the story is split off."""
    html = OLD_PAGE.format(title=title, byline="By Jürgen Weiß · 12.08.2008")
    article = parse_html(html, ref="x")
    assert (article.title, article.source) == ("Café owners in Münster fight “smoking ban”", "Westphalia Weekly")
    assert article.author == "Jürgen Weiß" and article.dateline.place == "Münster"
    assert article.body.startswith("A group of 40 café and bar owners")


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("By Jane Smith | 3 March 2024", "Jane Smith"),
        ("Von Jürgen Weiß · 12.08.2008, 14:30", "Jürgen Weiß"),
        ("By Jane Smith and John Doe — March 3, 2024", "Jane Smith; John Doe"),
    ],
)
def test_a_byline_with_its_date_on_one_line_leaves_the_text(byline: str, author: str) -> None:
    article = parse_html(OLD_PAGE.format(title="Café owners in Münster fight “smoking ban”", byline=byline), ref="x")
    assert article.author == author and article.body.startswith("A group of 40 café")


def test_a_line_that_opens_like_a_byline_but_ends_in_no_date_stays_in_the_text() -> None:
    # GIVEN a short paragraph "By the harbour · 12 boats" under the headline THEN it is no byline: it stays
    html = OLD_PAGE.format(title="Café owners in Münster fight “smoking ban”", byline="By the harbour · 12 boats")
    assert parse_html(html, ref="x").body.startswith("By the harbour · 12 boats")


@pytest.mark.parametrize(
    ("named", "author"),
    [
        ("Egill Bjarnason, Associated Press", "Egill Bjarnason"),
        ("Egill Bjarnason, The Coastal Herald", "Egill Bjarnason"),  # the site itself
        ("Jane Smith, John Doe, Reuters", "Jane Smith; John Doe"),
        ("Associated Press", "Associated Press"),  # the agency alone: no writer to keep instead
    ],
)
def test_a_news_agency_or_the_site_named_beside_the_writers_is_not_a_writer(named: str, author: str) -> None:
    """GIVEN a syndicated story whose author metadata names the writer and the agency (or the site) WHEN it is parsed
    THEN the author is the writer: the agency is not listed as a writer of its own."""
    html = (
        '<html lang="en"><head><meta property="og:site_name" content="The Coastal Herald">'
        f'<meta name="author" content="{named}"><title>Volcano erupts | The Coastal Herald</title></head><body>'
        "<article><h1>Volcano erupts</h1><p>A volcano on Iceland's Reykjanes Peninsula erupted on Saturday evening "
        "for the eighth time in a year, forcing the evacuation of the Blue Lagoon spa.</p></article></body></html>"
    )
    assert parse_html(html, ref="x").author == author


def test_a_paywall_marked_box_holding_the_story_a_subscriber_saved_stays() -> None:
    """GIVEN a page saved by a subscriber, whose site marks the paid-for paragraphs with class="paywall" too
    WHEN it is parsed THEN they are the story's text, not a prompt to drop."""
    paid = "".join(
        f"<p>Paragraph {n} of the rescue story: creditors, ministers and the regulator spent weeks on the terms of the "
        "deal that keeps the company running.</p>"
        for n in range(1, 7)
    )
    html = PAYWALLED.replace(
        "<div {marks}><h2>Subscribe to continue reading</h2>", f'<div class="paywall">{paid}<h2>x</h2>'
    )
    body = parse_html(html, ref="x").body
    assert "Paragraph 1 of the rescue story" in body and "Paragraph 6 of the rescue story" in body
