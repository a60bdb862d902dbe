"""The article change form lists the article's attachments (read only): name, type, size, download, their screen."""

from __future__ import annotations

import pytest

from archive.importers import import_paths
from archive.models import Article, ArticleAttachment
from tests.ingest.mails import mail

pytestmark = pytest.mark.django_db

NOTES = b"TASHKENT: The ministers' notes list the freight tariffs agreed on Monday for the trans-Afghan line.\n"


@pytest.fixture
def emailed(tmp_path, settings):
    """GIVEN an e-mail with two attachments, one over the size kept in the database, imported."""
    settings.ARCHIVE_MAX_ATTACHMENT_BYTES = 1000
    path = tmp_path / "brief.eml"
    path.write_bytes(
        mail(attachments=(("notes.txt", "text/plain", NOTES), ("map.pdf", "application/pdf", b"%PDF" * 600))).as_bytes()
    )
    report = import_paths([path])
    assert report.total("new") == 1
    return Article.objects.get()


def change_form(client, article: Article) -> str:
    response = client.get(f"/admin/archive/article/{article.pk}/change/")
    assert response.status_code == 200
    return response.content.decode()


def test_change_form_lists_each_attachment_with_download_and_admin_links(editor_client, emailed):
    notes, pdf = ArticleAttachment.objects.filter(article=emailed).order_by("position")
    # WHEN an editor opens the article's change form
    page = change_form(editor_client, emailed)
    # THEN each attachment is listed with its name, type and size
    assert "Attachments" in page
    assert f"notes.txt (text/plain, {len(NOTES)}\xa0bytes)" in page
    assert "map.pdf (application/pdf, 2.3\xa0KB)" in page
    # AND the kept one links to its download, the other says it was not kept; both link to their admin screen
    assert f'href="/articles/{emailed.pk}/attachments/{notes.position}/" download' in page
    assert f"/articles/{emailed.pk}/attachments/{pdf.position}/" not in page
    assert "not kept (over the size limit)" in page
    for attachment in (notes, pdf):
        assert f'href="/admin/archive/articleattachment/{attachment.pk}/change/"' in page
    assert f'href="/admin/archive/articleattachment/?article__id__exact={emailed.pk}"' in page
    # AND the list is read only: no form field for it
    assert 'name="attachment_list"' not in page


def test_the_links_answer(editor_client, emailed):
    page = change_form(editor_client, emailed)
    attachment = ArticleAttachment.objects.filter(article=emailed).order_by("position").first()
    # WHEN the editor follows the download, the attachment's screen and the filtered list
    download = editor_client.get(f"/articles/{emailed.pk}/attachments/{attachment.position}/")
    screen = editor_client.get(f"/admin/archive/articleattachment/{attachment.pk}/change/")
    listed = editor_client.get(f"/admin/archive/articleattachment/?article__id__exact={emailed.pk}")
    # THEN each answers: the file as received, its screen, the article's two attachments only
    assert "notes.txt" in page
    assert (
        download.status_code == 200
        and b"".join(download.streaming_content if download.streaming else [download.content]) == NOTES
    )
    assert screen.status_code == 200 and "notes.txt" in screen.content.decode()
    assert listed.status_code == 200 and listed.context["cl"].result_count == 2


def test_an_article_without_attachments_says_none(editor_client, archive):
    article = Article.objects.order_by("pk").first()
    page = change_form(editor_client, article)
    start = page.index("Attachments</h2>")
    assert "None." in page[start : start + 800]


def test_an_article_with_attachments_is_deleted_with_them(editor_client, emailed):
    # GIVEN an e-mailed article with attachments, which their own screen may not delete one by one
    attachment = ArticleAttachment.objects.filter(article=emailed).first()
    assert editor_client.get(f"/admin/archive/articleattachment/{attachment.pk}/delete/").status_code == 403
    # WHEN an editor opens the article's delete page THEN its attachments are listed as going with it
    delete_url = f"/admin/archive/article/{emailed.pk}/delete/"
    page = editor_client.get(delete_url).content.decode()
    assert "doesn't have permission to delete" not in page and "notes.txt" in page
    # AND confirming deletes the article and its attachments
    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=emailed.pk).exists() and not ArticleAttachment.objects.exists()
