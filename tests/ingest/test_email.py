"""archive/ingest/email.py: e-mails (.eml) and mailboxes (.mbox), made in code with EmailMessage."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from archive.ingest import IngestError, parse_file
from archive.ingest.email import parse_eml, sender, split_stories, subject_title
from archive.ingest.types import Precision
from tests.ingest.mails import STORY, mail, mbox


def one(message, ref="mail/x.eml"):
    parsed = parse_eml(message.as_bytes(), ref=ref)
    [article] = parsed.articles
    return article


# --- One message -------------------------------------------------------------------------------------


def test_a_plain_message_gives_title_body_date_sender_and_a_message_id_ref():
    # GIVEN a plain-text newsletter mail
    article = one(mail())
    # THEN its subject is the title, its text the body, its Date the day, its sender the source
    assert article.title == "Railway deal signed" and not article.title_generated
    assert article.body == STORY
    assert (article.published.value, article.published.precision) == (dt.date(2026, 3, 3), Precision.DAY)
    assert (article.author, article.source) == ("", "The Rail Brief")
    # AND its reference is the file's with the Message-ID, so the same mail is the same article
    assert article.ref == "mail/x.eml#rail-1@railbrief.example"
    assert article.raw_text.startswith("From: The Rail Brief") and "trans-Afghan" in article.raw_text


def test_a_message_without_message_id_gets_a_ref_from_its_bytes():
    # GIVEN the same mail twice without a Message-ID, and a different one
    data = mail(message_id=None).as_bytes()
    first = parse_eml(data, ref="m.eml").articles[0].ref
    # THEN the ref is a hash of the message: the same bytes give the same ref, other bytes another
    assert first == f"m.eml#sha256:{hashlib.sha256(data).hexdigest()[:16]}"
    assert parse_eml(data, ref="m.eml").articles[0].ref == first
    assert parse_eml(mail(message_id=None, subject="Other").as_bytes(), ref="m.eml").articles[0].ref != first


def test_an_html_only_message_goes_through_the_web_page_path():
    # GIVEN a mail with only an HTML part, with a style block and markup
    html = (
        "<html><head><style>p{color:red}</style><title>x</title></head><body>"
        "<p>Pakistan and <b>Uzbekistan</b> agreed on Monday to build the trans-Afghan railway.</p>"
        "<p>Freight trains are to run first.</p><script>track()</script></body></html>"
    )
    article = one(mail(text=None, html=html))
    # THEN the body is its text, without markup, styles or scripts
    assert "Pakistan and Uzbekistan agreed on Monday" in article.body
    assert "Freight trains are to run first." in article.body
    assert "<" not in article.body and "color" not in article.body and "track()" not in article.body
    assert article.title == "Railway deal signed"


def test_an_html_newsletter_loses_its_share_links_and_footer_through_the_web_page_parser():
    # GIVEN an HTML-only newsletter laid out in tables, with share links above and an unsubscribe footer below
    lead = (
        "<p>Pakistan and Uzbekistan agreed on Monday to build the trans-Afghan railway, officials said in "
        "Tashkent after two days of talks between the two delegations and their advisers.</p>"
    )
    html = (
        "<html><body><table><tr><td><a href='https://x.example/share'>Share on Twitter</a> | "
        "<a href='https://x.example/web'>View in browser</a></td></tr><tr><td><h1>Railway deal signed</h1>"
        + lead
        * 2
        + "<p>Freight trains are to run first, from 2027, the ministers said.</p></td></tr><tr><td><p>You are "
        "receiving this because you subscribed. <a href='https://x.example/u'>Unsubscribe</a></p></td></tr>"
        "</table></body></html>"
    )
    article = one(mail(text=None, html=html))
    # THEN the body is the story alone (archive.ingest.html's boilerplate rules ran on it)
    assert article.body.startswith("Pakistan and Uzbekistan agreed on Monday")
    assert article.body.endswith("Freight trains are to run first, from 2027, the ministers said.")
    assert "Share" not in article.body and "Unsubscribe" not in article.body


def test_multipart_alternative_prefers_the_text_part():
    # GIVEN a mail with a text part and an HTML part saying something else
    article = one(mail(html="<p>The HTML version of the newsletter, with its tracking pixels.</p>"))
    # THEN the text part is the body, and the HTML alternative is no attachment
    assert article.body == STORY and article.attachments == []


@pytest.mark.parametrize(("charset", "cte"), [("iso-8859-1", "quoted-printable"), ("windows-1252", "base64")])
def test_a_non_utf8_charset_and_transfer_encoding_are_decoded(charset, cte):
    # GIVEN a Latin-1 (quoted-printable) or Windows-1252 (base64) mail with accents and a curly quote
    text = "Le café de la gare a rouvert lundi, a déclaré le maire.\n\nÀ Genève, on s'en réjouit."
    if charset == "windows-1252":
        text = text.replace("s'en", "s’en")
    article = one(mail(text=text, charset=charset, cte=cte))
    # THEN the body is the text as written
    assert article.body.split("\n\n") == text.split("\n\n")


def test_a_wrongly_declared_charset_falls_back_without_failing():
    # GIVEN a mail that says us-ascii but carries UTF-8 bytes, and one with a charset nobody knows
    data = mail(text="Café talks resumed in Zürich on Monday with both delegations.").as_bytes()
    data = data.replace(b'charset="utf-8"', b'charset="us-ascii"')
    bogus = data.replace(b'charset="us-ascii"', b'charset="x-unknown-9"')
    # THEN both decode (UTF-8 is tried when the declared charset fails or is unknown)
    for raw in (data, bogus):
        assert "Café talks resumed in Zürich" in parse_eml(raw, ref="m.eml").articles[0].body


@pytest.mark.parametrize(
    ("subject", "title"),
    [
        ("=?utf-8?q?Re=3A_Fwd=3A_Caf=C3=A9_prices_rise?=", "Café prices rise"),
        ("=?iso-8859-1?b?UHLkc2lkZW50IGluIEv2bG4=?=", "Präsident in Köln"),
        ("FW: RE: Re[2]: AW: Grain exports", "Grain exports"),
        ("Re: the re-election campaign", "the re-election campaign"),
        ("Fwd:", "Fwd:"),  # nothing but a prefix: kept rather than an empty title
        ("[Daily Brief] Oil prices fall", "[Daily Brief] Oil prices fall"),
    ],
)
def test_the_subject_is_decoded_and_reply_prefixes_removed(subject, title):
    message = mail()
    del message["Subject"]
    message["Subject"] = "placeholder"
    data = message.as_bytes().replace(b"Subject: placeholder", b"Subject: " + subject.encode())
    # WHEN the RFC 2047 subject is read
    article = parse_eml(data, ref="m.eml").articles[0]
    # THEN it is decoded and its reply/forward prefixes are gone
    assert article.title == title
    assert subject_title("  Re:  Re: Oil ") == "Oil"


def test_a_message_without_subject_gets_a_generated_title():
    article = one(mail(subject=None))
    assert article.title_generated
    assert article.title.startswith("Pakistan and Uzbekistan agreed on Monday")


def test_a_message_without_date_has_an_unknown_date():
    article = one(mail(date=None))
    assert article.published.value is None and article.published.precision == Precision.UNKNOWN


@pytest.mark.parametrize(
    ("header", "day"),
    [("Tue, 3 Mar 2026 23:30:00 -0500", dt.date(2026, 3, 3)), ("Wed, 4 Mar 2026 00:10:00 +1300", dt.date(2026, 3, 4))],
)
def test_the_date_is_the_senders_day_around_midnight(header, day):
    assert one(mail(date=header)).published.value == day


@pytest.mark.parametrize(
    ("header", "author", "source"),
    [
        ("The Rail Brief <news@railbrief.example>", "", "The Rail Brief"),
        ("Jane Doe <jane.doe@mail.reuters.com>", "Jane Doe", "reuters.com"),
        ("Jane Doe via The Rail Brief <x@substack.example>", "Jane Doe", "The Rail Brief"),
        ("Jane Doe | The Rail Brief <jane@railbrief.example>", "Jane Doe", "The Rail Brief"),
        ("noreply@e.nytimes.com", "", "nytimes.com"),
        ("=?utf-8?q?Agence_Fran=C3=A7aise?= <newsletter@afp.example>", "", "Agence Française"),
        ("", "", ""),
        # a newsroom's mailbox in another language speaks for the outlet, not for a person of that name
        ("=?iso-8859-2?Q?Redakcja_Gazety_=A3=F3dzkiej?= <redakcja@gazeta.example>", "", "Redakcja Gazety Łódzkiej"),
        ("Agence Presse Locale <depeches@apl.example>", "", "Agence Presse Locale"),
        ("Le Courrier <redaction@courrier.example>", "", "Le Courrier"),
    ],
)
def test_the_sender_gives_author_and_source(header, author, source):
    assert sender(header) == (author, source)


def test_an_attachment_is_kept_whole_and_left_out_of_the_raw_text():
    # GIVEN a mail with a PDF and a text attachment
    pdf = b"%PDF-1.4\n" + bytes(range(256)) * 40
    message = mail(attachments=(("report.pdf", "application/pdf", pdf), ("notes.txt", "text/plain", b"Notes.\n")))
    article = one(message)
    # THEN both are listed with their bytes as received, in order, and the body is the mail's text only
    assert [(a.filename, a.content_type, a.data) for a in article.attachments] == [
        ("report.pdf", "application/pdf", pdf),
        ("notes.txt", "text/plain", b"Notes.\n"),
    ]
    assert article.body == STORY
    # AND the raw text names each attachment by its checksum instead of repeating its base64
    assert hashlib.sha256(pdf).hexdigest() in article.raw_text
    assert len(article.raw_text) < 3000


@pytest.mark.parametrize(
    "disposition",
    [
        "attachment; filename*=utf-8''Caf%C3%A9-report_mai%202026.pdf",  # RFC 2231, as Gmail and Thunderbird write it
        'attachment; filename="=?utf-8?B?Q2Fmw6ktcmVwb3J0X21haSAyMDI2LnBkZg==?="',  # RFC 2047, as Outlook writes it
    ],
)
def test_an_attachment_named_outside_ascii_is_kept_with_its_name(disposition):
    # GIVEN a mail whose attachment's file name has an accent
    message = mail(attachments=(("x.pdf", "application/pdf", b"%PDF-1.4 report"),))
    attachment = next(message.iter_attachments())
    attachment.replace_header("Content-Disposition", disposition)
    # WHEN it is parsed THEN the story and its attachment are kept, the name as written
    article = one(message)
    assert article.body == STORY
    assert [(a.filename, a.data) for a in article.attachments] == [("Café-report_mai 2026.pdf", b"%PDF-1.4 report")]
    assert hashlib.sha256(b"%PDF-1.4 report").hexdigest() in article.raw_text


def test_an_attachment_name_is_shown_as_it_really_ends():
    # GIVEN an attachment named with a right-to-left override, which shows "\u202etxt.exe" as "exe.txt"
    message = mail(attachments=(("x.pdf", "application/pdf", b"MZ"),))
    attachment = next(message.iter_attachments())
    attachment.replace_header("Content-Disposition", "attachment; filename*=utf-8''%E2%80%AEtxt.exe")
    # WHEN it is parsed THEN the name is kept without the bidirectional controls: it reads as the file is named
    assert [a.filename for a in one(message).attachments] == ["txt.exe"]


def test_a_large_attachment_does_not_make_the_article_too_large():
    big = b"x" * 2_000_000
    article = parse_eml(mail(attachments=(("big.bin", "application/octet-stream", big),)).as_bytes(), ref="m").articles[
        0
    ]
    assert article.attachments[0].data == big


def test_a_message_with_no_text_is_refused_with_a_reason():
    with pytest.raises(IngestError, match="no text to import"):
        parse_eml(mail(text=None, attachments=(("a.pdf", "application/pdf", b"%PDF"),)).as_bytes(), ref="m")


def test_a_file_that_is_not_an_email_is_refused(tmp_path):
    path = tmp_path / "photo.eml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    with pytest.raises(IngestError, match="not an e-mail"):
        parse_file(path)


@pytest.mark.parametrize(
    ("text", "content_language", "language"),
    [
        ("La grippe aviaire a été détectée dans un élevage de la Vendée, a annoncé mardi le ministère de "
         "l'Agriculture, qui a ordonné l'abattage des volailles.", None, "fr"),
        ("El Banco de la República de Colombia mantuvo su tasa de interés, dijo el martes la junta directiva, que "
         "prevé una inflación más baja.", None, "es"),
        (STORY, None, "en"),
        (STORY, "de-AT", "de"),  # a declared language wins over the words
    ],
)  # fmt: skip
def test_the_language_is_the_declared_one_else_the_one_of_its_words(text, content_language, language):
    # GIVEN a message in French, Spanish or English, with or without a Content-Language header
    message = mail(text=text, charset="iso-8859-1")
    if content_language:
        message["Content-Language"] = content_language
    # THEN its article's language is the header's, else the one its words are in
    assert one(message).language == language


# --- Newsletters -------------------------------------------------------------------------------------

LEAD = "The freight line will link Termez with Peshawar through Mazar-i-Sharif and Kabul, said the ministers, "
STORIES = (
    "Good morning. Here is today's brief.\n\n"
    "-----\n\n"
    "Railway deal signed\n\n" + LEAD + "who met in Tashkent for two days of talks on Monday.\n\n"
    "-----\n\n"
    "Grain exports rise\n\n"
    "Kazakhstan shipped more wheat to Afghanistan in February than in any month since 2019, its trade "
    "ministry said on Tuesday, citing new rail capacity.\n\n"
    "-----\n\n"
    "You receive this because you subscribed. Unsubscribe at any time."
)


def test_a_clearly_delimited_newsletter_gives_one_article_per_story():
    # GIVEN a newsletter: an introduction, two headline-and-text stories between separator lines, a footer
    parsed = parse_eml(mail(text=STORIES).as_bytes(), ref="m.eml")
    # THEN each story is an article with its headline as title, under the message's ref
    assert [a.title for a in parsed.articles] == ["Railway deal signed", "Grain exports rise"]
    assert [a.ref for a in parsed.articles] == ["m.eml#rail-1@railbrief.example/1", "m.eml#rail-1@railbrief.example/2"]
    assert parsed.articles[1].body.startswith("Kazakhstan shipped more wheat")
    assert all(a.published.value == dt.date(2026, 3, 3) for a in parsed.articles)


def test_a_greeting_sharing_the_first_storys_block_is_dropped_and_the_story_kept():
    # GIVEN a newsletter whose greeting has no separator line of its own: a blank line, then the first story
    text = STORIES.replace("Here is today's brief.\n\n-----\n\n", "Here is today's brief.\n\n", 1)
    # WHEN it is read
    stories = split_stories(text)
    # THEN every story is an article, the first one included, and the greeting is in none of them
    assert [headline for headline, _ in stories] == ["Railway deal signed", "Grain exports rise"]
    assert stories[0][1].strip().startswith("The freight line will link")
    assert len(parse_eml(mail(text=text).as_bytes(), ref="m.eml").articles) == 2


def test_a_wire_dateline_opening_a_message_or_a_story_is_split_off_as_everywhere():
    # GIVEN a plain message, an HTML-only one, and a newsletter whose stories open with wire datelines
    wire = "TASHKENT, March 3 (Reuters) - " + STORY
    plain, html = one(mail(text=wire)), one(mail(text=None, html=f"<html><body><p>{wire}</p></body></html>"))
    stories = parse_eml(
        mail(text=STORIES.replace("Kazakhstan shipped", "ASTANA - Kazakhstan shipped")).as_bytes(), ref="m"
    )
    # THEN the dateline's place is the article's and its text starts after it
    for article in (plain, html):
        assert (article.dateline.place, article.dateline.agency) == ("Tashkent", "Reuters")
        assert article.body.startswith("Pakistan and Uzbekistan agreed")
    assert stories.articles[1].dateline.place == "Astana"
    assert stories.articles[1].body.startswith("Kazakhstan shipped more wheat")


@pytest.mark.parametrize(
    "text",
    [
        # separators, but the middle block has no headline: an ordinary mail with horizontal rules
        STORIES.replace("Grain exports rise\n\n", ""),
        # one story only between the separators
        STORIES.split("-----\n\nGrain")[0],
        # headlines without separators
        STORIES.replace("-----\n\n", ""),
        # a "headline" that is a sentence (ends with a full stop)
        STORIES.replace("Grain exports rise", "Grain exports rose."),
    ],
)
def test_anything_less_than_clearly_delimited_is_one_article(text):
    assert split_stories(text) == []
    assert len(parse_eml(mail(text=text).as_bytes(), ref="m.eml").articles) == 1


# --- Mailboxes ---------------------------------------------------------------------------------------


def test_an_mbox_gives_one_article_per_message_and_reports_a_broken_one(tmp_path):
    # GIVEN an mbox with two good messages around one that has no text at all
    broken = mail(
        subject="Only a picture", text=None, message_id="<b@x>", attachments=(("p.png", "image/png", b"PNG"),)
    )
    second = mail(subject="Grain exports rise", message_id="<grain@x>", text=STORY.replace("railway", "grain line"))
    path = tmp_path / "brief.mbox"
    path.write_bytes(mbox(mail(), broken, second))
    # WHEN it is parsed
    parsed = parse_file(path)
    # THEN the good ones are articles with their own refs, and the broken one is reported by number and subject
    assert [a.ref for a in parsed.articles] == [
        f"{tmp_path.name}/brief.mbox#rail-1@railbrief.example",
        f"{tmp_path.name}/brief.mbox#grain@x",
    ]
    assert parsed.errors == [
        "message 2 ('Only a picture'): no text to import: the message has no text or HTML part with any words"
    ]


def test_a_message_id_repeated_in_an_mbox_gets_its_own_ref(tmp_path):
    path = tmp_path / "twice.mbox"
    path.write_bytes(mbox(mail(), mail(subject="Correction: railway deal signed")))
    refs = [a.ref for a in parse_file(path).articles]
    assert refs == [
        f"{tmp_path.name}/twice.mbox#rail-1@railbrief.example",
        f"{tmp_path.name}/twice.mbox#rail-1@railbrief.example~2",
    ]


def test_a_line_starting_with_from_inside_a_message_stays_in_it_as_written(tmp_path):
    # GIVEN a message with a line that starts "From ", which an mbox writer stores as ">From " (mboxo, mboxrd)
    path = tmp_path / "from.mbox"
    path.write_bytes(mbox(mail(text="The talks went well.\nFrom Tashkent, the delegations flew home on Monday night.")))
    assert b"\n>From Tashkent" in path.read_bytes()
    # THEN the article has the line as it was written, without the mailbox's ">"
    [article] = parse_file(path).articles
    assert "From Tashkent, the delegations" in article.body and ">From" not in article.body


def test_an_mboxrd_quoted_from_line_loses_one_quote(tmp_path):
    # GIVEN a line that was ">From " in the message, stored as ">>From " by an mboxrd writer
    path = tmp_path / "rd.mbox"
    path.write_bytes(mbox(mail(text="The talks went well.\n>From the minutes: the delegations flew home on Monday.")))
    path.write_bytes(path.read_bytes().replace(b"\n>From the", b"\n>>From the"))
    [article] = parse_file(path).articles
    assert ">From the minutes" in article.body and ">>From" not in article.body


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Just some text, no From line.\n", "no messages"),
        (b"From x Tue Mar  3 10:00:00 2026\n\n\n", "no message could"),
    ],
)
def test_an_mbox_with_nothing_to_import_fails_with_a_reason(tmp_path, content, message):
    path = tmp_path / "bad.mbox"
    path.write_bytes(content)
    with pytest.raises(IngestError, match=message):
        parse_file(path)


def test_a_plain_newsletters_footer_and_signature_are_not_the_story():
    text = STORY + "\n\nYou are receiving this because you signed up. Unsubscribe: https://x.example/u\n-- \nThe desk\n"
    assert one(mail(text=text)).body == STORY


def test_a_very_long_message_id_is_replaced_by_its_hash_so_the_ref_fits():
    long_id = "<" + "x" * 150 + "@example.org>"
    ref = one(mail(message_id=long_id)).ref
    digest = hashlib.sha256(long_id.strip("<>").encode()).hexdigest()[:16]
    assert ref == f"mail/x.eml#sha256:{digest}"


def test_undeclared_8bit_headers_and_body_are_read_as_windows_1252():
    # GIVEN a mail typed in Latin-1 with no RFC 2047 encoding in its Subject
    data = (
        b"From: Desk <news@x.example>\nSubject: Caf\xe9 reopens\nDate: Tue, 3 Mar 2026 10:00:00 +0100\n"
        b"Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n\n"
        b"Le caf\xe9 de la gare a rouvert lundi.\n"
    )
    article = parse_eml(data, ref="m").articles[0]
    assert (article.title, article.body) == ("Café reopens", "Le café de la gare a rouvert lundi.")
    assert article.raw_text.startswith("From: Desk <news@x.example>\nSubject: Café reopens\n")


def test_encoded_words_beside_undeclared_8bit_bytes_in_a_subject_are_decoded():
    """GIVEN a Subject that mixes an RFC 2047 encoded word with raw Latin-1 bytes (a broken mailer's)
    WHEN the mail is imported THEN the title is the words the sender typed, with neither the encoding nor a
    replacement character."""
    data = (
        b"From: Agence <depeches@apl.example>\nSubject: =?utf-8?Q?Gr=C3=A8ve_=C3=A0_la_SNCF?= pr\xe9vue jeudi\n"
        b"Date: Wed, 4 Mar 2026 10:00:00 +0100\nContent-Type: text/plain\n\n"
        b"PARIS, 4 mars (APL) - Les syndicats de cheminots ont appel\xe9 \xe0 une gr\xe8ve jeudi.\n"
    )
    assert parse_eml(data, ref="m").articles[0].title == "Grève à la SNCF prévue jeudi"


def test_a_forward_typed_into_the_text_imports_the_forwarded_story():
    """GIVEN a mail a colleague forwarded from a webmail: a note, Gmail's forward marker and header block, the
    wire story, the colleague's signature WHEN it is imported THEN the article is the story: its own subject,
    sender and day, its dateline split off, without the note, the header block or the signature."""
    text = (
        "Thought this one is for the archive.\n\n---------- Forwarded message ---------\n"
        "From: Agri Wire <desk@agriwire.example>\nDate: Wed, Mar 4, 2026 at 9:12 AM\n"
        "Subject: Kenyan tea auction prices slump\nTo: subscribers@agriwire.example\n\n"
        "MOMBASA, March 4 (Agri Wire) - Prices at the Mombasa tea auction fell for a third week.\n\n"
        "Brokers said a strong harvest had raised supply.\n\n-- \nTom Reyes\nSent from my phone\n"
    )
    forwarded = mail(
        subject="Fwd: Kenyan tea auction prices slump",
        sender="Tom Reyes <tom.reyes@gmail.example>",
        date="Thu, 5 Mar 2026 23:40:00 -0500",
        text=text,
    )
    article = one(forwarded)
    assert (article.title, article.author, article.source) == ("Kenyan tea auction prices slump", "", "Agri Wire")
    assert article.published.value == dt.date(2026, 3, 4) and article.dateline.place == "Mombasa"
    assert article.body == (
        "Prices at the Mombasa tea auction fell for a third week.\n\nBrokers said a strong harvest had raised supply."
    )


def test_a_reply_is_its_own_text_not_the_message_it_quotes():
    """GIVEN a press office's reply ("RE:") above Outlook's "-----Original Message-----" and the question it answers
    WHEN it is imported THEN the article is the reply, from the press office."""
    text = (
        "The ministry confirms that the tea auction will move to Nairobi from July, a spokesman said.\n\n"
        "-----Original Message-----\nFrom: Desk <desk@archive.example>\nSent: Wednesday, March 4, 2026 9:12 AM\n"
        "Subject: Tea auction\n\nIs the auction moving?\n"
    )
    reply = mail(subject="RE: Tea auction", sender="Press Office <press@agriculture.example>", text=text)
    article = one(reply)
    assert article.body.startswith("The ministry confirms") and article.source == "Press Office"


def test_a_bare_forward_imports_the_forwarded_message():
    # GIVEN a "Fwd:" mail whose only content is the original message, attached whole
    inner = mail(sender="Jane Doe <jane@reuters.com>", date="Mon, 2 Mar 2026 09:00:00 +0500", message_id="<in@x>")
    outer = mail(subject="Fwd: Railway deal signed", sender="Bob <bob@desk.example>", message_id="<out@x>", text="")
    outer.add_attachment(inner)
    article = one(outer)
    # THEN the article is the forwarded story, with its own author, source and date, under the forward's ref
    assert (article.title, article.author, article.source) == ("Railway deal signed", "Jane Doe", "reuters.com")
    assert article.published.value == dt.date(2026, 3, 2) and article.body == STORY
    assert article.ref == "mail/x.eml#out@x" and article.attachments == []


def test_a_text_part_whose_base64_is_broken_is_refused_rather_than_read_as_noise(tmp_path):
    """GIVEN a mailbox whose first message's text part is declared base64 but is not, and a good second one
    WHEN it is imported THEN the first is reported with the reason and the second imports (the first became an
    article of ten bytes of noise read as Windows-1252)."""
    broken = (
        b"From: desk@x.example\nSubject: Broken encoding\nDate: Mon, 2 Mar 2026 10:00:00 +0000\n"
        b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n%%%%not base64 at all%%%%\n"
    )
    path = tmp_path / "desk.mbox"
    path.write_bytes(mbox(broken, mail()))
    parsed = parse_file(path)
    assert [a.title for a in parsed.articles] == ["Railway deal signed"]
    assert parsed.errors == [
        "message 1 ('Broken encoding'): its text part's base64 encoding is broken (InvalidBase64CharactersDefect): "
        "the text cannot be read"
    ]
