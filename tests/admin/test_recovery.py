"""A deleted article is found on the admin's list of deleted articles and restored from its history, tags and all."""

from __future__ import annotations

import pytest

from archive.importers import import_paths
from archive.models import Article, CopyGroup
from tests.admin.helpers import form_data, found, last_message
from tests.copies import stories

pytestmark = pytest.mark.django_db


def delete(client, committed, article: Article) -> None:
    with committed():
        response = client.post(f"/admin/archive/article/{article.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Article.objects.filter(pk=article.pk).exists()


def restore(client, committed, article_id: int):
    """Revert the deleted article's last version (the one its deletion recorded), as its history page offers."""
    version = Article.history.filter(id=article_id).latest("history_date")
    url = f"/admin/archive/article/{article_id}/history/{version.history_id}/"
    page = client.get(url)
    assert page.status_code == 200, url
    with committed():
        return client.post(url, form_data(page))


@pytest.fixture
def copy_pair(tmp_path, django_capture_on_commit_callbacks) -> dict[str, Article]:
    """GIVEN two outlets' versions of one story, grouped as copies at import."""
    path = stories.write_jsonl(
        tmp_path / "pair.jsonl",
        stories.record(1, "Riverton passes budget", stories.STORY, "Riverton Courier", "2024-05-02"),
        stories.record(2, "Council backs budget", stories.WIRE_COPY, "Northern Wire", "2024-05-01"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        import_paths([path])
    articles = {a.title: a for a in Article.objects.all()}
    assert len({a.copy_group_id for a in articles.values()} - {None}) == 1
    return articles


def test_a_deleted_copy_comes_back_and_is_grouped_again_as_an_import_would(
    editor_client, copy_pair, committed, settings
):
    wire, courier = copy_pair["Council backs budget"], copy_pair["Riverton passes budget"]
    # GIVEN one article of the pair deleted in the admin (which dissolves the group)
    delete(editor_client, committed, wire)
    assert CopyGroup.objects.count() == 0
    # WHEN an editor reverts its last version from its history
    response = restore(editor_client, committed, wire.pk)
    # THEN it is back (no server error on the group that no longer exists), and copy detection groups it with
    # its copy again, as an import of its body would
    assert response.status_code == 302
    wire.refresh_from_db()
    courier.refresh_from_db()
    assert wire.copy_group_id is not None and wire.copy_group_id == courier.copy_group_id
    assert last_message(response) == "Restored “Council backs budget”. Grouped again with 1 copy of its story."
    restored = wire.history.filter(history_type="+").latest("history_date")
    assert restored.history_change_reason == "Restored from its history"


def test_with_detection_off_a_restored_copy_comes_back_outside_any_group(editor_client, copy_pair, committed, settings):
    # GIVEN copy detection off, and one article of a pair deleted
    settings.ARCHIVE_COPY_DETECTION = False
    wire = copy_pair["Council backs budget"]
    delete(editor_client, committed, wire)
    # WHEN it is restored from its history
    response = restore(editor_client, committed, wire.pk)
    # THEN it is back in no group (group_copies finds it later: it has no fingerprint)
    assert response.status_code == 302
    wire.refresh_from_db()
    assert wire.copy_group_id is None
    assert wire.pk in found()  # AND search has it again
