"""fixtures/organisations.json: shape, Reuters label coverage, and the loader's checks."""

from __future__ import annotations

import json

import pycountry
import pytest

from archive.extraction import load_organisation_fixture
from archive.extraction.fixtures import ORGANISATION_FIXTURE, ORGANISATION_KINDS
from archive.extraction_evaluation import REUTERS_ORG_LABELS, REUTERS_ORG_TO_SLUGS


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return load_organisation_fixture(ORGANISATION_FIXTURE)


def test_rows_are_well_formed(rows):
    raw = json.loads(ORGANISATION_FIXTURE.read_text(encoding="utf-8"))
    assert len(raw) == len(rows) > 100
    for row in raw:
        assert set(row) == {"slug", "name", "acronym", "aliases", "kind", "country"}
        assert row["kind"] in ORGANISATION_KINDS
        assert row["country"] == "" or pycountry.countries.get(alpha_2=row["country"])
        assert (row["kind"] == "national") == bool(row["country"])
    slugs = [row["slug"] for row in rows]
    assert len(slugs) == len(set(slugs))


def test_every_reuters_org_label_has_an_organisation(rows):
    slugs = {row["slug"] for row in rows}
    for label in REUTERS_ORG_LABELS:
        assert set(REUTERS_ORG_TO_SLUGS[label]) & slugs, label


@pytest.mark.parametrize(
    "slug",
    [
        "un",
        "imf",
        "worldbank",
        "wto",
        "gatt",
        "ec",
        "eu",
        "opec",
        "oecd",
        "asean",
        "saarc",
        "sco",
        "gcc",
        "au",
        "nato",
        "adb-asia",
        "adb-africa",
        "idb",
        "ebrd",
        "iea",
        "bis",
        "paris-club",
        "g7",
        "g5",
        "g10",
        "g20",
        "comecon",
        "arab-league",
        "oas",
        "commonwealth",
        "ecowas",
        "ico-coffee",
        "icco",
        "itc",
        "isa",
        "iwc-wheat",
        "cftc",
        "fao",
        "who",
        "esa",
        "ems",
        "eib",
        "aiib",
        "brics",
        "interpol",
        "icc",
        "icj",
        "icrc",
        "amnesty",
        "ispr",
        "mofa-pk",
        "sbp",
        "arf",
        "pdac",
        "unhcr",
        "unicef",
        "undp",
        "unctad",
        "ilo",
        "iaea",
        "wfp",
        "unesco",
        "ifc",
        "ida",
    ],
)
def test_expected_bodies_are_shipped(rows, slug):
    assert slug in {row["slug"] for row in rows}


def test_ec_and_eu_are_separate(rows):
    by_slug = {row["slug"]: row for row in rows}
    assert by_slug["ec"]["name"] == "European Community"
    assert {"European Economic Community", "EEC", "Common Market"} <= set(by_slug["ec"]["aliases"])
    assert by_slug["eu"]["name"] == "European Union"


def test_unga_is_the_un(rows):
    by_slug = {row["slug"]: row for row in rows}
    assert "UNGA" in by_slug["un"]["aliases"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{}", "expected a JSON list"),
        ('[{"name": "No slug"}]', "needs a slug and a name"),
        ('[{"slug": "a", "name": "A"}, {"slug": "a", "name": "B"}]', "duplicate slug"),
        ('[{"slug": "a", "name": "A", "kind": "galactic"}]', "unknown kind"),
        ('[{"slug": "a", "name": "A", "aliases": "B"}]', "aliases must be a list"),
    ],
)
def test_loader_rejects_bad_rows(tmp_path, content, message):
    path = tmp_path / "orgs.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_organisation_fixture(path)


def test_loader_normalises(tmp_path):
    path = tmp_path / "orgs.json"
    path.write_text('[{"slug": "x", "name": "X Body", "country": "pk"}]', encoding="utf-8")
    assert load_organisation_fixture(path) == [
        {"slug": "x", "name": "X Body", "acronym": "", "aliases": [], "kind": "other", "country": "PK"}
    ]
