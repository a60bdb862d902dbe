"""A JSON Lines record cannot claim another file's article (issue 14)."""

import json

import pytest

from archive.importers import import_paths
from archive.models import Article

pytestmark = pytest.mark.django_db

SEED_REF = "seeds/000_728eb46f56e5de8d.txt#1"


def test_jsonl_import_ref_cannot_overwrite_a_seed_article(seeds_dir, tmp_path):
    """GIVEN the seeds imported, and a .jsonl record carrying a seed's import_ref and a forged raw_text
    WHEN it is imported
    THEN the seed article is untouched and the record is a new article under the file's own ref,
    whose raw_text is the line as received."""
    import_paths([seeds_dir])
    seed = Article.objects.get(import_ref=SEED_REF)
    line = json.dumps({"import_ref": SEED_REF, "title": "Forged", "body": "Another body.", "raw_text": "forged"})
    (tmp_path / "evil.jsonl").write_text(line + "\n", encoding="utf-8")
    report = import_paths([tmp_path / "evil.jsonl"])
    assert report.total("new") == 1 and report.total("updated") == 0
    unchanged = Article.objects.get(pk=seed.pk)
    assert (unchanged.import_ref, unchanged.title, unchanged.raw_text) == (SEED_REF, seed.title, seed.raw_text)
    forged = Article.objects.get(title="Forged")
    assert forged.import_ref == f"{tmp_path.name}/evil.jsonl:{SEED_REF}"
    assert forged.raw_text == line
