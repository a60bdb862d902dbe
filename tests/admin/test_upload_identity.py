"""Upload identity: a different file with a name used before never overwrites, unless the editor asks to replace."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from archive.importers import import_file
from archive.models import Article

pytestmark = pytest.mark.django_db

URL = "/admin/archive/article/import/"
FIRST = "ISLAMABAD: Pakistan and Uzbekistan agreed on Monday to build the trans-Afghan railway.\n\nFreight first.\n"
SECOND = "KABUL: The Termez dry port opened on Tuesday to lorries from three countries.\n\nCustoms are shared.\n"
THIRD = "TASHKENT: Uzbekistan signed a power line agreement with Afghanistan on Friday.\n\nWork starts in May.\n"


def upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode())


def post(client, committed, *files, replace: bool = False):
    data: dict[str, object] = {"files": list(files)}
    if replace:
        data["replace"] = "on"
    with committed():
        response = client.post(URL, data)
    assert response.status_code == 200, response.content[:2000]
    return response


def results(response) -> list:
    return response.context["result"].files


MARKERS = {"railway": "first", "Termez": "second", "power line": "third"}


def stories() -> list[str]:
    """Which of the three stories the archive holds, one entry per article."""
    bodies = Article.objects.values_list("body", flat=True)
    return sorted(story for body in bodies for marker, story in MARKERS.items() if marker in body)


def test_a_different_file_with_a_name_used_before_is_kept_apart_and_the_editor_is_told(editor_client, committed):
    # GIVEN same.txt was uploaded
    post(editor_client, committed, upload("same.txt", FIRST))
    # WHEN two different files arrive under that name (one with a path in front of it)
    second = post(editor_client, committed, upload("same.txt", SECOND))
    third = post(editor_client, committed, upload("../same.txt", THIRD))
    # THEN nothing was overwritten: three articles, each with its own reference
    assert stories() == ["first", "second", "third"]
    assert len(set(Article.objects.values_list("import_ref", flat=True))) == 3
    for response in (second, third):
        (result,) = results(response)
        assert result.report.new == 1 and result.report.updated == 0
        assert result.kept and result.replaced is None
        page = response.content.decode()
        assert "was imported before" in page and "Replace earlier uploads" in page


def test_the_same_file_uploaded_again_changes_nothing_and_says_nothing_more(editor_client, committed):
    # GIVEN same.txt was uploaded
    post(editor_client, committed, upload("same.txt", FIRST))
    before = list(Article.objects.values_list("pk", "import_ref", "updated_at"))
    # WHEN exactly the same file is uploaded again, with or without "replace"
    again = post(editor_client, committed, upload("same.txt", FIRST))
    replaced = post(editor_client, committed, upload("same.txt", FIRST), replace=True)
    # THEN it is unchanged, and there is no note about another file
    for response in (again, replaced):
        (result,) = results(response)
        assert result.report.unchanged == 1 and result.report.new == 0 and not result.kept
        assert "was imported before" not in response.content.decode()
    assert list(Article.objects.values_list("pk", "import_ref", "updated_at")) == before


def test_replace_updates_the_articles_of_the_latest_upload_of_that_name(editor_client, committed):
    # GIVEN same.txt was uploaded twice with different content (two sets of articles)
    post(editor_client, committed, upload("same.txt", FIRST))
    post(editor_client, committed, upload("same.txt", SECOND))
    kabul = Article.objects.get(body__contains="Termez")
    # WHEN a third version is uploaded with "replace" ticked
    response = post(editor_client, committed, upload("same.txt", THIRD), replace=True)
    # THEN the latest upload's article is updated in place; the first one is untouched
    (result,) = results(response)
    assert result.report.updated == 1 and result.report.new == 0
    assert result.replaced is not None and result.replaced.base == kabul.import_ref.split("#")[0]
    assert stories() == ["first", "third"]
    assert "power line" in Article.objects.get(pk=kabul.pk).body
    assert "Replaced the articles" in response.content.decode()


def test_replace_covers_uploads_made_before_references_carried_a_checksum(editor_client, committed, tmp_path):
    # GIVEN an article uploaded under the old reference scheme (upload/<name>#n)
    path = tmp_path / "same.txt"
    path.write_text(FIRST)
    import_file(path, ref_base="upload/same.txt")
    old = Article.objects.get()
    # WHEN a new version is uploaded without, then with "replace"
    kept = post(editor_client, committed, upload("same.txt", SECOND))
    assert results(kept)[0].kept[0].base == "upload/same.txt" and Article.objects.count() == 2
    Article.objects.exclude(pk=old.pk).delete()
    replaced = post(editor_client, committed, upload("same.txt", THIRD), replace=True)
    # THEN the old article is the one replaced
    assert results(replaced)[0].report.updated == 1
    assert Article.objects.get().pk == old.pk and old.import_ref == "upload/same.txt#1"
    assert stories() == ["third"]


def test_replace_with_nothing_earlier_imports_as_new(editor_client, committed):
    response = post(editor_client, committed, upload("fresh.txt", FIRST), replace=True)
    (result,) = results(response)
    assert result.report.new == 1 and result.replaced is None and not result.kept


def test_replace_only_looks_at_uploads_of_exactly_that_name(editor_client, committed):
    # GIVEN uploads named same.txt.bak and SAME.txt (a different name, whatever the database's LIKE does)
    post(editor_client, committed, upload("same.txt.bak.txt", FIRST), upload("SAME.txt", SECOND))
    # WHEN same.txt is uploaded with "replace"
    response = post(editor_client, committed, upload("same.txt", THIRD), replace=True)
    # THEN nothing of theirs is replaced
    assert results(response)[0].report.new == 1
    assert stories() == ["first", "second", "third"]


def test_the_upload_form_offers_the_replace_box(editor_client):
    page = editor_client.get(URL).content.decode()
    assert 'name="replace"' in page and 'type="checkbox"' in page


def test_replace_finds_json_lines_records_keyed_by_their_id(editor_client, committed):
    def record(body: str) -> str:
        return f'{{"id": 7, "title": "Railway deal", "body": {json.dumps(body)}}}\n'

    # GIVEN a JSON Lines upload whose record has an id (reference upload/<name>@<checksum>:7)
    post(editor_client, committed, upload("feed.jsonl", record(FIRST)))
    (original,) = Article.objects.all()
    # WHEN a changed version of the file is uploaded with "replace"
    response = post(editor_client, committed, upload("feed.jsonl", record(SECOND)), replace=True)
    # THEN that record's article is updated
    assert results(response)[0].report.updated == 1
    assert list(Article.objects.values_list("pk", flat=True)) == [original.pk] and stories() == ["second"]


def test_the_replace_note_says_what_was_replaced_and_what_was_not(editor_client, committed):
    """GIVEN a JSON Lines upload of two stories WHEN a one-record version replaces it, then an empty file THEN the
    notes say one was updated and one left as it was, then that nothing was replaced (both said "Replaced the
    articles of the earlier upload (2 articles)")."""
    two = "\n".join(json.dumps({"title": f"Story {n}", "body": f"Body {n} of the railway talks."}) for n in (1, 2))
    post(editor_client, committed, upload("talks.jsonl", two))
    one = json.dumps({"title": "Story 1", "body": "Body 1 of the railway talks, corrected."})
    shorter = post(editor_client, committed, upload("talks.jsonl", one), replace=True).content.decode()
    assert "(2 articles, imported" in shorter
    assert "1 updated, 0 unchanged; 1 not in this file, left as it was." in shorter
    empty = post(editor_client, committed, upload("talks.jsonl", ""), replace=True).content.decode()
    assert "Nothing of the earlier upload of talks.jsonl was replaced" in empty and "Replaced the articles" not in empty
    assert Article.objects.count() == 2


def test_replacing_warns_of_a_record_matched_by_place_that_is_another_story_and_of_an_editors_change(
    editor_client, committed, editor
):
    """GIVEN two JSON Lines records without ids, uploaded, and an editor's new title on the first WHEN the file is
    uploaded again with the records swapped and "replace" ticked THEN each replaced article says it was matched by
    its place and is another story now, and the first that an editor's change was replaced (both went unsaid)."""
    chile, peru = ({"title": t, "body": f"{t}: the fishing ban news."} for t in ("Chile ban", "Peru ban"))
    post(editor_client, committed, upload("fish.jsonl", "\n".join(json.dumps(r) for r in (chile, peru))))
    first = Article.objects.get(title="Chile ban")
    first.title = "Chile fishing ban"
    first._history_user = editor
    with committed():
        first.save()
    swapped = post(
        editor_client, committed, upload("fish.jsonl", "\n".join(json.dumps(r) for r in (peru, chile))), replace=True
    )
    (result,) = results(swapped)
    warned = " ".join(result.report.warnings)
    assert "matched by its place in the file (it has no id): “Chile fishing ban” is now “Peru ban”" in warned
    assert "“Peru ban” is now “Chile ban”" in warned and "give each record an id" in warned
    assert "an editor had changed this article since it was imported" in warned
    assert "matched by its place" in swapped.content.decode()


PAGE = """<!doctype html><html lang="en"><head><title>{title} | The Courier</title></head><body><article>
<h1>{title}</h1><p>{text} The harbour board met on Monday to discuss the plan and its costs at length.</p>
</article></body></html>"""


def test_replace_finds_an_earlier_upload_of_a_web_page(editor_client, committed):
    # GIVEN a saved page uploaded once (one article, under the file's own reference: nothing after it)
    first = PAGE.format(title="Ferry fares to rise", text="Fares rise by 12 per cent.")
    second = PAGE.format(title="Ferry fares to rise in April", text="Fares rise by 12 per cent from April.")
    post(editor_client, committed, upload("page.html", first))
    (earlier,) = Article.objects.all()
    # WHEN a corrected page of that name arrives without "replace" THEN the editor is told of the earlier one
    assert "was imported before" in post(editor_client, committed, upload("page.html", second)).content.decode()
    Article.objects.exclude(pk=earlier.pk).delete()
    # WHEN it arrives with "replace" THEN the earlier article is updated in place
    (result,) = results(post(editor_client, committed, upload("page.html", second), replace=True))
    assert (result.report.updated, result.report.new) == (1, 0)
    # AND no one having edited it, nothing says an editor's change was replaced (the uploads are the uploader's,
    # not edits): neither now nor on a second replacement
    third = PAGE.format(title="Ferry fares to rise on 1 April", text="Fares rise by 12 per cent on 1 April.")
    (again,) = results(post(editor_client, committed, upload("page.html", third), replace=True))
    assert again.report.updated == 1
    assert not any("an editor had changed" in warning for warning in result.report.warnings + again.report.warnings)
    assert list(Article.objects.values_list("pk", flat=True)) == [earlier.pk]
    assert "on 1 April" in Article.objects.get().body


SGM = """<REUTERS NEWID="{newid}"><DATE>26-FEB-1987 15:01:01.79</DATE><TEXT><TITLE>{title}</TITLE>
<BODY>{body}
 Reuter</BODY></TEXT></REUTERS>
"""


def test_a_reuters_file_under_a_new_name_keeps_an_editors_changes_unless_replace_is_ticked(
    editor_client, committed, editor
):
    # GIVEN a Reuters story (keyed by its NEWID whatever the file is called), uploaded, and an editor's title on it
    body = "Showers continued throughout the week in the Bahia cocoa zone, the weekly review said."
    post(editor_client, committed, upload("cocoa.sgm", SGM.format(newid=7, title="BAHIA COCOA REVIEW", body=body)))
    (story,) = Article.objects.all()
    story.title = "Bahia cocoa review"
    story._history_user = editor
    with committed():
        story.save()
    changed = SGM.format(newid=7, title="BAHIA COCOA REVIEW", body=body.replace("Showers", "Rains"))
    # WHEN a file of another name holding that story, changed, is uploaded without "Replace"
    (result,) = results(post(editor_client, committed, upload("cocoa-2.sgm", changed)))
    # THEN the editor's version is kept and the record reported as skipped, saying how to take the file's
    story.refresh_from_db()
    assert (story.title, story.body.startswith("Showers")) == ("Bahia cocoa review", True)
    assert (result.report.updated, result.report.skipped) == (0, 1)
    assert any("kept the editor's version" in warning for warning in result.report.warnings)
    # WHEN it is uploaded again with "Replace" ticked THEN the file's version replaces the editor's, saying so
    (result,) = results(post(editor_client, committed, upload("cocoa-2.sgm", changed), replace=True))
    story.refresh_from_db()
    assert result.report.updated == 1 and story.body.startswith("Rains") and story.title == "BAHIA COCOA REVIEW"
    assert any("an editor had changed this article" in warning for warning in result.report.warnings)
