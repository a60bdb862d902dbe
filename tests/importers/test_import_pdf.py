"""PDFs through import_articles: one article per file, idempotent, a broken PDF reported while the rest imports."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.importers import import_paths
from archive.models import Article
from tests.admin.helpers import found
from tests.ingest.pdfs import text_pdf

pytestmark = pytest.mark.django_db

REPORT = text_pdf(
    ["ISLAMABAD, June 20, 2023 - Pakistan and Uzbekistan agreed to build the", "trans-Afghan railway, a long-"],
    ["awaited link, officials said. The Zorbulak line will carry freight."],
    heading="Railway deal signed",
    header="Daily Example  Press releases",
    page_numbers=True,
    author="Jane Doe",
)


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "railway.pdf").write_bytes(REPORT)
    (tmp_path / "locked.pdf").write_bytes(text_pdf(["Secret text."], user_password="secret"))
    (tmp_path / "cut.pdf").write_bytes(REPORT[: len(REPORT) // 2])
    return tmp_path


def test_a_folder_of_pdfs_imports_the_good_one_and_names_each_bad_one(folder):
    # GIVEN a folder with a good PDF, an encrypted one and a truncated one
    # WHEN it is imported
    report = import_paths([folder])
    # THEN the good one is an article, dated, titled, tagged and searchable
    assert report.total("new") == 1
    article = Article.objects.get()
    assert (article.title, article.author, article.published) == (
        "Railway deal signed",
        "Jane Doe",
        dt.date(2023, 6, 20),
    )
    assert article.import_ref == f"{folder.name}/railway.pdf#1"
    assert article.body == (
        "Pakistan and Uzbekistan agreed to build the trans-Afghan railway, a long-awaited link, officials said. "
        "The Zorbulak line will carry freight."
    )
    assert "Daily Example" in article.raw_text  # the text layer as received
    assert set(article.countries.values_list("code", flat=True)) >= {"PK", "UZ"}
    assert found(q="Zorbulak") == [article.pk]
    # AND each bad file fails with its reason
    failed = {f.path.rsplit("/", 1)[-1]: f.failed for f in report.failed_files}
    assert "encrypted PDF" in failed["locked.pdf"][0] and "truncated PDF" in failed["cut.pdf"][0]


def test_importing_the_same_pdf_again_changes_nothing(tmp_path):
    (tmp_path / "railway.pdf").write_bytes(REPORT)
    import_paths([tmp_path])
    before = Article.objects.values().get()
    # WHEN the same file is imported again THEN it is unchanged, nothing new
    report = import_paths([tmp_path])
    assert (report.total("new"), report.total("updated"), report.total("unchanged")) == (0, 0, 1)
    assert Article.objects.values().get() == before


def test_the_command_reports_the_broken_pdf_and_exits_non_zero(folder):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(folder), "--no-progress", stdout=out, stderr=err)
    printed = out.getvalue() + err.getvalue()
    assert "locked.pdf" in printed and "needs a password" in err.getvalue()
    assert Article.objects.count() == 1
