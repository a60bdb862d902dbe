"""Reuters stories imported before the SGML parser read their bylines get them from the record they were imported
from (`raw_text`, kept exactly as received): "<AUTHOR>    By Cal Mankowski, Reuters</AUTHOR>" -> "Cal Mankowski".

Only articles whose author is still empty are filled, so an editor's byline is never overwritten. Each one filled
gets a history row saying why and an index change (its author is part of the indexed text), as an edit would.

Frozen: a copy of `archive.ingest.sgml.byline` (and `archive.ingest.common.name_case`) as it was written (a migration imports no application code), so later
changes to the parser cannot change what this migration did; `tests/ingest/test_sgml_bylines.py` checks that both
read every byline of the shared Reuters files alike.
"""

import re

from django.db import migrations
from django.utils import timezone

REASON = "Byline read from the stored Reuters record (migration 0009)"
BATCH = 500

_AUTHOR = re.compile(r"<AUTHOR>(.*?)</AUTHOR>", re.DOTALL)
_ENTITY = re.compile(r"&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|(lt|gt|amp|quot|apos));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]|[\u200b\u200c\u200d\u2060\ufeff]")
_BY = re.compile(r"^by\s+", re.IGNORECASE)
_AGENCY = re.compile(r"(?:\s*,\s*|\s+)reuters?\w?\.?$", re.IGNORECASE)
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)


def _entity(match):
    decimal, hexadecimal, name = match.groups()
    if name:
        return _NAMED[name]
    code = int(decimal) if decimal else int(hexadecimal, 16)
    return match.group() if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF else chr(code)


def _name_case(name):
    upper = sum(char.isupper() for char in name)
    lower = sum(char.islower() for char in name)
    return name.title() if upper > 2 * lower or not upper else name


def byline(raw):
    text = " ".join(_CONTROL.sub("", _ENTITY.sub(_entity, raw)).split())
    text = _AGENCY.sub("", _BY.sub("", text)).strip(" ,.")
    if not re.search(r"[^\W\d_]", text) or text.lower().rstrip("s") == "reuter":
        return ""
    names = [_name_case(name.strip(" ,")) for name in _AND.split(text) if name.strip(" ,")]
    return " and ".join(names)[:200]


def fill_bylines(apps, schema_editor):
    Article = apps.get_model("archive", "Article")
    HistoricalArticle = apps.get_model("archive", "HistoricalArticle")
    IndexChange = apps.get_model("archive", "IndexChange")
    tracked = [field.attname for field in HistoricalArticle._meta.fields if not field.name.startswith("history_")]
    candidates = Article.objects.filter(import_ref__startswith="reuters:", author="", raw_text__contains="<AUTHOR>")
    ids = list(candidates.order_by("pk").values_list("pk", flat=True))
    now = timezone.now()
    for start in range(0, len(ids), BATCH):
        filled = []
        for article in Article.objects.filter(pk__in=ids[start : start + BATCH]).order_by("pk"):
            found = _AUTHOR.search(article.raw_text)
            article.author = byline(found.group(1)) if found else ""
            if article.author:
                filled.append(article)
        Article.objects.bulk_update(filled, ["author"])
        HistoricalArticle.objects.bulk_create(
            HistoricalArticle(
                **{name: getattr(article, name) for name in tracked},
                history_date=now,
                history_type="~",
                history_change_reason=REASON,
            )
            for article in filled
        )
        IndexChange.objects.bulk_create(IndexChange(article_id=article.pk) for article in filled)


class Migration(migrations.Migration):
    dependencies = [("archive", "0008_copy_groups")]

    operations = [migrations.RunPython(fill_bylines, migrations.RunPython.noop)]
