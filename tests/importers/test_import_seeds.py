"""The seed import end to end: files -> articles with metadata and tags -> index."""

import datetime as dt
import io
import shutil

import pytest
from django.core.management import call_command

from archive.importers import import_paths
from archive.models import Article, Precision

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(seeds_dir, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = import_paths([seeds_dir])
    return report


def by_ref(suffix: str) -> Article:
    return Article.objects.get(import_ref__endswith=suffix)


def test_seeds_give_six_articles(imported):
    assert imported.ok, imported.files
    assert imported.total("new") == 6
    assert Article.objects.count() == 6


def test_titles_and_review_flags(imported):
    assert by_ref("002_663fb898ec153f75.txt#1").title.startswith("Pakistan desires stronger ties with Russia")
    assert by_ref("004_466a4c17d71ee6e5.txt#1").title.startswith("Pakistan’s army chief discusses")
    assert by_ref("004_466a4c17d71ee6e5.txt#2").title.startswith("Pakistan, Canada explore deeper trade")
    for ref in ("000_728eb46f56e5de8d.txt#1", "001_040a18596ef5fdee.txt#1", "003_5cf35de7a53bf458.txt#1"):
        article = by_ref(ref)
        assert article.title_generated and article.title
    assert Article.objects.needs_review().count() == 5  # 000, 001, 003 titles; 002, 004#2 dates


def test_dates_with_precision(imported):
    assert (by_ref("003_5cf35de7a53bf458.txt#1").published, by_ref("003_5cf35de7a53bf458.txt#1").precision) == (
        dt.date(2023, 6, 20),
        Precision.DAY,
    )
    first = by_ref("004_466a4c17d71ee6e5.txt#1")
    assert (first.published, first.precision) == (dt.date(2025, 4, 13), Precision.DAY)
    undated = Article.objects.filter(published__isnull=True)
    assert undated.count() == 4
    assert all(a.date_unknown and a.precision == Precision.UNKNOWN for a in undated)
    assert "SEPT 22" in by_ref("002_663fb898ec153f75.txt#1").date_text


def test_datelines(imported):
    places = {a.import_ref.split("/")[-1]: a.dateline_place for a in Article.objects.all()}
    assert places == {
        "000_728eb46f56e5de8d.txt#1": "Islamabad",
        "001_040a18596ef5fdee.txt#1": "",
        "002_663fb898ec153f75.txt#1": "New York",
        "003_5cf35de7a53bf458.txt#1": "Islamabad",
        "004_466a4c17d71ee6e5.txt#1": "Islamabad",
        "004_466a4c17d71ee6e5.txt#2": "Karachi",
    }


@pytest.mark.parametrize(
    "phrase", ["Related News", "Read More", "Comments are Closed", "Short Url", "Also Read", "sibgharauf64@gmail.com"]
)
def test_no_boilerplate_in_any_body(imported, phrase):
    assert not Article.objects.filter(body__icontains=phrase).exists()


def test_raw_text_is_kept_exactly(imported, seeds_dir):
    article = by_ref("003_5cf35de7a53bf458.txt#1")
    assert article.raw_text == (seeds_dir / "003_5cf35de7a53bf458.txt").read_text(encoding="utf-8")


def test_related_news_block_adds_no_tags(imported):
    codes = set(by_ref("002_663fb898ec153f75.txt#1").countries.values_list("code", flat=True))
    assert "PK" in codes and not codes & {"IR", "IL", "AZ"}


def test_every_seed_is_tagged_pakistan(imported):
    for article in Article.objects.all():
        assert "PK" in {tag.country.code for tag in article.active_country_tags()}, article.import_ref


def test_second_run_changes_nothing(imported, seeds_dir):
    before = list(Article.objects.values_list("pk", "updated_at"))
    report = import_paths([seeds_dir])
    assert (report.total("new"), report.total("updated"), report.total("unchanged")) == (0, 0, 6)
    assert list(Article.objects.values_list("pk", "updated_at")) == before


def test_changed_file_updates_its_article(imported, seeds_dir, tmp_path):
    copy = tmp_path / "seeds"
    shutil.copytree(seeds_dir, copy)
    path = copy / "002_663fb898ec153f75.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("Lavrov on Friday", "Lavrov on Saturday"), "utf-8")
    report = import_paths([copy])
    assert (report.total("new"), report.total("updated"), report.total("unchanged")) == (0, 1, 5)
    assert "Lavrov on Saturday" in by_ref("002_663fb898ec153f75.txt#1").body


def test_same_text_from_another_file_is_a_duplicate(imported, seeds_dir, tmp_path):
    other = tmp_path / "elsewhere"
    other.mkdir()
    shutil.copy(seeds_dir / "003_5cf35de7a53bf458.txt", other / "copy.txt")
    report = import_paths([other])
    assert report.total("new") == 0 and report.total("duplicates") == 1
    assert "seeds/003_5cf35de7a53bf458.txt#1" in report.files[0].duplicates[0]
    assert Article.objects.count() == 6


def test_input_files_are_never_modified(seeds_dir, django_capture_on_commit_callbacks):
    before = {p.name: p.read_bytes() for p in seeds_dir.iterdir()}
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_articles", str(seeds_dir), "--no-progress", verbosity=0)
    assert {p.name: p.read_bytes() for p in seeds_dir.iterdir()} == before


def test_setup_imports_the_seeds_once_and_a_deleted_seed_stays_deleted(seeds_dir, django_capture_on_commit_callbacks):
    """GIVEN a new archive WHEN `make setup` imports the seeds (`--if-empty`) THEN they come in; WHEN an editor deletes
    one and `make setup` runs again (an upgrade) THEN it stays deleted (every setup imported it again)."""

    def setup_import() -> str:
        out = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("import_articles", str(seeds_dir), "--if-empty", "--no-progress", stdout=out)
        return out.getvalue()

    assert "6 new" in setup_import() and Article.objects.count() == 6
    Article.objects.order_by("pk").first().delete()
    assert "nothing imported (--if-empty)" in setup_import()
    assert Article.objects.count() == 5
