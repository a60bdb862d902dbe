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


@pytest.mark.parametrize(
    ("query", "start", "end", "said"),
    [
        ("from=1987-03", "1987-03-01", None, "Read “from” 1987-03 as 1 March 1987."),
        ("to=1987-02", None, "1987-02-28", "Read “to” 1987-02 as 28 February 1987."),
        ("from=1987&to=1988", "1987-01-01", "1988-12-31", "Read “to” 1988 as 31 December 1988."),
        ("from=1987-03-05", "1987-03-05", None, None),
    ],
)
def test_a_year_or_a_month_in_from_or_to_is_its_first_or_last_day(query, start, end, said):
    """GIVEN a range given to the month or the year, as `date=` takes it WHEN read THEN from its first day to its
    last, said so (the whole archive came back, the range dropped with a notice, and an export refused it)."""
    params, notices, _ = params_from_query(QueryDict(query))
    assert (str(params.date_from) if params.date_from else None) == start
    assert (str(params.date_to) if params.date_to else None) == end
    assert (said in notices) if said else not notices


@pytest.mark.parametrize(
    ("query", "said"),
    [
        (
            "date=1987-03&from=1987-02-20&to=1987-02-28",
            "Mar 1987 lies outside the dates from 20 February 1987 to 28 February 1987: no article can match both. "
            "Remove one of them.",
        ),
        ("date=1987&to=1986-12-31", "1987 lies outside the dates to 31 December 1986: no article can match both."),
        ("date=undated&from=1987-01-01", "Undated articles have no date from 1 January 1987: no article can match"),
        ("date=1987-03&from=1987-02-20&to=1987-03-01", None),
        ("date=1987-03-31&from=1987-03-31", None),
    ],
)
def test_a_period_and_a_range_that_share_no_day_say_so(query, said):
    """GIVEN the date list's period and a typed range WHEN read THEN a notice when they share no day, as no article
    can then match (the page was empty, unexplained); none when they overlap, by a single day too."""
    _, notices, _ = params_from_query(QueryDict(query))
    if said:
        assert any(notice.startswith(said) for notice in notices), notices
    else:
        assert notices == []


def test_the_forms_list_countries_as_a_reader_alphabetises_them(archive):
    """GIVEN countries whose names start with an accented letter WHEN a form lists them THEN each stands where its
    letter without the accent would ("Côte d'Ivoire" came after "Czechia", "Réunion" after "Rwanda")."""
    names = [name for _, name in filter_choices()["countries"]]
    assert names.index("Costa Rica") < names.index("Côte d'Ivoire") < names.index("Croatia")
    assert names.index("Republic of the Congo") < names.index("Réunion") < names.index("Romania")
