"""The upload page runs the importer on uploaded files, safely, and reports per file."""

import hashlib
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict

from archive.admin.imports import UploadForm
from archive.ingest.sgml import NO_STORY
from archive.models import Article
from archive.uploads import safe_upload_name
from tests.admin.helpers import found

pytestmark = pytest.mark.django_db

URL = "/admin/archive/article/import/"
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ingest"
STORY = (
    "ISLAMABAD: Pakistan and Uzbekistan agreed on Monday to build the trans-Afghan railway, "
    "officials said.\n\nThe Zorbulak line will carry freight to the sea.\n"
)


def ref(name: str, content: str, number: int = 1) -> str:
    """An uploaded article's reference: the file's name and the start of its SHA-256."""
    return f"upload/{name}@{hashlib.sha256(content.encode()).hexdigest()[:12]}#{number}"


def upload(name: str, content: bytes | str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content.encode() if isinstance(content, str) else content)


def post(client, committed, *files):
    with committed():
        return client.post(URL, {"files": list(files)})


def rows(response) -> dict[str, object]:
    return {result.safe_name: result.report for result in response.context["result"].files}


def test_upload_imports_files_and_reports_each_one(editor_client, editor, committed):
    response = post(
        editor_client,
        committed,
        upload("story.txt", STORY),
        upload("export.jsonl", (FIXTURES / "articles.jsonl").read_bytes()),
        upload("reuters.sgm", (FIXTURES / "reuters_small.sgm").read_bytes()),
        upload("empty.txt", b""),
        upload("picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
        upload("notes.docx", b"PK\x03\x04"),
    )
    assert response.status_code == 200
    reports = rows(response)
    assert reports["story.txt"].new == 1 and reports["story.txt"].ok
    assert reports["export.jsonl"].new == 4 and reports["export.jsonl"].failed  # bad lines, with reasons
    assert reports["reuters.sgm"].new == 2 and reports["reuters.sgm"].skipped == 1
    assert "empty" in reports["empty.txt"].failed[0]
    assert "PNG" in reports["picture.txt"].failed[0]
    assert "unsupported file type" in reports["notes.docx"].failed[0]
    page = response.content.decode()
    assert "import-result" in page and "unsupported file type" in page

    story = Article.objects.get(import_ref=ref("story.txt", STORY))
    assert story.history.earliest("history_date").history_user == editor
    assert found(q="Zorbulak") == [story.pk]  # searchable right after the import
    assert not list(Path(story_data_dir()).glob("**/upload-*"))  # the temporary files are gone


def test_the_report_says_what_the_skipped_records_of_a_file_are(editor_client, committed):
    """GIVEN a Reuters file with a headline-only brief WHEN it is uploaded
    THEN its row says what the skipped record is, not only how many (76 of reut2-005.sgm were a bare number)."""
    response = post(editor_client, committed, upload("reuters.sgm", (FIXTURES / "reuters_small.sgm").read_bytes()))
    report = rows(response)["reuters.sgm"]
    assert report.skipped == 1
    assert report.skipped_why == f"1 record {NO_STORY}"
    assert NO_STORY == "with no story text (no <BODY>: a headline-only brief or an unprocessed record)"
    assert "1 record with no story text (no &lt;BODY&gt;: a headline-only brief" in response.content.decode()


def test_the_fields_help_is_the_text_their_description_names(editor_client):
    """GIVEN the import page WHEN a screen reader reads a field THEN its aria-describedby names the help shown
    under it (it named id_files_helptext, which no element had: the limit and the rules went unread)."""
    page = editor_client.get(URL).content.decode()
    for name in ("files", "replace"):
        assert f'aria-describedby="id_{name}_helptext"' in page
        assert f'<div class="help" id="id_{name}_helptext">' in page


def story_data_dir():
    from django.conf import settings

    return settings.ARCHIVE_DATA_DIR


def test_uploading_again_changes_nothing_and_the_same_text_elsewhere_is_a_duplicate(editor_client, committed):
    post(editor_client, committed, upload("story.txt", STORY))
    response = post(editor_client, committed, upload("story.txt", STORY), upload("copy.txt", STORY))
    reports = rows(response)
    assert reports["story.txt"].unchanged == 1
    assert reports["copy.txt"].duplicates == [f"{ref('copy.txt', STORY)} (same text as {ref('story.txt', STORY)})"]
    assert f"same text as {ref('story.txt', STORY)}" in response.content.decode()
    assert Article.objects.count() == 1


def test_path_components_in_upload_names_are_stripped(editor_client, committed, tmp_path):
    response = post(
        editor_client,
        committed,
        upload("../../etc/passwd.txt", STORY),
        upload("..\\..\\windows\\evil.txt", STORY.replace("Zorbulak", "Qarshi")),
    )
    reports = rows(response)
    assert set(reports) == {"passwd.txt", "evil.txt"}
    assert Article.objects.filter(import_ref=ref("passwd.txt", STORY)).exists()
    assert not Article.objects.filter(import_ref__contains="..").exists()


def test_two_files_with_the_same_name_get_different_references(editor_client, committed):
    other = STORY.replace("Zorbulak", "Termez")
    response = post(editor_client, committed, upload("a.txt", STORY), upload("a.txt", other))
    assert set(rows(response)) == {"a.txt", "a-2.txt"}
    assert set(Article.objects.values_list("import_ref", flat=True)) == {ref("a.txt", STORY), ref("a-2.txt", other)}


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("/abs/path/x.jsonl", "x.jsonl"),
        ("C:\\Users\\me\\My File.txt", "My_File.txt"),
        ("..", "upload"),
        (".hidden.txt", "hidden.txt"),
        ("", "upload"),
        ("weird<>|name?.sgm", "weird_name.sgm"),
        ("Dépêche.txt", "Dépêche.txt"),
        ("x" * 300 + ".txt", "x" * 116 + ".txt"),
    ],
)
def test_safe_upload_name(name, safe):
    assert safe_upload_name(name) == safe
    assert "/" not in safe and "\\" not in safe


def test_an_upload_over_the_limit_is_refused_with_a_message(editor_client, committed, settings):
    settings.ARCHIVE_MAX_UPLOAD_BYTES = 2000
    response = post(editor_client, committed, upload("big.txt", STORY * 20))
    assert response.status_code == 413
    page = response.content.decode()
    assert "the limit is 2.0" in page and "in total" in page
    assert Article.objects.count() == 0


def test_the_form_checks_the_files_total_too(settings):
    """For a request without a Content-Length (which the view checks first)."""
    settings.ARCHIVE_MAX_UPLOAD_BYTES = len(STORY) + 10
    form = UploadForm(data={}, files=MultiValueDict({"files": [upload("a.txt", STORY), upload("b.txt", STORY)]}))
    assert not form.is_valid()
    assert "in total" in form.errors["files"][0]
    form = UploadForm(data={}, files=MultiValueDict({"files": [upload("a.txt", STORY)]}))
    assert form.is_valid() and len(form.cleaned_data["files"]) == 1


def test_no_files_is_a_form_error_and_get_shows_the_limit(editor_client, committed):
    page = editor_client.get(URL).content.decode()
    assert "20.0" in page and 'type="file"' in page and "multiple" in page
    response = post(editor_client, committed)
    assert response.status_code == 400 and "This field is required" in response.content.decode()


def test_import_page_needs_a_csrf_token(editor, committed):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    response = post(strict, committed, upload("story.txt", STORY))
    assert response.status_code == 403
    assert Article.objects.count() == 0


def test_the_report_links_each_files_articles_in_the_article_list(editor_client, editor, committed):
    """GIVEN an upload of a new file, the same file under another name (a duplicate: nothing stored under it) and a
    broken one WHEN the report is shown THEN the new file's row links to the article list filtered to its
    articles, which lists exactly its article, and the others link to nothing."""
    response = post(
        editor_client, committed, upload("story.txt", STORY), upload("copy.txt", STORY), upload("empty.txt", b"")
    )
    page = response.content.decode()
    base = ref("story.txt", STORY).rsplit("#", 1)[0]
    link = f"/admin/archive/article/?import_ref__startswith={quote(base, safe='')}"
    assert f'<a class="import-articles" href="{link}">its article</a>' in page
    assert page.count('class="import-articles"') == 1
    listed = editor_client.get(link)
    assert listed.status_code == 200 and list(listed.context["cl"].result_list) == [Article.objects.get()]


def test_a_duplicates_line_links_to_the_article_it_repeats(editor_client, editor, committed):
    """GIVEN a story uploaded, then the same text in a file of another name WHEN the second upload's report is shown
    THEN its duplicate's line links to the article list showing the stored article it repeats."""
    post(editor_client, committed, upload("story.txt", STORY))
    page = post(editor_client, committed, upload("copy.txt", STORY)).content.decode()
    original = ref("story.txt", STORY)
    link = f"/admin/archive/article/?import_ref={quote(original, safe='')}"
    assert f'<a class="import-original" href="{link}">the article it repeats</a>' in page
    listed = editor_client.get(link)
    assert [a.import_ref for a in listed.context["cl"].result_list] == [original]
