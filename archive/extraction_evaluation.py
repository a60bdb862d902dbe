"""Scoring extraction against human labels (Reuters-21578 PLACES and ORGS).

Pure scoring plus a Reuters runner. The corpus is read where it lies (never copied into
the repository); stories are parsed with the project's own SGML parser.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from archive.extraction.extract import Salience, extract
from archive.extraction.types import Gazetteer

if TYPE_CHECKING:
    from archive.ingest.types import ParsedArticle

__all__ = [
    "HELD_OUT_FILES",
    "REUTERS_ORG_LABELS",
    "REUTERS_ORG_TO_SLUGS",
    "REUTERS_PLACE_TO_CODE",
    "contract_record",
    "evaluate_reuters",
    "score",
    "split_files",
]

# Rules are chosen on reut2-000..005 ("tune"); reut2-006..010 ("held-out") are only reported on.
HELD_OUT_FILES = frozenset(f"reut2-{n:03d}.sgm" for n in range(6, 11))
SPLITS = ("tune", "held-out", "all")
# The contract's function: one JSON record in, {"countries": [...], "organisations": [{name, acronym}]} out.
Contract = Callable[[dict, Gazetteer], dict]

# Reuters PLACES label -> ISO 3166-1 alpha-2. Historic states go to their successor, as
# in archive/extraction/countries.py (ussr -> RU, west-germany/east-germany -> DE, ...).
REUTERS_PLACE_TO_CODE: dict[str, str] = {
    "afghanistan": "AF",
    "albania": "AL",
    "algeria": "DZ",
    "american-samoa": "AS",
    "andorra": "AD",
    "angola": "AO",
    "anguilla": "AI",
    "antigua": "AG",
    "argentina": "AR",
    "aruba": "AW",
    "australia": "AU",
    "austria": "AT",
    "bahamas": "BS",
    "bahrain": "BH",
    "bangladesh": "BD",
    "barbados": "BB",
    "belgium": "BE",
    "belize": "BZ",
    "benin": "BJ",
    "bermuda": "BM",
    "bhutan": "BT",
    "bolivia": "BO",
    "botswana": "BW",
    "brazil": "BR",
    "british-virgin-islands": "VG",
    "brunei": "BN",
    "bulgaria": "BG",
    "burkina-faso": "BF",
    "burma": "MM",
    "burundi": "BI",
    "cameroon": "CM",
    "canada": "CA",
    "cape-verde": "CV",
    "cayman-islands": "KY",
    "central-african-republic": "CF",
    "chad": "TD",
    "chile": "CL",
    "china": "CN",
    "colombia": "CO",
    "congo": "CG",
    "costa-rica": "CR",
    "cuba": "CU",
    "cyprus": "CY",
    "czechoslovakia": "CZ",
    "denmark": "DK",
    "djibouti": "DJ",
    "dominica": "DM",
    "dominican-republic": "DO",
    "east-germany": "DE",
    "ecuador": "EC",
    "egypt": "EG",
    "el-salvador": "SV",
    "equatorial-guinea": "GQ",
    "ethiopia": "ET",
    "fiji": "FJ",
    "finland": "FI",
    "france": "FR",
    "french-guiana": "GF",
    "gabon": "GA",
    "gambia": "GM",
    "ghana": "GH",
    "gibraltar": "GI",
    "greece": "GR",
    "grenada": "GD",
    "guadeloupe": "GP",
    "guam": "GU",
    "guatemala": "GT",
    "guinea": "GN",
    "guinea-bissau": "GW",
    "guyana": "GY",
    "haiti": "HT",
    "honduras": "HN",
    "hong-kong": "HK",
    "hungary": "HU",
    "iceland": "IS",
    "india": "IN",
    "indonesia": "ID",
    "iran": "IR",
    "iraq": "IQ",
    "ireland": "IE",
    "israel": "IL",
    "italy": "IT",
    "ivory-coast": "CI",
    "jamaica": "JM",
    "japan": "JP",
    "jordan": "JO",
    "kampuchea": "KH",
    "kenya": "KE",
    "kuwait": "KW",
    "laos": "LA",
    "lebanon": "LB",
    "lesotho": "LS",
    "liberia": "LR",
    "libya": "LY",
    "liechtenstein": "LI",
    "luxembourg": "LU",
    "macao": "MO",
    "madagascar": "MG",
    "malawi": "MW",
    "malaysia": "MY",
    "mali": "ML",
    "malta": "MT",
    "martinique": "MQ",
    "mauritania": "MR",
    "mauritius": "MU",
    "mexico": "MX",
    "monaco": "MC",
    "morocco": "MA",
    "mozambique": "MZ",
    "namibia": "NA",
    "nepal": "NP",
    "netherlands": "NL",
    "netherlands-antilles": "CW",
    "new-caledonia": "NC",
    "new-zealand": "NZ",
    "nicaragua": "NI",
    "niger": "NE",
    "nigeria": "NG",
    "north-korea": "KP",
    "norway": "NO",
    "oman": "OM",
    "pakistan": "PK",
    "panama": "PA",
    "papua-new-guinea": "PG",
    "paraguay": "PY",
    "peru": "PE",
    "philippines": "PH",
    "poland": "PL",
    "portugal": "PT",
    "qatar": "QA",
    "romania": "RO",
    "rwanda": "RW",
    "saudi-arabia": "SA",
    "senegal": "SN",
    "seychelles": "SC",
    "sierra-leone": "SL",
    "singapore": "SG",
    "somalia": "SO",
    "south-africa": "ZA",
    "south-korea": "KR",
    "spain": "ES",
    "sri-lanka": "LK",
    "sudan": "SD",
    "suriname": "SR",
    "swaziland": "SZ",
    "sweden": "SE",
    "switzerland": "CH",
    "syria": "SY",
    "taiwan": "TW",
    "tanzania": "TZ",
    "thailand": "TH",
    "togo": "TG",
    "tonga": "TO",
    "trinidad-tobago": "TT",
    "tunisia": "TN",
    "turkey": "TR",
    "uae": "AE",
    "uganda": "UG",
    "uk": "GB",
    "uruguay": "UY",
    "us-virgin-islands": "VI",
    "usa": "US",
    "ussr": "RU",
    "vanuatu": "VU",
    "vatican": "VA",
    "venezuela": "VE",
    "vietnam": "VN",
    "west-germany": "DE",
    "western-samoa": "WS",
    "yemen-arab-republic": "YE",
    "yemen-demo-republic": "YE",
    "yugoslavia": "RS",
    "zaire": "CD",
    "zambia": "ZM",
    "zimbabwe": "ZW",
}

# The Reuters ORGS categories. Slugs in fixtures/organisations.json are these labels
# wherever the body exists, so most map to themselves.
REUTERS_ORG_LABELS: tuple[str, ...] = (
    "adb-africa",
    "adb-asia",
    "aibd",
    "aid",
    "anrpc",
    "asean",
    "atpc",
    "bis",
    "cipec",
    "comecon",
    "ec",
    "eca",
    "ecafe",
    "ece",
    "ecla",
    "ecsc",
    "ecwa",
    "efta",
    "eib",
    "emcf",
    "escap",
    "euratom",
    "fao",
    "gatt",
    "gcc",
    "iaea",
    "iata",
    "icco",
    "ico-coffee",
    "ico-islam",
    "ida",
    "iea",
    "iisi",
    "ilo",
    "ilzsg",
    "imco",
    "imf",
    "inro",
    "irsg",
    "isa",
    "itc",
    "iwc-whale",
    "iwc-wheat",
    "iwcc",
    "iws",
    "iwto",
    "lafta",
    "mfa",
    "oapec",
    "oecd",
    "opec",
    "sela",
    "un",
    "unctad",
    "who",
    "worldbank",
)
# Where a label covers more than one of our slugs: the European Community of 1987 is
# today's European Union (our "eu"). Everything else maps to the slug of the same name.
REUTERS_ORG_TO_SLUGS: dict[str, tuple[str, ...]] = {label: (label,) for label in REUTERS_ORG_LABELS} | {
    "ec": ("ec", "eu"),
}
_SLUG_TO_REUTERS_ORG = {slug: label for label, slugs in REUTERS_ORG_TO_SLUGS.items() for slug in slugs}


def score(pairs: Iterable[tuple[set[str] | frozenset[str], set[str] | frozenset[str]]], *, top: int = 15) -> dict:
    """Micro-averaged precision, recall and F1 over (gold, predicted) key sets, one pair per story.

    Also the keys most often missed (in gold, not predicted) and falsely alarmed.
    """
    tp = fp = fn = 0
    misses: Counter[str] = Counter()
    false_alarms: Counter[str] = Counter()
    stories = 0
    for gold, predicted in pairs:
        stories += 1
        tp += len(gold & predicted)
        for key in predicted - gold:
            false_alarms[key] += 1
            fp += 1
        for key in gold - predicted:
            misses[key] += 1
            fn += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "stories": stories,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "top_misses": misses.most_common(top),
        "top_false_alarms": false_alarms.most_common(top),
    }


def reuters_gold_countries(places: Sequence[str]) -> set[str]:
    return {REUTERS_PLACE_TO_CODE[p] for p in places if p in REUTERS_PLACE_TO_CODE}


def reuters_gold_orgs(orgs: Sequence[str]) -> set[str]:
    return {o for o in orgs if o in REUTERS_ORG_TO_SLUGS}


def reuters_predicted_orgs(slugs: Iterable[str]) -> set[str]:
    return {_SLUG_TO_REUTERS_ORG[s] for s in slugs if s in _SLUG_TO_REUTERS_ORG}


def split_files(paths: Iterable[Path], split: str) -> list[Path]:
    """The files of a split: "tune" (reut2-000..005), "held-out" (reut2-006..010) or "all"."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}: one of {', '.join(SPLITS)}")
    return [p for p in paths if split == "all" or (Path(p).name in HELD_OUT_FILES) == (split == "held-out")]


def contract_record(article: ParsedArticle) -> dict:
    """A parsed Reuters story as `extract_entities` receives it: the dateline at the start of the body."""
    body = f"{article.dateline.text} {article.body}" if article.dateline.text else article.body
    return {"id": article.ref, "title": "" if article.title_generated else article.title, "body": body}


def _keys_via_contract(
    contract: Contract, article: ParsedArticle, gazetteer: Gazetteer, slugs: dict[tuple[str, str], str]
) -> tuple[set, set]:
    # Through JSON, as the command reads a line; its organisations come back by name and acronym.
    output = contract(json.loads(json.dumps(contract_record(article))), gazetteer)
    return set(output["countries"]), {slugs[(o["name"], o["acronym"])] for o in output["organisations"]}


def _keys_via_fields(article: ParsedArticle, gazetteer: Gazetteer, kwargs: dict) -> tuple[set, set]:
    result = extract(
        title="" if article.title_generated else article.title,
        body=article.body,
        dateline=article.dateline.place,
        gazetteer=gazetteer,
        **kwargs,
    )
    return {t.key for t in result.countries}, {t.key for t in result.organisations}


def evaluate_reuters(
    paths: Iterable[str | Path],
    gazetteer: Gazetteer,
    *,
    salience: Salience | None = None,
    examples: int = 0,
    contract: Contract | None = None,
) -> dict:
    """Parse Reuters-21578 .sgm files, extract every story, score against PLACES and ORGS.

    Countries are scored on stories with a non-empty PLACES; organisations on every
    story, both sides restricted to the Reuters ORGS categories. ``articles_per_second``
    times extraction alone (not parsing). ``examples`` > 0 adds that many wrong stories.
    With ``contract`` (the `extract_entities` function), each story goes through it as a JSON
    record with its dateline at the start of the body, instead of with the dateline as a field
    (``salience`` then does not apply: the contract uses the defaults).
    """
    from archive.ingest import parse_sgml  # the project's parser; imported here to keep this module light

    articles = []
    files = 0
    for path in paths:
        files += 1
        text = Path(path).read_text(encoding="latin-1")
        articles += parse_sgml(text, ref=str(path)).articles
    kwargs = {"salience": salience} if salience is not None else {}
    started = time.perf_counter()
    if contract is not None:
        slugs = {(o.name, o.acronym): o.slug for o in gazetteer.organisations}
        keys = [_keys_via_contract(contract, a, gazetteer, slugs) for a in articles]
    else:
        keys = [_keys_via_fields(a, gazetteer, kwargs) for a in articles]
    elapsed = time.perf_counter() - started
    country_pairs = []
    org_pairs = []
    indexed_org_pairs = []
    wrong: list[dict] = []
    wrong_orgs: list[dict] = []
    for article, (predicted_countries, org_slugs) in zip(articles, keys, strict=True):
        predicted_orgs = reuters_predicted_orgs(org_slugs)
        gold_orgs = reuters_gold_orgs(article.labels.get("orgs", []))
        org_pairs.append((gold_orgs, predicted_orgs))
        if any(article.labels.get(k) for k in ("places", "orgs", "topics", "people")):
            indexed_org_pairs.append((gold_orgs, predicted_orgs))
        places = article.labels.get("places", [])
        if places:
            gold = reuters_gold_countries(places)
            country_pairs.append((gold, predicted_countries))
            if examples and gold != predicted_countries and len(wrong) < examples:
                wrong.append({"ref": article.ref, "gold": sorted(gold), "predicted": sorted(predicted_countries)})
        if examples and gold_orgs != predicted_orgs and len(wrong_orgs) < examples:
            wrong_orgs.append({"ref": article.ref, "gold": sorted(gold_orgs), "predicted": sorted(predicted_orgs)})
    report = {
        "files": files,
        "articles": len(articles),
        "countries": score(country_pairs),
        "organisations": score(org_pairs),
        # The same, leaving out stories the labellers never indexed (no category at all).
        "organisations_indexed": score(indexed_org_pairs),
        "extraction_seconds": round(elapsed, 3),
        "articles_per_second": round(len(articles) / elapsed, 1) if elapsed else None,
    }
    if examples:
        report["examples"] = wrong
        report["organisation_examples"] = wrong_orgs
    return report
