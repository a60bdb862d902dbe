"""One path: every importer and the extract_entities contract give the same entities for the same story.

The story is written as a plain-text file, as JSON Lines (the dateline at the start of the body, and as a
field) and as a Reuters SGML record; each import must tag what the contract returns for the story.
"""

import json

import pytest

from archive.gazetteers import current_gazetteer
from archive.importers import import_paths
from archive.models import Article, ArticleCountry, ArticleOrganisation
from archive.record_extraction import extract_record

pytestmark = pytest.mark.django_db

TITLE = "IMF agrees loan"
PARAGRAPHS = [
    "The International Monetary Fund (IMF) agreed to lend 1.2 billion dlrs to Brazil, Acme Corp said.",
    "The IMF loan was the largest this year, it said. Argentina was not mentioned again.",
    "Japan and Japanese banks were said to be ready to join, according to officials in Japan.",
]


def files(tmp_path, dateline: str, place: str):
    body = "\n\n".join(PARAGRAPHS)
    (tmp_path / "story.txt").write_text(f"{TITLE}\n\n{dateline} {body}\n", encoding="utf-8")
    (tmp_path / "in-body.jsonl").write_text(
        json.dumps({"id": "a", "title": TITLE, "body": f"{dateline} {body}"}) + "\n", encoding="utf-8"
    )
    (tmp_path / "field.jsonl").write_text(
        json.dumps({"id": "b", "title": TITLE, "dateline": place, "body": body}) + "\n", encoding="utf-8"
    )
    sgml_body = "\n    ".join(PARAGRAPHS)
    (tmp_path / "story.sgm").write_text(
        '<REUTERS NEWID="1">\n<DATE>26-FEB-1987 15:01:01.79</DATE>\n<PLACES></PLACES>\n<TEXT>&#2;\n'
        f"<TITLE>{TITLE}</TITLE>\n<DATELINE>    {dateline} </DATELINE><BODY>{sgml_body}\n Reuter\n&#3;</BODY></TEXT>\n"
        "</REUTERS>\n",
        encoding="latin-1",
    )
    return body


def entities(article: Article) -> tuple[set[str], set[str]]:
    countries = ArticleCountry.objects.active().filter(article=article).values_list("country__code", flat=True)
    organisations = ArticleOrganisation.objects.filter(article=article).values_list("organisation__slug", flat=True)
    return set(countries), set(organisations)


@pytest.mark.parametrize(
    ("dateline", "place", "code"),
    [
        ("COMMACK, N.Y., Feb 26 -", "Commack, N.Y.", "US"),
        ("TORONTO, Ont., Feb 26 -", "Toronto, Ont.", "CA"),
        ("LONDON, Feb 26 -", "London", "GB"),
    ],
)
def test_every_importer_tags_what_the_contract_returns(tmp_path, dateline, place, code):
    # GIVEN the same story as .txt, .jsonl (dateline in the body, and as a field) and .sgm
    body = files(tmp_path, dateline, place)
    # WHEN it is sent through the contract with the dateline at the start of the body
    contract = extract_record({"id": 1, "title": TITLE, "body": f"{dateline} {body}"}, current_gazetteer())
    slugs = {o.name: o.slug for o in current_gazetteer().organisations}
    expected = (set(contract["countries"]), {slugs[o["name"]] for o in contract["organisations"]})
    # THEN it finds the dateline's country, Brazil (first sentence), Japan (three mentions) and the IMF ...
    assert expected == ({code, "BR", "JP"}, {"imf"})
    # ... and each import of the story (one at a time: the same body is otherwise a duplicate) tags exactly those
    for path in sorted(tmp_path.iterdir()):
        report = import_paths([path])
        assert report.ok, [f.failed for f in report.files]
        article = Article.objects.get()
        assert entities(article) == expected, path.name
        # JSON Lines keeps a record's body as given (no dateline field is made up); the others store the place
        assert article.dateline_place == ("" if path.name == "in-body.jsonl" else place), path.name
        article.delete()
