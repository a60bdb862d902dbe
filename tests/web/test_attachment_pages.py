"""An e-mail's attachments on its article page, and their downloads (archive/attachment_views.py)."""

from __future__ import annotations

import pytest

from archive.importers import import_paths
from archive.models import Article
from tests.ingest.mails import mail

pytestmark = pytest.mark.django_db

HOSTILE = b"<html><body><script>alert(document.cookie)</script></body></html>"


@pytest.fixture
def mailed(tmp_path, django_capture_on_commit_callbacks) -> Article:
    """An imported e-mail with a PDF and an HTML file that claims to be a picture."""
    path = tmp_path / "mail" / "brief.eml"
    path.parent.mkdir()
    attachments = (("report 2026.pdf", "application/pdf", b"%PDF-1.4 report"), ("photo.jpg", "text/html", HOSTILE))
    path.write_bytes(mail(attachments=attachments).as_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        import_paths([path])
    return Article.objects.get()


def test_the_article_page_lists_the_attachments_with_download_links(client, mailed):
    # WHEN the article's page is read
    html = client.get(mailed.get_absolute_url()).content.decode()
    # THEN it lists each attachment with its name, declared type, size and a download link
    section = html.split('id="attachments-heading"', 1)[1].split("</section>", 1)[0]
    assert f'href="/articles/{mailed.pk}/attachments/1/" download>report 2026.pdf</a>' in section
    assert "application/pdf" in section and "15\xa0bytes" in section
    assert f'href="/articles/{mailed.pk}/attachments/2/" download>photo.jpg</a>' in section


def test_an_article_without_attachments_has_no_such_section(client, archive):
    article = Article.objects.first()
    assert "attachments-heading" not in client.get(article.get_absolute_url()).content.decode()


def test_a_download_is_an_attachment_never_rendered(client, mailed):
    # WHEN the attachment that is really HTML is downloaded
    response = client.get(f"/articles/{mailed.pk}/attachments/2/")
    # THEN its bytes come as a download of a generic type, with nosniff and a sandbox: never run as a page
    assert response.status_code == 200 and response.content == HOSTILE
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="photo.jpg"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    # AND a name with a space is quoted as it is
    first = client.get(f"/articles/{mailed.pk}/attachments/1/")
    assert first["Content-Disposition"] == 'attachment; filename="report 2026.pdf"'


@pytest.mark.parametrize("path", ["/articles/{pk}/attachments/3/", "/articles/999999/attachments/1/"])
def test_an_unknown_attachment_is_a_404_in_the_sites_layout(client, mailed, path):
    response = client.get(path.format(pk=mailed.pk))
    assert response.status_code == 404
    assert "<html" in response.content.decode()


def test_an_unpublished_articles_attachments_are_hidden_from_the_public(client, admin_client, mailed):
    Article.objects.filter(pk=mailed.pk).update(is_published=False)
    assert client.get(f"/articles/{mailed.pk}/attachments/1/").status_code == 404
    assert admin_client.get(f"/articles/{mailed.pk}/attachments/1/").status_code == 200


def test_an_attachment_not_kept_is_listed_without_a_link(client, mailed):
    mailed.attachments.filter(position=1).update(stored=False, data=b"")
    html = client.get(mailed.get_absolute_url()).content.decode()
    assert "report 2026.pdf (over the size limit: not kept)" in html
    assert client.get(f"/articles/{mailed.pk}/attachments/1/").status_code == 404
