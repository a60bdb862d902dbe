"""Copies grouped at import, by the backfill, kept apart by editors; lookups and the public face."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from archive import copies, import_batches
from archive.importers import import_paths
from archive.models import Article, CopyBucket, CopyFingerprint, CopyGroup, IndexChange
from tests.copies import stories

pytestmark = pytest.mark.django_db


@pytest.fixture
def copies_file(tmp_path):
    """GIVEN one story in four outlets' versions, another story on its subject, two weeks of a recurring report."""
    return stories.write_jsonl(
        tmp_path / "riverton.jsonl",
        stories.record(1, "Riverton passes budget", stories.STORY, published="2024-05-02"),
        stories.record(2, "Council backs budget", stories.WIRE_COPY, "Northern Wire", "2024-05-01"),
        stories.record(3, "Budget approved", stories.OUTLET_COPY, "Evening Post", "2024-05-03"),
        stories.record(4, "Riverton budget passes", stories.NEW_ENDING, "Valley Times"),
        stories.record(5, "A long night at the council", stories.SAME_SUBJECT),
        stories.record(
            6, "Jobless claims fall", stories.WEEKLY.format(a="3,400", b="3,730", c="25,070", day="March 7")
        ),
        stories.record(
            7, "Jobless claims rise", stories.WEEKLY.format(a="3,410", b="3,400", c="24,540", day="March 14")
        ),
    )


def by_title() -> dict[str, Article]:
    return {a.title: a for a in Article.objects.all()}


def groups() -> set[frozenset[str]]:
    found: dict[int, set[str]] = {}
    for title, group in Article.objects.filter(copy_group__isnull=False).values_list("title", "copy_group_id"):
        found.setdefault(group, set()).add(title)
    return {frozenset(g) for g in found.values()}


COPIES = frozenset({"Riverton passes budget", "Council backs budget", "Budget approved", "Riverton budget passes"})


def test_import_groups_the_copies_and_nothing_else(copies_file):
    # WHEN the file is imported
    report = import_paths([copies_file])
    # THEN the four versions are one group; the other story and the weekly reports have no group
    assert report.total("new") == 7
    assert groups() == {COPIES}
    assert CopyGroup.objects.count() == 1
    # AND every article has a fingerprint; the buckets are rows every process sees
    assert CopyFingerprint.objects.count() == 7
    assert CopyBucket.objects.exclude(article__title__startswith="Jobless").count() > 0


def test_copies_arriving_in_later_imports_join_the_group(tmp_path, monkeypatch):
    first = stories.write_jsonl(tmp_path / "a.jsonl", stories.record(1, "Riverton passes budget", stories.STORY))
    import_paths([first])
    assert groups() == set()  # alone: no group (NULL means no known copy)
    recorded: list[int] = []
    real = import_batches.record_changes
    monkeypatch.setattr(import_batches, "record_changes", lambda ids: (recorded.extend(ids), real(ids)))
    second = stories.write_jsonl(tmp_path / "b.jsonl", stories.record(2, "Council backs budget", stories.WIRE_COPY))
    import_paths([second])
    assert groups() == {frozenset({"Riverton passes budget", "Council backs budget"})}
    # AND the earlier article, whose group changed, was queued for the index with the new one
    assert Article.objects.get(title="Riverton passes budget").pk in recorded
    third = stories.write_jsonl(tmp_path / "c.jsonl", stories.record(3, "Budget approved", stories.OUTLET_COPY))
    import_paths([third])
    assert groups() == {frozenset({"Riverton passes budget", "Council backs budget", "Budget approved"})}


def test_two_groups_a_new_copy_bridges_are_merged(tmp_path):
    # GIVEN two groups (split apart by nothing but an editor's join later) WHEN a third article matches both
    a = stories.write_jsonl(
        tmp_path / "a.jsonl", stories.record(1, "A", stories.STORY), stories.record(2, "B", stories.WIRE_COPY)
    )
    import_paths([a])
    group_ab = Article.objects.get(title="A").copy_group_id
    c = stories.write_jsonl(tmp_path / "c.jsonl", stories.record(3, "C", stories.OUTLET_COPY))
    import_paths([c])
    # THEN one group holds all three, the oldest kept
    assert set(Article.objects.values_list("copy_group_id", flat=True)) == {group_ab}


def test_byte_identical_bodies_are_still_reported_as_duplicates(tmp_path):
    path = stories.write_jsonl(
        tmp_path / "dup.jsonl", stories.record(1, "One", stories.STORY), stories.record(2, "Two", stories.STORY)
    )
    report = import_paths([path])
    assert report.total("new") == 1
    assert report.total("duplicates") == 1


def test_with_detection_off_nothing_is_grouped_until_the_backfill(copies_file, settings):
    settings.ARCHIVE_COPY_DETECTION = False
    import_paths([copies_file])
    assert CopyFingerprint.objects.count() == 0
    assert groups() == set()
    # WHEN group_copies runs THEN the same groups as an import with detection on
    out = io.StringIO()
    call_command("group_copies", "--no-progress", stdout=out)
    assert groups() == {COPIES}
    assert "Fingerprinted 7 articles" in out.getvalue()
    # AND a second run changes nothing (idempotent)
    before = list(Article.objects.order_by("pk").values_list("pk", "copy_group_id"))
    out = io.StringIO()
    call_command("group_copies", "--no-progress", stdout=out)
    assert "Fingerprinted 0 articles; 0 changed group" in out.getvalue()
    assert list(Article.objects.order_by("pk").values_list("pk", "copy_group_id")) == before


def test_a_split_article_stays_out_through_backfill_and_reimport(copies_file):
    import_paths([copies_file])
    wire = Article.objects.get(title="Council backs budget")
    # WHEN an editor splits it out
    copies.split([wire])
    wire.refresh_from_db()
    assert wire.copy_group_id is None
    assert groups() == {COPIES - {"Council backs budget"}}
    # THEN neither the backfill (its body changed: fingerprinted again) nor a re-import regroups it
    Article.objects.filter(pk=wire.pk).update(checksum="changed")
    call_command("group_copies", "--no-progress", stdout=io.StringIO())
    import_paths([copies_file])
    wire.refresh_from_db()
    assert wire.copy_group_id is None
    assert CopyFingerprint.objects.get(article=wire).detached


def test_splitting_one_of_two_dissolves_the_group(tmp_path):
    path = stories.write_jsonl(
        tmp_path / "a.jsonl", stories.record(1, "A", stories.STORY), stories.record(2, "B", stories.WIRE_COPY)
    )
    import_paths([path])
    changed = copies.split([Article.objects.get(title="A")])
    assert sorted(changed) == sorted(Article.objects.values_list("pk", flat=True))
    assert not Article.objects.filter(copy_group__isnull=False).exists()
    assert CopyGroup.objects.count() == 0


def test_join_merges_groups_and_undoes_a_split(copies_file):
    import_paths([copies_file])
    other = Article.objects.get(title="A long night at the council")
    budget = Article.objects.get(title="Riverton passes budget")
    copies.split([budget])
    # WHEN an editor joins the split article and the other story to the group
    _group, changed = copies.join([budget, other, Article.objects.get(title="Budget approved")])
    # THEN one group holds the five; the split mark is gone
    assert groups() == {COPIES | {"A long night at the council"}}
    assert not CopyFingerprint.objects.get(article=budget).detached
    assert set(changed) == {budget.pk, other.pk}


def test_lookup_finds_the_group_of_a_new_copy(copies_file):
    import_paths([copies_file])
    group = Article.objects.get(title="Riverton passes budget").copy_group_id
    assert copies.lookup(stories.STORY + " A line no outlet ran.") == group
    assert copies.lookup(stories.SAME_SUBJECT + " More.") is None


def test_lookup_answers_what_detect_does(copies_file, tmp_path):
    # GIVEN the copies imported, one version split out by an editor
    import_paths([copies_file])
    titles = by_title()
    copies.split([titles["Budget approved"]])
    group = titles["Riverton passes budget"].copy_group_id
    # THEN a new copy is looked up into the group; the split one's body alone leads nowhere but to its copies
    assert copies.lookup(stories.OUTLET_COPY + " Reported late.") == group  # the others still resemble it
    # AND a body too short to group, a recurring report with other figures, another story: no group
    assert copies.lookup(stories.SHORT) is None
    weekly = stories.WEEKLY.format(a="3,900", b="3,100", c="21,000", day="March 21")
    assert copies.lookup(weekly) is None
    assert copies.lookup(stories.SAME_SUBJECT) is None
    # AND what lookup says is what the import then does with the same body
    body = stories.NEW_ENDING + " The Valley Times adds a line."
    expected = copies.lookup(body)
    import_paths([stories.write_jsonl(tmp_path / "late.jsonl", stories.record(9, "Late copy", body, "Late Post"))])
    assert Article.objects.get(title="Late copy").copy_group_id == expected == group


def test_other_versions_lists_the_rest_of_the_group_earliest_first(copies_file):
    import_paths([copies_file])
    article = Article.objects.get(title="Riverton passes budget")
    versions = list(copies.other_versions(article))
    assert versions[0].title == "Council backs budget"  # 1 May, the earliest
    assert {v.title for v in versions} == COPIES - {"Riverton passes budget"}
    Article.objects.filter(title="Budget approved").update(is_published=False)
    assert "Budget approved" not in {v.title for v in copies.other_versions(article)}
    assert copies.representative([article, *versions]).title == "Council backs budget"


def test_deleting_one_of_two_copies_dissolves_the_group(tmp_path):
    # GIVEN two copies grouped at import, and a third article grouped with neither
    path = stories.write_jsonl(
        tmp_path / "a.jsonl",
        stories.record(1, "A", stories.STORY),
        stories.record(2, "B", stories.WIRE_COPY),
        stories.record(3, "C", stories.SAME_SUBJECT),
    )
    import_paths([path])
    assert groups() == {frozenset({"A", "B"})}
    # WHEN one of the two is deleted
    Article.objects.filter(title="B").delete()
    # THEN the other is a copy of nothing: no group, and it is queued for the index
    assert not Article.objects.filter(copy_group__isnull=False).exists()
    assert CopyGroup.objects.count() == 0
    assert IndexChange.objects.filter(article_id=Article.objects.get(title="A").pk).exists()
