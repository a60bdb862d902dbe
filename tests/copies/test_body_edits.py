"""A changed body is fingerprinted again and its group decided anew: admin edits, other saves, re-imports."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.copies.editing import EDITED_REASON
from archive.importers import checksum, import_paths
from archive.models import Article, CopyBucket, CopyFingerprint, CopyGroup, IndexChange
from tests.admin.helpers import form_data
from tests.copies import stories

pytestmark = pytest.mark.django_db

# A story of its own, long enough to be grouped, resembling nothing in the Riverton file.
HARBOUR = (
    "The harbour authority of Port Ellis closed the northern quay on Monday after divers found cracks in the "
    "concrete piles that carry the container cranes, and ships were sent to the southern berths until the "
    "engineers finish their survey, which the authority expects to take at least three weeks."
)
HARBOUR_COPY = f"PORT ELLIS, June 3 (Northern Wire) - {HARBOUR}"
# What an editor may paste over a body: a story unlike any stored one.
ORCHARD = (
    "Apple growers in the Hollis valley expect their smallest harvest in a decade after a late frost in April "
    "killed most of the blossom on the higher slopes, and several family farms say they will have to borrow to "
    "pay their seasonal pickers, the growers' cooperative told members at its annual meeting on Friday."
)


@pytest.fixture
def riverton(tmp_path):
    """GIVEN a pair of copies of one story, a pair of another story, and an article of its own, imported."""
    path = stories.write_jsonl(
        tmp_path / "edits.jsonl",
        stories.record(1, "Riverton passes budget", stories.STORY, "Riverton Courier", "2024-05-02"),
        stories.record(2, "Council backs budget", stories.WIRE_COPY, "Northern Wire", "2024-05-01"),
        stories.record(3, "Quay closed", HARBOUR, "Harbour Gazette", "2024-06-03"),
        stories.record(4, "Port Ellis quay shut", HARBOUR_COPY, "Northern Wire", "2024-06-03"),
        stories.record(5, "A long night at the council", stories.SAME_SUBJECT),
    )
    import_paths([path])
    articles = {a.title: a for a in Article.objects.all()}
    assert articles["Riverton passes budget"].copy_group_id == articles["Council backs budget"].copy_group_id
    assert articles["Quay closed"].copy_group_id == articles["Port Ellis quay shut"].copy_group_id
    assert articles["A long night at the council"].copy_group_id is None
    return articles


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs the after-commit index writer, as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def change_url(pk: int) -> str:
    return f"/admin/archive/article/{pk}/change/"


def edit_in_admin(client, article: Article, **fields) -> None:
    data = form_data(client.get(change_url(article.pk)))
    data.update(fields)
    response = client.post(change_url(article.pk), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_admin_body_edit_that_no_longer_resembles_leaves_the_group(editor_client, editor, riverton):
    courier, wire = riverton["Riverton passes budget"], riverton["Council backs budget"]
    group = courier.copy_group_id
    before = CopyFingerprint.objects.get(article=courier).signature
    IndexChange.objects.all().delete()
    # WHEN an editor replaces the courier's body with another story in the change form
    edit_in_admin(editor_client, courier, body=ORCHARD)
    courier.refresh_from_db()
    wire.refresh_from_db()
    # THEN it is fingerprinted again from its new body (checksum, signature, buckets)
    fingerprint = CopyFingerprint.objects.get(article=courier)
    assert courier.checksum == checksum(courier.body) == fingerprint.checksum
    assert bytes(fingerprint.signature) != bytes(before)
    # AND it left its group; the group, left with one article, is dissolved (as after a split)
    assert courier.copy_group_id is None and wire.copy_group_id is None
    assert not CopyGroup.objects.filter(pk=group).exists()
    # AND history says why, with the editor, for both; both are queued for the index (applied after commit)
    latest = Article.history.filter(id=courier.pk).latest("history_date")
    assert latest.copy_group_id is None and latest.history_change_reason == EDITED_REASON
    assert latest.history_user == editor
    wire_latest = Article.history.filter(id=wire.pk).latest("history_date")
    assert wire_latest.copy_group_id is None and wire_latest.history_user == editor
    assert set(IndexChange.objects.values_list("article_id", flat=True)) >= {courier.pk, wire.pk}


def test_admin_body_edit_that_resembles_another_group_joins_it(editor_client, riverton, committed):
    courier, harbour = riverton["Riverton passes budget"], riverton["Quay closed"]
    # WHEN the editor pastes the harbour story, as an outlet ran it, over the courier's body
    with committed():
        edit_in_admin(editor_client, courier, body=f"{HARBOUR} The Courier's reporter saw the quay closed.")
    courier.refresh_from_db()
    # THEN it joins the harbour story's group; its old group (one article left) is gone
    assert courier.copy_group_id == riverton["Quay closed"].copy_group_id == harbour.copy_group_id
    assert Article.objects.filter(copy_group_id=harbour.copy_group_id).count() == 3
    assert Article.objects.get(pk=riverton["Council backs budget"].pk).copy_group_id is None
    assert Article.history.filter(id=courier.pk).latest("history_date").history_change_reason == EDITED_REASON


def test_admin_small_body_edit_keeps_the_group(editor_client, riverton, committed):
    courier, wire = riverton["Riverton passes budget"], riverton["Council backs budget"]
    group = courier.copy_group_id
    history = Article.history.filter(id=courier.pk).count()
    # WHEN the editor fixes a word of the body
    with committed():
        edit_in_admin(editor_client, courier, body=courier.body.replace("Tuesday", "Wednesday"))
    courier.refresh_from_db()
    # THEN it is fingerprinted again but stays with its copy: no group change, one history row (the edit's)
    assert CopyFingerprint.objects.get(article=courier).checksum == courier.checksum == checksum(courier.body)
    assert courier.copy_group_id == group == Article.objects.get(pk=wire.pk).copy_group_id
    assert Article.history.filter(id=courier.pk).count() == history + 1


def test_edit_without_body_change_does_not_touch_fingerprints(editor_client, riverton, committed):
    courier = riverton["Riverton passes budget"]
    stored = CopyFingerprint.objects.get(article=courier)
    buckets = sorted(CopyBucket.objects.filter(article=courier).values_list("pk", "bucket"))
    # WHEN the editor changes the title, and (separately) only the white space of the body
    with CaptureQueriesContext(connection) as queries, committed():
        edit_in_admin(editor_client, courier, title="Riverton budget approved")
        edit_in_admin(editor_client, courier, body=courier.body.replace("\n\n", "\n\n\n"))
    # THEN no query reads or writes fingerprints or buckets, and their rows are as they were
    touched = [q["sql"] for q in queries.captured_queries if "copyfingerprint" in q["sql"] or "copybucket" in q["sql"]]
    assert touched == []
    assert CopyFingerprint.objects.get(article=courier).signature == stored.signature
    assert sorted(CopyBucket.objects.filter(article=courier).values_list("pk", "bucket")) == buckets
    assert Article.objects.get(pk=courier.pk).title == "Riverton budget approved"


def test_a_save_outside_the_admin_is_compared_again_too(riverton):
    harbour, copy = riverton["Quay closed"], riverton["Port Ellis quay shut"]
    # WHEN code changes the body and saves (a script, the shell)
    harbour.body = stories.STORY
    harbour.save()
    # THEN the harbour article joins the Riverton pair and its old partner is left alone
    assert Article.objects.get(pk=harbour.pk).copy_group_id == riverton["Riverton passes budget"].copy_group_id
    assert Article.objects.get(pk=copy.pk).copy_group_id is None


def test_a_split_article_edited_stays_out(riverton):
    from archive import copies

    courier = riverton["Riverton passes budget"]
    copies.split([courier])
    # WHEN its body is edited (still a copy of the wire's)
    courier.refresh_from_db()
    courier.body = courier.body.replace("Tuesday", "Wednesday")
    courier.save()
    # THEN the editor's split holds
    assert Article.objects.get(pk=courier.pk).copy_group_id is None
    assert CopyFingerprint.objects.get(article=courier).detached


def test_reimport_of_a_changed_body_leaves_the_group(tmp_path, riverton):
    # WHEN the file is imported again with the courier's body replaced by another story
    path = stories.write_jsonl(
        tmp_path / "edits.jsonl",
        stories.record(1, "Riverton passes budget", ORCHARD, "Riverton Courier"),
    )
    report = import_paths([path])
    assert report.total("updated") == 1
    # THEN it leaves the group, which is dissolved
    courier = Article.objects.get(pk=riverton["Riverton passes budget"].pk)
    assert courier.copy_group_id is None
    assert Article.objects.get(pk=riverton["Council backs budget"].pk).copy_group_id is None


def test_with_detection_off_an_edit_is_left_to_group_copies(riverton, settings):
    courier, wire = riverton["Riverton passes budget"], riverton["Council backs budget"]
    settings.ARCHIVE_COPY_DETECTION = False
    # WHEN the body is changed while detection is off
    courier.body = ORCHARD
    courier.save()
    # THEN the checksum follows the body, the fingerprint is stale and the group untouched ...
    courier.refresh_from_db()
    assert courier.checksum == checksum(courier.body) != CopyFingerprint.objects.get(article=courier).checksum
    assert courier.copy_group_id == wire.copy_group_id
    # ... until group_copies compares it again: it leaves the group
    call_command("group_copies", "--no-progress", stdout=io.StringIO())
    assert Article.objects.get(pk=courier.pk).copy_group_id is None
    assert Article.objects.get(pk=wire.pk).copy_group_id is None
