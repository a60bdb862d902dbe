"""Upload names, temporary copies and failures: odd names import, nothing is left behind, nothing answers 500."""

import os
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

from archive import uploads
from archive.models import Article
from archive.uploads import remove_abandoned_uploads, safe_upload_name

pytestmark = pytest.mark.django_db

URL = "/admin/archive/article/import/"
STORY = "ISLAMABAD: Pakistan and Uzbekistan agreed on Monday to build the trans-Afghan railway.\n\nFreight first.\n"
OTHER = "KABUL: The Termez dry port opened on Tuesday to lorries from three countries.\n\nCustoms are shared.\n"
HOURS = 3600


def upload(name: str, text: str = STORY) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode())


def results(response) -> dict[str, object]:
    return {result.safe_name: result for result in response.context["result"].files}


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("\U0001f4a3.txt", "upload.txt"),
        ("\U0001f4a3 \U0001f4a3.jsonl", "upload.jsonl"),
        ("report \U0001f4a3.txt", "report.txt"),
        ("notes.\U0001f4a3", "notes"),
        (".txt", "upload.txt"),
        ("a.b.sgm", "a.b.sgm"),
    ],
)
def test_a_name_without_usable_characters_keeps_its_suffix(name, safe):
    assert safe_upload_name(name) == safe


def test_an_emoji_file_name_imports(editor_client, committed):
    # WHEN a file named only with an emoji and a suffix is uploaded
    with committed():
        response = editor_client.post(URL, {"files": [upload("\U0001f4a3.txt")]})
    # THEN it imports under a plain name instead of being refused as "no suffix"
    result = results(response)["upload.txt"]
    assert result.report.new == 1 and result.report.ok
    assert Article.objects.get().import_ref.startswith("upload/upload.txt@")


def test_too_many_files_at_once_are_refused_saying_how_many_fit(editor_client, settings):
    # GIVEN an editor choosing more files than one upload takes
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    response = editor_client.post(URL, {"files": [upload(f"story{n}.txt") for n in range(4)]})
    # THEN the page says how many fit, in the editor's words (it named Django's setting)
    assert response.status_code == 400
    html = response.content.decode()
    assert "At most 3 files can be uploaded at a time: upload them in smaller batches." in html
    assert "DATA_UPLOAD_MAX_NUMBER_FILES" not in html


def multipart(filename: str, content: bytes) -> tuple[bytes, str]:
    """A hand-made upload body: the test client cuts file names to 255 characters, a browser does not."""
    boundary = "archive-test-boundary"
    body = (
        (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="files"; filename="{filename}"\r\n'
            "Content-Type: text/plain\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def test_a_ten_thousand_character_file_name_gets_a_clear_message(editor_client):
    # WHEN a browser sends a file name of 10,000 characters (Django's upload parser refuses such a part header)
    body, content_type = multipart("x" * 10_000 + ".txt", STORY.encode())
    response = editor_client.post(URL, body, content_type=content_type)
    # THEN the import page says what to do, instead of a bare "Bad request"
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="upload-error"' in page and "file name" in page and "shorter" in page
    assert 'id="import-form"' in page
    assert Article.objects.count() == 0


def test_a_long_file_name_that_the_parser_accepts_is_shortened(editor_client, committed):
    body, content_type = multipart("y" * 600 + ".txt", STORY.encode())
    with committed():
        response = editor_client.post(URL, body, content_type=content_type)
    assert response.status_code == 200
    (result,) = response.context["result"].files
    assert result.safe_name == "y" * 116 + ".txt" and result.report.new == 1


def test_an_exception_in_one_file_is_reported_on_it_and_the_rest_of_the_batch_imports(
    editor_client, committed, monkeypatch
):
    # GIVEN the importer blows up on one file (as a JSON Lines line nested 100,000 deep once did)
    real = uploads.import_file

    def fragile(path: Path, **kwargs):
        if path.name == "deep.jsonl":
            raise RecursionError("maximum recursion depth exceeded")
        return real(path, **kwargs)

    monkeypatch.setattr(uploads, "import_file", fragile)
    # WHEN it is uploaded between two good files
    with committed():
        response = editor_client.post(
            URL, {"files": [upload("a.txt"), upload("deep.jsonl", "{}"), upload("b.txt", OTHER)]}
        )
    # THEN the page answers, the bad file carries the error and the others are imported
    assert response.status_code == 200
    rows = results(response)
    assert rows["a.txt"].report.new == 1 and rows["b.txt"].report.new == 1
    assert "RecursionError" in rows["deep.jsonl"].report.failed[0]
    assert "maximum recursion depth" in response.content.decode()
    assert Article.objects.count() == 2


def test_an_index_failure_after_the_import_is_a_notice_not_a_500(editor_client, committed, monkeypatch):
    # GIVEN the index cannot be written (a read-only directory, say)
    def broken(**kwargs):
        raise PermissionError(13, "Permission denied", "index")

    monkeypatch.setattr("archive.search.writer.apply_pending", broken)
    # WHEN a file is uploaded
    with committed():
        response = editor_client.post(URL, {"files": [upload("a.txt")]})
    # THEN the articles are stored and the page says the index is behind
    assert response.status_code == 200
    assert response.context["result"].index_error
    assert "queued" in response.content.decode()
    assert Article.objects.count() == 1


def age(path: Path, seconds: float) -> Path:
    then = time.time() - seconds
    os.utime(path, (then, then))
    return path


def test_abandoned_upload_copies_are_removed_and_fresh_ones_kept(settings, archive_data_dir):
    # GIVEN copies left by killed uploads (old layout and new), Django's own buffers, and a running upload
    tmp = archive_data_dir / "tmp"
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp)
    tmp.mkdir()
    old_dir = archive_data_dir / "upload-killed"
    old_dir.mkdir()
    (old_dir / "a.txt").write_text(STORY)
    age(old_dir / "a.txt", 2 * HOURS)
    age(old_dir, 2 * HOURS)
    old_copy = tmp / "upload-abc"
    old_copy.mkdir()
    age(old_copy, 2 * HOURS)
    old_buffer = tmp / "tmpq1w2e3.upload.txt"
    old_buffer.write_bytes(b"x")
    age(old_buffer, 2 * HOURS)
    running = tmp / "upload-running"
    running.mkdir()
    fresh_buffer = tmp / "tmpfresh.upload.jsonl"
    fresh_buffer.write_bytes(b"x")
    unrelated = archive_data_dir / "notes"
    unrelated.write_text("not an upload")
    age(unrelated, 2 * HOURS)
    # WHEN the clean-up runs
    removed = remove_abandoned_uploads()
    # THEN only the old upload copies are gone
    assert removed == 3
    assert not old_dir.exists() and not old_copy.exists() and not old_buffer.exists()
    assert running.exists() and fresh_buffer.exists() and unrelated.exists()


def test_each_upload_cleans_up_first_and_leaves_nothing_behind(editor_client, committed, settings, archive_data_dir):
    settings.FILE_UPLOAD_TEMP_DIR = str(archive_data_dir / "tmp")
    left = archive_data_dir / "upload-left-by-a-killed-worker"
    left.mkdir()
    age(left, 2 * HOURS)
    with committed():
        editor_client.post(URL, {"files": [upload("a.txt")]})
    assert not left.exists()
    assert not list(archive_data_dir.glob("**/upload-*"))


def test_large_uploads_are_buffered_in_the_data_dir(editor_client, committed, settings, archive_data_dir, monkeypatch):
    # GIVEN uploads over the in-memory limit go to a temporary file, and the data dir has no tmp folder yet
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10
    settings.FILE_UPLOAD_TEMP_DIR = str(archive_data_dir / "tmp")
    seen: list[str] = []
    real = uploads.import_uploads

    def spy(files, **kwargs):
        seen.extend(f.temporary_file_path() for f in files)
        return real(files, **kwargs)

    monkeypatch.setattr("archive.admin.imports.import_uploads", spy)
    # WHEN a file is uploaded
    with committed():
        response = editor_client.post(URL, {"files": [upload("a.txt")]})
    # THEN Django buffered it inside the data dir, in a folder made for it
    assert response.status_code == 200 and Article.objects.count() == 1
    assert seen and all(Path(path).parent == archive_data_dir / "tmp" for path in seen)


def test_the_settings_put_upload_buffers_in_the_data_dir():
    from archive import settings as project

    assert Path(project.FILE_UPLOAD_TEMP_DIR).parent == project.ARCHIVE_DATA_DIR


def test_import_warnings_are_shown_on_the_file_they_concern(editor_client, committed):
    # GIVEN a JSON Lines file whose record names an unknown country and a javascript: source URL
    record = (
        '{"id": "w1", "title": "Railway agreed", "body": "Pakistan and Uzbekistan agreed on a railway.", '
        '"countries": ["XQ"], "url": "javascript:alert(1)"}\n'
    )
    # WHEN an editor uploads it
    with committed():
        response = editor_client.post(URL, {"files": [upload("warned.jsonl", record)]})
    # THEN the article is imported and the result page lists each warning under that file
    result = results(response)["warned.jsonl"]
    assert result.report.new == 1 and len(result.report.warnings) == 2
    page = response.content.decode()
    assert "Imported with warnings" in page
    for warning in result.report.warnings:
        assert str(escape(warning)) in page
