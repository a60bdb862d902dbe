"""Built-in country knowledge: seed rows, names, regions, cities and dateline places."""

from __future__ import annotations

import pycountry
import pytest

from archive.extraction import dateline_country, default_country_rows
from archive.extraction.countries import HISTORIC, builtin_country_forms, city_country, region_country


def test_default_rows_cover_every_iso_country_once():
    rows = default_country_rows()
    codes = [row["code"] for row in rows]
    assert len(codes) == len(set(codes)) == len(list(pycountry.countries))
    assert all(set(row) == {"code", "name"} and row["name"] for row in rows)


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("RU", "Russia"),
        ("IR", "Iran"),
        ("KR", "South Korea"),
        ("KP", "North Korea"),
        ("VN", "Vietnam"),
        ("TW", "Taiwan"),
        ("BO", "Bolivia"),
        ("VE", "Venezuela"),
        ("SY", "Syria"),
        ("TZ", "Tanzania"),
        ("LA", "Laos"),
        ("MD", "Moldova"),
        ("GB", "United Kingdom"),
        ("US", "United States"),
        ("PK", "Pakistan"),
    ],
)
def test_default_rows_use_friendly_names(code, name):
    assert {row["code"]: row["name"] for row in default_country_rows()}[code] == name


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Pakistani", "PK"),
        ("Russian", "RU"),
        ("American", "US"),
        ("U.S.", "US"),
        ("US", "US"),
        ("U.K.", "GB"),
        ("UK", "GB"),
        ("Britain", "GB"),
        ("British", "GB"),
        ("West German", "DE"),
        ("Soviet Union", "RU"),
        ("USSR", "RU"),
        ("Czechoslovakia", "CZ"),
        ("Yugoslavia", "RS"),
        ("Burma", "MM"),
        ("Zaire", "CD"),
        ("Kampuchea", "KH"),
        ("Republic of Korea", "KR"),
        ("Democratic People's Republic of Korea", "KP"),
        ("Côte d'Ivoire", "CI"),
        ("Cote d'Ivoire", "CI"),
    ],
)
def test_builtin_forms(text, code):
    assert (text, code) in {(f.text, f.code) for f in builtin_country_forms()}


def test_historic_states_map_to_their_successors():
    assert HISTORIC["USSR"] == "RU"
    assert HISTORIC["West Germany"] == HISTORIC["East Germany"] == "DE"
    assert all(pycountry.countries.get(alpha_2=code) for code in HISTORIC.values())


@pytest.mark.parametrize(
    ("city", "code"),
    [
        ("NEW YORK", "US"),
        ("Islamabad", "PK"),
        ("Karachi", "PK"),
        ("London", "GB"),  # not London, Ontario: eight times smaller
        ("Salvador", "BR"),  # Salvador da Bahia; El Salvador is a country, not a city
        ("Hyderabad", "IN"),
        ("Peking", "CN"),
        ("Washington", "US"),
        ("St. Louis", "US"),
        ("Geneva", "CH"),
        ("Kuwait City", "KW"),
        ("Atlantis", ""),
    ],
)
def test_city_country(city, code):
    assert city_country(city) == code


@pytest.mark.parametrize(
    ("region", "code"),
    [("Texas", "US"), ("Calif.", "US"), ("N.Y.", "US"), ("Ga.", "US"), ("Alberta", "CA"), ("Nova Scotia", "CA")],
)
def test_region_country(region, code):
    assert region_country(region) == code


@pytest.mark.parametrize(
    ("dateline", "code"),
    [
        ("Islamabad", "PK"),
        ("NEW YORK, SEPT 22 (DNA) -", "US"),
        ("HOUSTON, Texas", "US"),
        ("Boca Raton, Fla.", "US"),
        ("Atlanta, Georgia", "US"),
        ("Tbilisi, Georgia", "GE"),
        ("Georgia", "GE"),
        ("Taupo, New Zealand", "NZ"),
        ("Calgary, Alberta", "CA"),
        ("Oberhausen, West Germany", "DE"),
        ("Farmington Conn.", "US"),
        ("Bahrain", "BH"),
        ("United Nations", ""),
        ("", ""),
    ],
)
def test_dateline_country(gazetteer, dateline, code):
    assert dateline_country(dateline, gazetteer) == code
