"""split_dateline: wire datelines recognised, ordinary sentences left alone."""

from __future__ import annotations

import datetime as dt

import pytest

from archive.dates import Precision, split_dateline, title_case_place


@pytest.mark.parametrize(
    ("paragraph", "place", "agency", "date_text", "rest"),
    [
        ("ISLAMABAD: Foreign Secretary said", "Islamabad", "", "", "Foreign Secretary said"),
        ("KARACHI: Pakistani and Canadian officials", "Karachi", "", "", "Pakistani and Canadian officials"),
        ("NEW YORK, SEPT 22 (DNA) – In a meeting", "New York", "DNA", "SEPT 22", "In a meeting"),
        ("NEW YORK, SEPT 22 (DNA) — In a meeting", "New York", "DNA", "SEPT 22", "In a meeting"),
        ("NEW YORK, SEPT 22 (DNA) - In a meeting", "New York", "DNA", "SEPT 22", "In a meeting"),
        ("Islamabad, 20 June 2023 (TDI):\u00a0The fifth round", "Islamabad", "TDI", "20 June 2023", "The fifth round"),
        ("SALVADOR, Feb 26 - Showers continued", "Salvador", "", "Feb 26", "Showers continued"),
        ("TEHRAN, JUNE 16 (AFP/APP/DNA):Iran’s judiciary", "Tehran", "AFP/APP/DNA", "JUNE 16", "Iran’s judiciary"),
        ("WASHINGTON (Reuters) - The Fed said", "Washington", "Reuters", "", "The Fed said"),
        ("LONDON, March 3 (Reuters) -", "London", "Reuters", "March 3", ""),
        ("    SALVADOR, Feb 26 - ", "Salvador", "", "Feb 26", ""),
        ("Karachi, Sept 22: Officials met", "Karachi", "", "Sept 22", "Officials met"),
        ("RIO DE JANEIRO, MARCH 25 - Brazil", "Rio de Janeiro", "", "MARCH 25", "Brazil"),
        ("BOCA RATON, Fla., March 23 - Text", "Boca Raton, Fla.", "", "March 23", "Text"),
        ("TAUPO, New Zealand, March 23, Reuter - ", "Taupo, New Zealand", "Reuter", "March 23", ""),
        ("ST. JOHN'S, Newfoundland, March 9 - ", "St. John's, Newfoundland", "", "March 9", ""),
        ("N'DJAMENA, March 25 - ", "N'Djamena", "", "March 25", ""),
        ("AMSTERDAM, 2 March - ", "Amsterdam", "", "2 March", ""),
        ("KABUL, Afghanistan (AP) — Officials said", "Kabul, Afghanistan", "AP", "", "Officials said"),
        ("DALLAS/FORT WORTH, Texas, March 3 - ", "Dallas/Fort Worth, Texas", "", "March 3", ""),
        ("PESHAWAR — Police said", "Peshawar", "", "", "Police said"),
        ("COMMACK, N.Y., Feb 26 - Shares", "Commack, N.Y.", "", "Feb 26", "Shares"),
        ("TORONTO, Ont., March 2 - Shares", "Toronto, Ont.", "", "March 2", "Shares"),
        # The Spanish and Latin American form: the dot belongs to the dash, not to the place
        ("BUENOS AIRES.- El Fondo anunció", "Buenos Aires", "", "", "El Fondo anunció"),
        ("MADRID.— El Gobierno aprobó", "Madrid", "", "", "El Gobierno aprobó"),
        ("WASHINGTON, D.C. - The Fed said", "Washington, D.C.", "", "", "The Fed said"),
        # Two regions: the island and the colony
        (
            "GEORGETOWN, Grand Cayman, British West Indies, March 25 - ",
            "Georgetown, Grand Cayman, British West Indies",
            "",
            "March 25",
            "",
        ),
        # Misspelt dates in the Reuters DATELINE field end the dateline, with no date read from them
        ("NEW YORK, Narch 2 - Qtr ended", "New York", "", "", "Qtr ended"),
        ("BOSTON, March 187 - Eastern", "Boston", "", "", "Eastern"),
        ("FORT WAYNE, IND., Marchg 12 - Qtly div", "Fort Wayne, Ind.", "", "", "Qtly div"),
        # A weekday after the place is the day, in English or another language, not part of the place
        ("PARIS, lundi 3 mai - Le gouvernement", "Paris", "", "3 mai", "Le gouvernement"),
        ("MADRID, lunes 3 de mayo de 2021 (EFE) - El", "Madrid", "EFE", "3 de mayo de 2021", "El"),
        ("BERLIN, Montag, 3. Mai - Die Regierung", "Berlin", "", "3. Mai", "Die Regierung"),
        ("WASHINGTON, Monday, May 3 - The", "Washington", "", "May 3", "The"),
        ("WASHINGTON, Monday (Reuters) - The", "Washington", "Reuters", "", "The"),
        ("LISBOA, segunda-feira, 4 de março (Lusa) - O", "Lisboa", "Lusa", "4 de março", "O"),
        ("SUN CITY, South Africa, Sunday - Golf", "Sun City, South Africa", "", "", "Golf"),
    ],
)
def test_datelines_recognised(paragraph: str, place: str, agency: str, date_text: str, rest: str) -> None:
    dateline, remainder = split_dateline(paragraph)
    assert dateline is not None
    assert dateline.place == place
    assert dateline.agency == agency
    assert dateline.date.text == date_text
    assert remainder == rest
    assert paragraph.lstrip().startswith(dateline.text)


def test_dateline_with_full_date_has_a_value() -> None:
    dateline, _ = split_dateline("Islamabad, 20 June 2023 (TDI): text")
    assert dateline is not None
    assert dateline.date.value == dt.date(2023, 6, 20)
    assert dateline.date.precision == Precision.DAY


def test_dateline_without_year_has_no_value() -> None:
    dateline, _ = split_dateline("NEW YORK, SEPT 22 (DNA) – text")
    assert dateline is not None
    assert dateline.date.value is None
    assert dateline.date.precision == Precision.UNKNOWN


@pytest.mark.parametrize(
    "paragraph",
    [
        "Pakistan has maintained a formal relationship with the Association of Southeast Asian Nations",
        "During the meeting: both sides agreed",
        "Note: figures are provisional",
        "NOTE: figures are provisional",
        "UPDATE: the vote was delayed",
        "Pakistan, Canada explore deeper trade, mining and agriculture cooperation",
        "“ASEAN member states shared valuable inputs,” read the statement.",
        "In 2020, the region - further solidified its influence",
        "The Charter: one vision",
        "Foreign Minister Lavrov extended invitation to Khawaja Asif",
        "US lawmakers pose for a group photo (ISPR)",
        "THE UNITED STATES OF AMERICA AND ITS ALLIES: a new deal",  # too many words for a place
        "Islamabad: the capital said",  # Title case needs a date or an agency
        "London - a city of many faces",
        "Wilcox/Gibbs - ",
        "Shares, up 12 - a record",  # a misspelt-date dateline needs an ALL CAPS place
        "Profits in Boston, Mass 12 - a record",
        "",
        "   ",
        # A word that is a month's short form in another language, outside a dateline's strict shape
        "Round 3 set - Nadal broke back at once",  # "set" after a day, but no comma after a place
        "Game, set and match - Federer",  # no day
        "Mai 12 (AFP) - the singer said",  # a name and a number: other languages put the day first
        "Mai, 12 - the singer said",
        "Paris, 3 mais - Le texte",  # "mais" is not "mai"
        "Two years ago, 5 ago - a fire",  # not a place
        "Mars, 3 billion - the planet",
        "Tennis 6 set 4 - a record",
        # A weekday where the place would be: a day is not a place
        "Lundi, 3 mai - Le gouvernement a annoncé",
        "Monday, May 3 - The government said",
        "Sonntag: Die Wahl",
    ],
)
def test_not_datelines(paragraph: str) -> None:
    dateline, rest = split_dateline(paragraph)
    assert dateline is None
    assert rest == paragraph


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("NEW YORK", "New York"),
        ("ISLAMABAD", "Islamabad"),
        ("RIO DE JANEIRO", "Rio de Janeiro"),
        ("ST. JOHN'S", "St. John's"),
        ("WINSTON-SALEM", "Winston-Salem"),
        ("Boca Raton", "Boca Raton"),
        ("N.Y.", "N.Y."),
    ],
)
def test_title_case_place(raw: str, expected: str) -> None:
    assert title_case_place(raw) == expected


def test_a_decomposed_place_is_read_as_the_composed_one() -> None:
    # GIVEN a dateline typed decomposed: "E" + a combining acute accent
    dateline, rest = split_dateline("BELE\u0301M: A prefeitura ampliou a coleta.")
    # THEN it is split off, its place composed
    assert dateline is not None and dateline.place == "Belém" and rest == "A prefeitura ampliou a coleta."


@pytest.mark.parametrize(
    ("paragraph", "place", "agency", "date_text", "iso", "rest"),
    [
        ("PARIS, 12 mai 2023 (AFP) - Le texte", "Paris", "AFP", "12 mai 2023", "2023-05-12", "Le texte"),
        ("ALGER, 3 mars (AFP) - Le texte", "Alger", "AFP", "3 mars", None, "Le texte"),
        ("PARIS, 1er mai (AFP) - Le texte", "Paris", "AFP", "1er mai", None, "Le texte"),
        ("MOSCOU, 14 février 2023 (AFP) - La", "Moscou", "AFP", "14 février 2023", "2023-02-14", "La"),
        ("PARIS, 3 févr. 2023 (AFP) - Le", "Paris", "AFP", "3 févr. 2023", "2023-02-03", "Le"),
        ("MADRID, 3 de junio de 2023 (EFE) - El", "Madrid", "EFE", "3 de junio de 2023", "2023-06-03", "El"),
        ("MADRID, 5 mar (EFE).- El Gobierno", "Madrid", "EFE", "5 mar", None, "El Gobierno"),  # EFE's ".-"
        ("MADRID, 5 mar (EFE) - El Gobierno", "Madrid", "EFE", "5 mar", None, "El Gobierno"),
        ("BOGOTÁ, 2 dic. 2022 (EFE).- El", "Bogotá", "EFE", "2 dic. 2022", "2022-12-02", "El"),
        ("LISBOA, 4 de março de 2023 (Lusa) - O", "Lisboa", "Lusa", "4 de março de 2023", "2023-03-04", "O"),
        ("SÃO PAULO, 1º de maio de 2023 - O", "São Paulo", "", "1º de maio de 2023", "2023-05-01", "O"),
        ("ROMA, 7 aprile 2023 (ANSA) - Il", "Roma", "ANSA", "7 aprile 2023", "2023-04-07", "Il"),
        ("ROMA, 3 set. 2023 (ANSA) - Il", "Roma", "ANSA", "3 set. 2023", "2023-09-03", "Il"),
        ("BERLIN, 12. März (Reuters) - Die", "Berlin", "Reuters", "12. März", None, "Die"),
        ("WIEN, 17. Februar - Die", "Wien", "", "17. Februar", None, "Die"),
        ("Den Haag, 5 mei 2023 (ANP) - De", "Den Haag", "ANP", "5 mei 2023", "2023-05-05", "De"),
        ("МОСКВА, 14 февраля 2023 - Президент", "Москва", "", "14 февраля 2023", "2023-02-14", "Президент"),
        ("ABIDJAN, 12 oct (AFP) - Le", "Abidjan", "AFP", "12 oct", None, "Le"),
    ],
)
def test_datelines_in_other_languages(
    paragraph: str, place: str, agency: str, date_text: str, iso: str | None, rest: str
) -> None:
    # GIVEN a wire story opening with a French, Spanish, Portuguese, Italian, German, Dutch or Russian dateline
    dateline, remainder = split_dateline(paragraph)
    # THEN the dateline is split off with its place, agency and date, the story kept
    assert dateline is not None
    assert (dateline.place, dateline.agency, dateline.date.text, dateline.date.isoformat()) == (
        place,
        agency,
        date_text,
        iso,
    )
    assert remainder == rest
