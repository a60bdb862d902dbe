"""archive/search_export.py and archive/search/matching.py: every match of a search, in its order, as a file."""

import csv
import datetime as dt
import io
import json

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware

from archive.models import Article
from archive.search import SearchParams, apply_pending, matching_ids, search
from archive.search_export import ExportTooLarge, export_chunks, neutralised, plan_export

pytestmark = pytest.mark.django_db


def _absolute(path: str) -> str:
    return f"http://testserver{path}"


def _export(params: SearchParams, fmt: str, **kwargs) -> str:
    return "".join(export_chunks(plan_export(params, format=fmt, **kwargs), absolute=_absolute))


def _page_ids(params: SearchParams) -> list[int]:
    return [hit.article_id for hit in search(SearchParams(**{**params.__dict__, "per_page": 100})).hits]


@pytest.mark.parametrize("engine", ["fast", "whoosh", "portable"])
@pytest.mark.parametrize(
    "params",
    [
        SearchParams(),
        SearchParams(sort="oldest"),
        SearchParams(q="Pakistan"),
        SearchParams(q="Pakistan", sort="newest"),
        SearchParams(q="Russia", countries=("PK",)),
        SearchParams(countries=("RU",), sort="oldest"),
        SearchParams(q="nothingmatchesthis"),
    ],
)
def test_matching_ids_follow_the_search_order_on_every_path(archive, params, engine):
    # GIVEN the seeds WHEN every match is asked for THEN the ids are the search page's, in its order
    total, ids = matching_ids(params, limit=100, engine=engine)
    expected = _page_ids(params)
    assert total == len(expected)
    if engine == "portable" and params.effective_sort != "relevance":
        # articles of the same date come in the engine's own order (README, "The portable path")
        dates = dict(Article.objects.values_list("pk", "published"))
        assert sorted(ids) == sorted(expected) and [dates[i] for i in ids] == [dates[i] for i in expected]
        return
    assert ids == expected
    # AND a limit keeps the first ones while the total stays whole
    assert matching_ids(params, limit=2, engine=engine) == (total, expected[:2])


def test_the_export_follows_sort_and_filters_and_leaves_out_the_body(archive):
    params = SearchParams(q="Pakistan", countries=("RU",), sort="oldest")
    rows = [json.loads(line) for line in _export(params, "jsonl").splitlines()]
    assert [row["id"] for row in rows] == _page_ids(params)
    assert rows and all("RU" in row["countries"] for row in rows)
    assert all("body" not in row for row in rows)
    assert set(rows[0]) == {
        "id",
        "permalink",
        "title",
        "published",
        "precision",
        "source",
        "url",
        "author",
        "dateline",
        "language",
        "countries",
        "country_names",
        "organisations",
        "organisation_names",
        "copy_group",
    }
    article = Article.objects.get(pk=rows[0]["id"])
    assert rows[0]["language"] == article.language == "en"
    assert rows[0]["permalink"] == _absolute(article.get_absolute_url())
    assert rows[0]["published"] == (article.published.isoformat() if article.published else None)


def test_the_body_only_when_asked(archive):
    rows = [json.loads(line) for line in _export(SearchParams(), "jsonl", include_body=True).splitlines()]
    assert len(rows) == Article.objects.count()
    assert all(row["body"] == Article.objects.get(pk=row["id"]).body for row in rows)


def test_over_the_cap_nothing_is_exported_and_the_total_is_told(archive):
    count = Article.objects.count()
    with pytest.raises(ExportTooLarge) as refused:
        plan_export(SearchParams(), format="csv", limit=count - 1)
    assert (refused.value.total, refused.value.limit) == (count, count - 1)
    assert f"finds {count} articles" in str(refused.value)
    assert plan_export(SearchParams(), format="csv", limit=count).total == count


def test_unpublished_articles_never_leave(archive):
    hidden = Article.objects.first()
    hidden.is_published = False
    hidden.save()
    apply_pending()
    rows = [json.loads(line) for line in _export(SearchParams(), "jsonl").splitlines()]
    assert hidden.pk not in [row["id"] for row in rows] and rows


def test_csv_reads_back_with_a_bom_one_header_and_neutralised_formulas(archive):
    article = Article.objects.first()
    article.title = "=1+1"
    article.author = "@SUM(A1)"
    article.save()
    apply_pending()
    text = _export(SearchParams(sort="oldest"), "csv")
    assert text.startswith("\ufeffid,permalink,title,")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert [int(row["id"]) for row in rows] == _page_ids(SearchParams(sort="oldest"))
    row = next(row for row in rows if int(row["id"]) == article.pk)
    assert row["title"] == "'=1+1" and row["author"] == "'@SUM(A1)"
    tagged = next(row for row in rows if ";" in row["countries"])
    assert "; " in tagged["countries"]
    assert "body" not in rows[0]


def test_tags_are_exported_by_code_and_by_name_in_the_same_order(archive):
    # GIVEN the seeds, tagged with countries and organisations WHEN exported as CSV
    rows = list(csv.DictReader(io.StringIO(_export(SearchParams(), "csv").removeprefix("\ufeff"))))
    article = Article.objects.with_tags().get(pk=next(int(row["id"]) for row in rows if ";" in row["countries"]))
    row = next(row for row in rows if int(row["id"]) == article.pk)
    # THEN a reader sees the names beside the codes, pair by pair
    names = {tag.country.code: tag.country.name for tag in article.active_country_tags()}
    codes = row["countries"].split("; ")
    assert row["country_names"].split("; ") == [names[code] for code in codes] and len(codes) == len(names)
    orgs = {tag.organisation.slug: tag.organisation.name for tag in article.active_organisation_tags()}
    slugs = row["organisations"].split("; ") if row["organisations"] else []
    assert (row["organisation_names"].split("; ") if slugs else []) == [orgs[slug] for slug in slugs]
    assert any(row["organisation_names"] for row in rows)


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=1", "a=1"),
        (["PK", "RU"], "PK; RU"),
        (None, ""),
        (7, "7"),
    ],
)
def test_cells_are_neutralised(value, cell):
    assert neutralised(value) == cell


def test_ris_and_bibtex_read_back(archive):
    params = SearchParams(q="Pakistan")
    ids = _page_ids(params)
    entries = rispy.loads(_export(params, "ris", include_body=True))
    assert [entry["id"].rsplit("-", 1)[1] for entry in entries] == [str(i) for i in ids]
    first = Article.objects.get(pk=ids[0])
    assert entries[0]["title"] == first.title
    assert entries[0]["urls"][0] == _absolute(first.get_absolute_url())
    assert entries[0]["abstract"] == " ".join(first.body.split())
    library = bibtexparser.parse_string(_export(params, "bibtex"), append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks
    assert [entry.key.rsplit("-", 1)[1] for entry in library.entries] == [str(i) for i in ids]
    assert library.entries[0]["title"] == first.title
    assert "abstract" not in library.entries[0].fields_dict


def test_csl_json_is_one_array_of_every_article_as_its_cite_json_writes_it(archive, client):
    # GIVEN a search of several articles WHEN it is exported as CSL-JSON (streamed an item at a time)
    params = SearchParams(q="Pakistan")
    ids = _page_ids(params)
    items = json.loads(_export(params, "csljson", include_body=True))
    # THEN one array, in the search's order, each item the article's own cite.json (with the body as abstract)
    assert [item["id"] for item in items] == [f"article-{pk}" for pk in ids]
    first = Article.objects.get(pk=ids[0])
    one = json.loads(client.get(f"/articles/{first.pk}/cite.json").content)[0]
    assert {key: value for key, value in items[0].items() if key != "abstract"} == {
        **one,
        "URL": _absolute(first.get_absolute_url()),
    }
    assert items[0]["abstract"] == first.body
    # AND a search that finds nothing is an empty array, still JSON
    assert json.loads(_export(SearchParams(q="nosuchwordanywhere"), "csljson")) == []


@pytest.mark.parametrize(
    ("params", "name"),
    [
        (SearchParams(), "search"),
        (SearchParams(q='coffee "export quotas"', countries=("BR", "CO")), "coffee-export-quotas-br-co"),
        (SearchParams(q="wheat", organisations=("usda",), date="1987-03"), "wheat-usda-1987-03"),
        (SearchParams(date_from=dt.date(1987, 3, 1), date_to=dt.date(1987, 3, 5)), "1987-03-01-1987-03-05"),
        (SearchParams(q="كراتشي"), "search"),  # no ASCII word: a name still, not an empty one
    ],
)
def test_an_export_file_is_named_for_its_search(archive, params, name):
    # GIVEN a search WHEN its export is planned THEN the file's name says which search it holds
    plan = plan_export(params, format="csv")
    assert plan.filename.startswith(f"archive-{name}-") and plan.filename.endswith(".csv")


def test_a_readers_list_is_named_as_their_selection(archive):
    # GIVEN a reader's selected articles WHEN exported THEN the file says it is the selection
    from archive.selection import plan_selection

    plan = plan_selection(list(Article.objects.values_list("pk", flat=True)), format="ris")
    assert plan.filename.startswith("archive-selected-") and plan.filename.endswith(".ris")


def test_articles_load_in_chunks(archive, django_assert_max_num_queries):
    from archive.search_export import articles_in_order

    ids = list(Article.objects.order_by("-pk").values_list("pk", flat=True))
    # THEN each chunk costs three queries (articles, country tags, organisation tags), the order kept
    with django_assert_max_num_queries(3 * 3):
        assert [article.pk for article in articles_in_order(ids, include_body=False, chunk=2)] == ids
