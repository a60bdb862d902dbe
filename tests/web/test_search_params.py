"""Request parameters read as the search forms read them: what a form offers, what a bad value becomes."""

import pytest
from django.http import QueryDict

from archive.forms import filter_choices, params_from_query

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("page", "said"), [("0", "Ignored the page number 0"), ("-1", "Ignored the page number -1")])
def test_a_page_before_the_first_says_so(page, said):
    """GIVEN page 0 or -1 WHEN read THEN page 1, with a notice (only `page=abc` had one)."""
    params, notices, _ = params_from_query(QueryDict(f"q=oil&page={page}"))
    assert params.page == 1 and any(said in notice for notice in notices)


def test_the_forms_list_countries_as_a_reader_alphabetises_them(archive):
    """GIVEN countries whose names start with an accented letter WHEN a form lists them THEN each stands where its
    letter without the accent would ("Côte d'Ivoire" came after "Czechia", "Réunion" after "Rwanda")."""
    names = [name for _, name in filter_choices()["countries"]]
    assert names.index("Costa Rica") < names.index("Côte d'Ivoire") < names.index("Croatia")
    assert names.index("Republic of the Congo") < names.index("Réunion") < names.index("Romania")
