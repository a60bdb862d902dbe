"""E-mails through the importer and `import_articles`: idempotent, attachments stored, per-message failures."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from django.core.management import CommandError, call_command

from archive.attachments import attachment_ref_base, import_attachments
from archive.importers import import_paths
from archive.ingest import SUPPORTED_SUFFIXES
from archive.models import Article, ArticleAttachment
from tests.ingest.mails import mail, mbox
from tests.ingest.pdfs import text_pdf

pytestmark = pytest.mark.django_db

NOTES = b"TASHKENT: The ministers' notes list the freight tariffs agreed on Monday for the trans-Afghan line.\n"
PDF = text_pdf(
    [
        "TASHKENT - The corridor's operators published the tariff schedule for the new line on Monday,",
        "",
        "with rates for grain, fertiliser and containers through to the port of Gwadar.",
    ],
    title="Trans-Afghan freight tariffs",
)


@pytest.fixture
def eml(tmp_path):
    path = tmp_path / "mail" / "brief.eml"
    path.parent.mkdir()
    path.write_bytes(
        mail(attachments=(("notes.txt", "text/plain", NOTES), ("report.pdf", "application/pdf", PDF))).as_bytes()
    )
    return path


def test_an_eml_imports_with_its_attachments_and_again_changes_nothing(eml):
    # WHEN an e-mail with two attachments is imported
    report = import_paths([eml])
    # THEN it is one article with the mail's metadata, and its attachments are stored in order with checksums
    assert (report.total("new"), report.ok) == (1, True)
    article = Article.objects.get(import_ref="mail/brief.eml#rail-1@railbrief.example")
    assert (article.title, article.source.name, article.published) == (
        "Railway deal signed",
        "The Rail Brief",
        dt.date(2026, 3, 3),
    )
    rows = list(article.attachments.order_by("position").values_list("filename", "content_type", "size", "sha256"))
    assert rows == [
        ("notes.txt", "text/plain", len(NOTES), hashlib.sha256(NOTES).hexdigest()),
        ("report.pdf", "application/pdf", len(PDF), hashlib.sha256(PDF).hexdigest()),
    ]
    assert bytes(article.attachments.get(position=2).data) == PDF
    ids = list(ArticleAttachment.objects.values_list("pk", flat=True))
    # WHEN it is imported again
    again = import_paths([eml])
    # THEN nothing changes, the attachments included
    assert (again.total("new"), again.total("updated"), again.total("unchanged")) == (0, 0, 1)
    assert list(ArticleAttachment.objects.values_list("pk", flat=True)) == ids


def test_a_changed_attachment_updates_the_article_and_replaces_the_files(eml):
    import_paths([eml])
    eml.write_bytes(mail(attachments=(("notes.txt", "text/plain", NOTES + b"Revised.\n"),)).as_bytes())
    report = import_paths([eml])
    assert report.total("updated") == 1
    assert list(ArticleAttachment.objects.values_list("filename", "size")) == [("notes.txt", len(NOTES) + 9)]


def test_an_attachment_over_the_limit_is_listed_not_kept_and_reported(eml, settings):
    assert len(NOTES) < 1000 < len(PDF)
    settings.ARCHIVE_MAX_ATTACHMENT_BYTES = 1000
    report = import_paths([eml])
    pdf = ArticleAttachment.objects.get(filename="report.pdf")
    assert (pdf.stored, bytes(pdf.data), pdf.size) == (False, b"", len(PDF))
    assert ArticleAttachment.objects.get(filename="notes.txt").stored
    [warning] = report.files[0].warnings
    assert "report.pdf" in warning and "listed, not kept" in warning


def test_an_mbox_imports_every_good_message_and_names_the_broken_one(tmp_path):
    # GIVEN an mbox whose second message has no text
    broken = mail(
        subject="Only a picture", text=None, message_id="<b@x>", attachments=(("p.png", "image/png", b"PNG"),)
    )
    other = mail(
        subject="Grain exports rise", message_id="<grain@x>", text="Kazakhstan shipped more wheat in February."
    )
    path = tmp_path / "brief.mbox"
    path.write_bytes(mbox(mail(), broken, other))
    # WHEN it is imported
    report = import_paths([path])
    # THEN the good messages are articles, the broken one is the file's failure, by number and subject
    assert report.total("new") == 2
    assert report.files[0].failed == [
        "message 2 ('Only a picture'): no text to import: the message has no text or HTML part with any words"
    ]
    # AND a second import changes nothing
    assert (import_paths([path]).total("unchanged")) == 2


def test_import_articles_with_attachments_imports_the_supported_ones_idempotently(eml):
    # WHEN the command imports the mail with --attachments
    out = io.StringIO()
    call_command("import_articles", str(eml), "--attachments", "--no-progress", stdout=out)
    # THEN each attachment, the text and the PDF, is an article of its own under the message's ref and its name
    notes = ArticleAttachment.objects.get(filename="notes.txt")
    base = attachment_ref_base(notes)
    assert base == "mail/brief.eml#rail-1@railbrief.example/notes.txt"
    imported = Article.objects.get(import_ref__startswith=base + "#")
    assert "freight tariffs" in imported.body
    report = Article.objects.get(import_ref__startswith="mail/brief.eml#rail-1@railbrief.example/report.pdf")
    assert report.title == "Trans-Afghan freight tariffs" and "port of Gwadar" in report.body
    assert "Imported 2 attachments as articles (0 with failures)." in out.getvalue()
    # AND running it again imports nothing new
    out = io.StringIO()
    call_command("import_articles", str(eml), "--attachments", "--no-progress", stdout=out)
    assert out.getvalue().count("0 new, 0 updated, 1 unchanged") == 3  # the mail and its two attachments
    assert Article.objects.count() == 3


def test_an_unsupported_attachment_is_refused_by_name(eml):
    import_paths([eml])
    attachment = ArticleAttachment.objects.get(filename="report.pdf")
    attachment.filename = "photo.png"
    attachment.save()
    [result] = import_attachments([attachment])
    assert result.report.failed == ["not a supported file type (.png); supported: " + ", ".join(SUPPORTED_SUFFIXES)]


def test_import_articles_fails_when_a_message_failed(tmp_path):
    path = tmp_path / "bad.eml"
    path.write_bytes(mail(text=None).as_bytes())
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(path), "--no-progress", stdout=io.StringIO(), stderr=err)
    assert "failed: no text to import" in err.getvalue()


def test_a_short_covering_note_beside_an_article_attachment_is_imported_with_a_warning(tmp_path):
    """GIVEN a mail whose own text is a covering note ("Saved page attached.") beside a PDF and a picture
    WHEN it is imported THEN the mail is stored with its attachments, and the report says the story is likely the
    PDF and how to import it; a mail with a story of its own beside the same PDF gets no such warning."""
    note = mail(text="Report attached, for the archive.", message_id="<note@x>", attachments=(
        ("report.pdf", "application/pdf", PDF), ("chart.png", "image/png", b"PNG")))  # fmt: skip
    (tmp_path / "note.eml").write_bytes(note.as_bytes())
    (tmp_path / "story.eml").write_bytes(mail(attachments=(("report.pdf", "application/pdf", PDF),)).as_bytes())
    report = import_paths([tmp_path])
    warnings = [w for f in report.files for w in f.warnings]
    assert warnings == [
        f"{tmp_path.name}/note.eml#note@x: its own text is a short note (5 words): the story is likely in its "
        "attachment report.pdf (import_articles --attachments, or “Import as articles” on the attachments screen, "
        "imports it as an article)"
    ]
    assert report.total("new") == 2 and ArticleAttachment.objects.count() == 3
