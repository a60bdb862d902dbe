"""extract(): ambiguity rules, salience, organisations and proposals, on small hand-written texts."""

from __future__ import annotations

import pytest

from archive.extraction import (
    Extraction,
    ProposedOrganisation,
    Salience,
    Tag,
    extract_countries,
    extract_organisations,
    propose_organisations,
)

# ---------------------------------------------------------------------------------------
# Ambiguous country words. Each text repeats the word so that salience is not the question.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "US" only in capitals; "us" is the pronoun.
        ("Let us know. Tell us more. Join us. Help us.", set()),
        ("The US said the US would pay. US officials agreed.", {"US"}),
        ("U.S. officials said the U.S. would pay. The United States agreed.", {"US"}),
        # "IT" is information technology, never Italy.
        ("They will train staff in the field of IT. IT experts and IT firms joined.", set()),
        ("Italy said Italy would join. Italian officials agreed.", {"IT"}),
        # Turkey the bird.
        ("They ate roast turkey. The turkey was big. Wild turkey is rare.", set()),
        ("Turkey sandwiches sold well. Turkey meat prices rose. Turkey farmers were happy.", set()),
        ("Turkey said Turkey would respond. Turkish troops moved.", {"TR"}),
        ("ANKARA: Turkey and Greece held talks.", {"TR", "GR"}),  # both named in the first sentence
        # Jordan the person.
        ("Michael Jordan scored 30 points. Jordan said he was happy. Jordan smiled.", set()),
        ("Mr Jordan said the plan would work. Jordan added that it was cheap.", set()),
        ("Jordan and Israel signed a water deal. Jordan said it needed water from Israel.", {"JO", "IL"}),
        ("King Abdullah of Jordan met officials. Jordan said Jordanian troops would stay.", {"JO"}),
        # Chad the person.
        ("Chad Smith said the band would tour. Chad played drums. Chad smiled.", set()),
        ("Chad and Sudan signed a peace deal. Chad said it would withdraw from Sudan.", {"TD", "SD"}),
        # Georgia the US state.
        ("The firm is based in Atlanta, Georgia. Georgia has peach farms. Georgia grew.", {"US"}),
        ("Georgia, Texas and Florida saw storms. Georgia was hit hardest. Georgia suffered.", {"US"}),
        ("Georgia's governor signed the bill. Georgia Republicans cheered. Georgia voters split.", {"US"}),
        ("Georgia and Russia fought over South Ossetia. Tbilisi said Georgia would not yield to Russia.", {"GE", "RU"}),
        ("Georgia said Georgia would apply to join. Georgian officials agreed.", {"GE"}),
        # Guinea inside longer names.
        ("Papua New Guinea hosted. Papua New Guinea said it would. PNG agreed.", {"PG"}),
        ("Equatorial Guinea exports oil. Equatorial Guinea said so again.", {"GQ"}),
        ("Guinea-Bissau held elections. Guinea-Bissau said it would count.", {"GW"}),
        ("Guinea exports bauxite. Guinea said Guinea would expand output.", {"GN"}),
        ("Researchers used a guinea pig. The Guinea pig survived. Guinea pigs are cheap.", set()),
        # Niger and Nigeria.
        ("Nigeria said oil output rose. Nigeria's minister said Nigeria would export.", {"NG"}),
        ("Niger said Niger would cooperate. Nigerien troops moved.", {"NE"}),
        # China in the South China Sea is still China.
        ("China claims most of the South China Sea. China said it would patrol.", {"CN"}),
        # New Mexico is not Mexico, New Jersey is not Jersey.
        ("Albuquerque, New Mexico is hot. New Mexico has deserts. New Mexico voted.", {"US"}),
        ("Mexico said Mexico would export more. Mexican officials agreed.", {"MX"}),
        ("Trenton, New Jersey taxes rose. New Jersey's governor spoke in New Jersey.", {"US"}),
        ("Jersey is a tax haven. Jersey said Jersey would comply.", {"JE"}),
        # Dominica and the Dominican Republic.
        ("Dominica was hit by a hurricane. Dominica said Dominica needed aid.", {"DM"}),
        ("The Dominican Republic exports sugar. The Dominican Republic said it would.", {"DO"}),
        # Sudan and South Sudan.
        ("South Sudan became independent. South Sudan said South Sudan needed oil.", {"SS"}),
        ("Sudan said Sudan would talk. Sudanese troops stayed.", {"SD"}),
        # Historic names go to their successors.
        ("The Soviet Union and West Germany signed. The USSR said West German goods were good.", {"RU", "DE"}),
        ("Burma said Burma would. Zaire said Zaire would. Kampuchea said Kampuchea would.", {"MM", "CD", "KH"}),
        ("Czechoslovakia and Yugoslavia agreed. Czechoslovakia said Yugoslavia would pay.", {"CZ", "RS"}),
        # Demonyms and adjectives count.
        ("Pakistani officials met Russian diplomats. Pakistani and Russian sides agreed.", {"PK", "RU"}),
        # Currencies are not countries.
        ("The bank issued 50 mln Australian dlrs of bonds. The Australian dlr bonds pay 14 pct.", set()),
        # The Indian Ocean, Latin America: no country.
        ("Ships crossed the Indian Ocean. The Indian Ocean was calm. Latin American debt rose.", set()),
    ],
)
def test_ambiguous_country_words(countries, text, expected):
    assert countries(text) == expected


@pytest.mark.parametrize("name", ["Jordan", "Israel", "India", "Kenya", "Holland"])
def test_country_names_as_personal_names(countries, name):
    assert countries(f"Coach {name} said the team would win. {name} added that the team had trained.") == set()


def test_a_person_named_like_a_country_elsewhere_in_the_story(countries):
    text = "Basketball star Michael Jordan retired. Jordan said he would rest. Jordan left the arena."
    assert "JO" not in countries(text)


# ---------------------------------------------------------------------------------------
# Salience


def test_dateline_country_is_tagged_without_a_mention(countries):
    assert countries("Shares rose sharply in early trading.", dateline="Tokyo") == {"JP"}


def test_dateline_at_the_start_of_the_body_is_used(countries):
    assert countries("ISLAMABAD: The minister spoke to reporters.") == {"PK"}
    assert countries("SALVADOR, Feb 26 - Showers continued throughout the week.") == {"BR"}
    assert countries("Islamabad, 20 June 2023 (TDI): The talks ended.") == {"PK"}
    assert countries("HOUSTON, Texas, March 3 - Oil prices rose.") == {"US"}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("PARIS, 12 mai 2023 (AFP) - Le gouvernement a présenté son budget.", {"FR"}),
        ("MADRID, 3 de junio de 2023 (EFE) - El Gobierno aprobó el presupuesto.", {"ES"}),
        ("MADRID, 5 mar (EFE).- El Gobierno aprobó el presupuesto.", {"ES"}),
        ("BERLIN, 12. März (Reuters) - Die Regierung legte den Haushalt vor.", {"DE"}),
        # the press's own names for its cities
        ("ALGER, 3 mars (AFP) - Le gouvernement a présenté son budget.", {"DZ"}),
        ("MOSCOU, 14 février 2023 (AFP) - Le gouvernement a présenté son budget.", {"RU"}),
        ("WIEN, 17. Februar - Die Regierung legte den Haushalt vor.", {"AT"}),
        ("LISBOA, 4 de março de 2023 (Lusa) - O Governo aprovou o orçamento.", {"PT"}),
        ("ROMA, 7 aprile 2023 (ANSA) - Il governo ha approvato il bilancio.", {"IT"}),
        ("МОСКВА, 14 февраля 2023 - Правительство утвердило бюджет.", {"RU"}),
    ],
)
def test_a_dateline_in_another_language_at_the_start_of_the_body_is_used(countries, body, expected):
    # GIVEN a story from the foreign press whose body opens with its dateline
    # THEN the dateline's place gives its country, as an English dateline's does
    assert countries(body) == expected


def test_a_single_passing_mention_deep_in_the_story_is_not_a_tag(countries):
    body = "\n\n".join(
        [
            "The company said profits rose 10 pct in the quarter on strong demand.",
            "Sales rose to 1.2 billion dlrs from 1.1 billion a year earlier.",
            "It said costs fell and margins improved across its businesses.",
            "Its chemicals unit did well, and it also opened an office in Uruguay.",
        ]
    )
    assert countries(body) == set()


def test_title_plus_one_mention_is_a_tag(countries):
    body = "The company said profits rose.\n\nIt said costs fell.\n\nIt said Brazil was a good market."
    assert countries(body, title="Company sees growth in Brazil") == {"BR"}


def test_three_mentions_anywhere_make_a_tag(countries):
    paragraphs = ["Nothing to see here, the company said."] * 8 + [
        "Chile said copper output rose, and Chile expects more. Chile is the top producer."
    ]
    assert countries("\n\n".join(paragraphs)) == {"CL"}


def test_tags_record_mention_counts_and_rank_the_dateline_first(gazetteer):
    tags = extract_countries(
        title="Pakistan and Russia talk trade",
        body="Pakistan and Russia agreed to expand trade. Russia said Russia would buy rice.",
        dateline="Moscow",
        gazetteer=gazetteer,
    )
    assert tags == [Tag("RU", 5), Tag("PK", 2)]  # RU: four mentions plus the dateline


def test_salience_is_tunable(gazetteer):
    text = "Officials said talks went well.\n\nThey said more talks would follow.\n\nChile was mentioned."
    assert extract_countries(title="", body=text, gazetteer=gazetteer) == []
    loose = Salience(threshold=1)
    assert [t.key for t in extract_countries(title="", body=text, gazetteer=gazetteer, salience=loose)] == ["CL"]


def test_an_organisations_country_is_not_added_as_a_country(countries, organisations):
    text = "Inter-Services Public Relations (ISPR) said talks went well. The ISPR said more would follow."
    assert organisations(text) == {"ispr"}
    assert countries(text) == set()


# ---------------------------------------------------------------------------------------
# Organisations


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The International Monetary Fund (IMF) said. The IMF agreed.", {"imf"}),
        ("The 72nd UNGA session opened. The General Assembly session heard speeches.", {"un"}),
        ("The U.N. Security Council met. The UN said. The United Nations agreed.", {"un"}),
        ("The European Economic Community (EEC) met. The EC said. The Common Market agreed.", {"ec"}),
        ("The European Union (EU) met. The EU said so.", {"eu"}),
        ("OPEC ministers met. OPEC said output would fall. OPEC agreed.", {"opec"}),
        ("The Group of Seven met. G-7 ministers said. The G7 agreed.", {"g7"}),
        ("The Association of Southeast Asian Nations (ASEAN) met. ASEAN agreed.", {"asean"}),
        ("The ASEAN Regional Forum (ARF) met. The ARF agreed.", {"arf"}),
        ("The World Health Organization (WHO) said. The WHO warned.", {"who"}),
        ("People who know say so. Those who can, do. Who said it?", set()),
        # A shared acronym counts only when the story spells one of its bodies out.
        ("The ICC said the match would go on. The ICC said so again.", set()),
        ("The International Cricket Council (ICC) said. The ICC said the match would go on.", {"icc-cricket"}),
        ("The International Criminal Court (ICC) said. The ICC would investigate.", {"icc"}),
        ("The Asian Development Bank (ADB) lent. The ADB said.", {"adb-asia"}),
        ("The African Development Bank (ADB) lent. The ADB said.", {"adb-africa"}),
        # An acronym naming a company is not the body.
        ("AID Corp said its stockholders approved. AID Corp shares rose. AID Corp agreed.", set()),
        # "General Assembly" alone is any general assembly.
        ("The General Assembly of the church met. The General Assembly voted.", set()),
    ],
)
def test_organisations(organisations, text, expected):
    assert organisations(text) == expected


def test_an_acronym_in_a_row_of_codes_is_no_mention(organisations):
    """GIVEN a grain price table whose headers name wheat grades (HRW: hard red winter) WHEN extracted THEN no
    Human Rights Watch; an upper-case sentence, and a row the body labels among numbers, still name their body."""
    rows = "".join(f"{city} -- 3.04 2.98 -- --\n\n" for city in ("Chicago", "Toledo", "Memphis", "Peoria") * 5)
    table = (
        "The Agricultural Stabilization and Conservation Service (ASCS) has established these unit values for "
        "commodities offered from government stocks, effective through the next business day.\n\n"
        "Price per bushel is in U.S. dollars. Sorghum is priced per CWT, corn yellow grade only.\n\n"
        f"WHEAT HRW HRS SRW SWW DURUM\n\n{rows}HRW HRS SRW SWW DURUM\n\n{rows}"
    )
    title = "ASCS TERMINAL MARKET VALUES FOR PIK GRAIN"
    assert organisations(table, title=title, dateline="Kansas City") == set()
    assert organisations(table.replace("HRW HRS", "HRW SAID HRS"), title=title, dateline="Kansas City") == {"hrw"}
    labelled = table.replace("HRW HRS SRW SWW DURUM", "EC 3.01 2.98 2.90")
    assert organisations(labelled, title=title, dateline="Kansas City") == {"ec"}


def test_generic_alias_of_a_national_body_needs_its_country(organisations):
    text = "The Foreign Office said the minister would travel. The Foreign Office added details."
    assert organisations(text) == set()
    assert organisations(text, dateline="Islamabad") == {"mofa-pk"}
    assert organisations(text, dateline="London") == set()
    assert organisations("Pakistan's Foreign Office said so. Pakistan's Foreign Office added.") == {"mofa-pk"}


def test_extract_organisations_ranks_by_mentions(gazetteer):
    tags = extract_organisations(
        title="IMF and World Bank meet",
        body="The IMF and the World Bank met. The IMF said growth would slow. The IMF agreed.",
        gazetteer=gazetteer,
    )
    assert [t.key for t in tags] == ["imf", "worldbank"]
    assert tags[0].mentions == 4


# ---------------------------------------------------------------------------------------
# Proposals


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "the ASEAN-Pakistan Joint Sectoral Cooperation Committee (APJSCC) in 1999",
            [ProposedOrganisation("ASEAN-Pakistan Joint Sectoral Cooperation Committee", "APJSCC")],
        ),
        (
            "said the National Disaster Management Authority (NDMA) on Monday",
            [ProposedOrganisation("National Disaster Management Authority", "NDMA")],
        ),
        ("the Association of Southeast Asian Nations (ASEAN)", []),  # known
        ("the Prospectors & Developers Association of Canada (PDAC)", []),  # known
        ("Foreign Direct Investment (FDI) rose", []),  # a concept, not a body
        ("the ASEAN Free Trade Area (AFTA)", []),
        ("he met the United Kingdom (UK) envoy", []),  # a country
        ("DIAMOND SHAMROCK (DIA) SAYS", []),  # a headline in capitals
        ("Singapore National Printers Ltd (SNP) said", []),  # a company
        ("in Islamabad (Pakistan) today", []),  # not an acronym
    ],
)
def test_propose_organisations(gazetteer, text, expected):
    assert propose_organisations(text=text, gazetteer=gazetteer) == expected


def test_extract_returns_everything(run):
    result = run(
        "ISLAMABAD: The National Disaster Management Authority (NDMA) said Pakistan would get aid "
        "from the International Monetary Fund (IMF). The IMF agreed.",
        title="Pakistan gets IMF aid",
    )
    assert isinstance(result, Extraction)
    assert [t.key for t in result.countries] == ["PK"]
    assert [t.key for t in result.organisations] == ["imf"]
    assert result.proposals == [ProposedOrganisation("National Disaster Management Authority", "NDMA")]


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        # GIVEN a country named once in the title, or once in the lead's first sentence: it is tagged
        ("Pakistan raises interest rates", "The central bank said inflation was too high.", {"PK"}),
        ("", "Turkey and Jordan signed a trade pact on Monday. Officials said more talks would follow.", {"TR", "JO"}),
        # a country named once, further down a long story, is not what the story is about
        (
            "",
            "The central bank raised rates on Monday. Analysts had expected the move.\n\n"
            "Inflation rose for the sixth month.\n\n"
            + "Markets were calm and traders said so. " * 30
            + "\n\nA similar step was taken in Norway last year.",
            set(),
        ),
    ],
)
def test_a_single_mention_in_the_title_or_first_sentence_tags_the_country(countries, title, body, expected):
    assert countries(body, title=title) == expected
