"""E-mails through the admin: the upload page takes .eml and .mbox, and an attachment imports as an article."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from archive.models import Article, ArticleAttachment
from tests.ingest.mails import mail, mbox

pytestmark = pytest.mark.django_db

URL = "/admin/archive/article/import/"
NOTES = b"TASHKENT: The ministers' notes list the freight tariffs agreed on Monday for the trans-Afghan line.\n"


def results(response):
    return {result.safe_name: result.report for result in response.context["result"].files}


@pytest.fixture
def attachment(editor_client, committed) -> ArticleAttachment:
    """An e-mail with a text attachment (notes.txt), uploaded by an editor: the attachment."""
    with committed():
        editor_client.post(
            URL,
            {
                "files": [
                    SimpleUploadedFile("brief.eml", mail(attachments=(("notes.txt", "text/plain", NOTES),)).as_bytes())
                ]
            },
        )
    return ArticleAttachment.objects.get()


def test_the_upload_page_offers_and_imports_eml_and_mbox(editor_client, committed):
    # GIVEN the upload page
    page = editor_client.get(URL).content.decode()
    assert ".eml" in page and ".mbox" in page
    broken = mail(
        subject="Only a picture", text=None, message_id="<b@x>", attachments=(("p.png", "image/png", b"PNG"),)
    )
    other = mail(
        subject="Grain exports rise", message_id="<grain@x>", text="Kazakhstan shipped more wheat in February."
    )
    files = [
        SimpleUploadedFile("brief.eml", mail(attachments=(("notes.txt", "text/plain", NOTES),)).as_bytes()),
        SimpleUploadedFile(
            "week.mbox",
            mbox(
                mail(message_id="<w@x>", subject="Week", text="The week in rail: three new lines opened."),
                broken,
                other,
            ),
        ),
    ]
    # WHEN an editor uploads an .eml and an .mbox with one broken message
    with committed():
        response = editor_client.post(URL, {"files": files})
    # THEN the e-mail and the good messages are imported, and the broken message is named on its file
    reports = results(response)
    assert (reports["brief.eml"].new, reports["brief.eml"].ok) == (1, True)
    assert reports["week.mbox"].new == 2
    assert reports["week.mbox"].failed == [
        "message 2 ('Only a picture'): no text to import: the message has no text or HTML part with any words"
    ]
    assert "message 2" in response.content.decode()
    assert ArticleAttachment.objects.get().article.import_ref.startswith("upload/brief.eml@")
    # AND the same files again change nothing
    with committed():
        again = results(
            editor_client.post(URL, {"files": [SimpleUploadedFile(f.name, f.file.getvalue()) for f in files]})
        )
    assert (again["brief.eml"].unchanged, again["week.mbox"].unchanged, again["brief.eml"].new) == (1, 2, 0)


def test_an_editor_imports_an_attachment_as_an_article_from_the_admin(editor_client, committed, attachment):
    # GIVEN an uploaded e-mail with a text attachment (the fixture)
    # AND the attachments' list, where an editor finds it
    listing = editor_client.get("/admin/archive/articleattachment/")
    assert listing.status_code == 200 and "notes.txt" in listing.content.decode()
    # WHEN the editor runs the import action on it
    action = {"action": "import_as_articles", "_selected_action": [attachment.pk]}
    with committed():
        response = editor_client.post("/admin/archive/articleattachment/", action, follow=True)
    # THEN it is an article of its own under the message's ref and the file name, and the editor is told
    imported = Article.objects.get(import_ref__startswith=f"{attachment.article.import_ref}/notes.txt#")
    assert "freight tariffs" in imported.body
    assert "Attachment notes.txt: 1 new, 0 updated, 0 unchanged." in response.content.decode()
    # AND running it again is idempotent
    with committed():
        response = editor_client.post("/admin/archive/articleattachment/", action, follow=True)
    assert "Attachment notes.txt: 0 new, 0 updated, 1 unchanged." in response.content.decode()
    assert Article.objects.count() == 2


def test_the_attachment_screen_downloads_and_cannot_add_or_delete(editor_client, attachment):
    page = editor_client.get(f"/admin/archive/articleattachment/{attachment.pk}/change/").content.decode()
    assert f"/articles/{attachment.article_id}/attachments/1/" in page
    assert editor_client.get("/admin/archive/articleattachment/add/").status_code == 403
    assert editor_client.get(f"/admin/archive/articleattachment/{attachment.pk}/delete/").status_code == 403
