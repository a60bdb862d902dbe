"""What users type after country: resolves to a code: the code, the name, editors' aliases, and the names the
extractor tags by."""

import pytest

from archive.models import Country
from archive.search import country_code

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("PK", "PK"),
        ("pakistan", "PK"),
        ("UK", "GB"),  # a name, not a code: GB is the United Kingdom's
        ("Britain", "GB"),
        ("u.k.", "GB"),
        ("USSR", "RU"),
        ("Soviet Union", "RU"),
        ("West Germany", "DE"),
        ("Cote d'Ivoire", "CI"),
        ("Narnia", None),
    ],
)
def test_a_country_is_found_by_the_names_its_tags_are_found_by(archive, typed, code):
    """GIVEN the gazetteer as loaded (no editors' aliases) WHEN a reader writes country:<name> THEN the names the
    extractor tags a country by name it too (`country:UK` and `country:Britain` found nothing)."""
    assert country_code(typed) == code


def test_an_editors_alias_still_comes_first(archive):
    Country.objects.filter(code="PK").update(aliases=["Britain"])  # an editor's odd choice wins over the built-in
    assert country_code("Britain") == "PK"
