"""The review queue: articles with a generated title or an unknown date, fixed one after another."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError

from archive.admin.forms import PartialDateField, typed_precision
from archive.models import Article, Precision
from tests.admin.helpers import ARMY_CHIEF, CANADA_TRADE, CONSULTATIONS, form_data, found, last_message

pytestmark = pytest.mark.django_db


def change_url(pk: int) -> str:
    return f"/admin/archive/article/{pk}/change/"


def test_the_queue_lists_articles_needing_review_in_a_fixed_order(editor_client, seeded):
    response = editor_client.get("/admin/archive/article/", {"review": "needs"})
    listed = [a.pk for a in response.context["cl"].result_list]
    assert listed == sorted(Article.objects.needs_review().values_list("pk", flat=True))
    assert len(listed) == 5


def test_save_and_review_next_walks_the_queue(editor_client, editor, seeded, committed):
    queue = sorted(Article.objects.needs_review().values_list("pk", flat=True))
    page = editor_client.get(change_url(queue[0]))
    assert 'name="_review_next"' in page.content.decode()
    assert "5 articles need review" in page.content.decode()
    data = form_data(page)
    data.update(title="Foreign Secretary meets ASEAN envoys", _review_next="1")
    with committed():
        response = editor_client.post(change_url(queue[0]), data)
    assert response.status_code == 302 and response["Location"].startswith(change_url(queue[1]))
    first = Article.objects.get(pk=queue[0])
    assert first.reviewed_at is not None and not first.title_generated
    assert first.history.latest("history_date").history_user == editor
    assert found(q="title:envoys") == [first.pk]

    last = form_data(editor_client.get(change_url(queue[-1])))
    last["_review_next"] = "1"
    response = editor_client.post(change_url(queue[-1]), last)
    assert response.status_code == 302 and response["Location"].endswith("/admin/archive/article/?review=needs")
    assert "last article in the review queue" in last_message(response)


@pytest.mark.parametrize(
    ("typed", "chosen", "stored", "precision"),
    [
        ("2023-06-20", None, dt.date(2023, 6, 20), Precision.DAY),
        ("2023-06", None, dt.date(2023, 6, 1), Precision.MONTH),
        ("June 2023", None, dt.date(2023, 6, 1), Precision.MONTH),
        ("2023", None, dt.date(2023, 1, 1), Precision.YEAR),
        ("20/06/2023", None, dt.date(2023, 6, 20), Precision.DAY),  # the admin widget's own format
        ("20 June 2023", None, dt.date(2023, 6, 20), Precision.DAY),  # "Enter a valid date" until the one parser
        ("June 20, 2023", None, dt.date(2023, 6, 20), Precision.DAY),
        ("2023-06-20", Precision.MONTH, dt.date(2023, 6, 1), Precision.MONTH),  # a chosen precision wins
        ("2023-06-20", Precision.YEAR, dt.date(2023, 1, 1), Precision.YEAR),
        ("2023-06-20", Precision.UNKNOWN, dt.date(2023, 6, 20), Precision.DAY),  # a date is at least a day
    ],
)
def test_setting_a_date_sets_its_precision(editor_client, seeded, article, committed, typed, chosen, stored, precision):
    canada = article(CANADA_TRADE)
    assert canada.date_unknown
    data = form_data(editor_client.get(change_url(canada.pk)))
    data["published"] = typed
    if chosen:
        data["precision"] = chosen
    with committed():
        response = editor_client.post(change_url(canada.pk), data)
    assert response.status_code == 302, response.context["errors"]
    canada.refresh_from_db()
    assert (canada.published, canada.precision, canada.date_unknown) == (stored, precision, False)
    assert canada.pk in found(date=str(stored.year))
    if precision != Precision.YEAR:
        assert canada.pk in found(date=stored.strftime("%Y-%m"))
    assert (canada.pk in found(date=stored.isoformat())) == (precision == Precision.DAY)
    assert canada.pk not in Article.objects.needs_review().values_list("pk", flat=True)


def test_a_date_field_shows_and_the_calendar_writes_the_iso_date(editor_client, seeded, article):
    """GIVEN an article dated 2 March WHEN its form opens THEN its date reads 1987-03-02, not "02/03/1987" (3
    February to an American editor), and the admin's calendar writes dates the same way (its first input format
    in the admin's JavaScript catalog); "02/03/1987" typed is still read the British way, as 2 March."""
    army = article(ARMY_CHIEF)
    Article.objects.filter(pk=army.pk).update(published=dt.date(1987, 3, 2), precision=Precision.DAY)
    page = editor_client.get(change_url(army.pk)).content.decode()
    assert 'name="published" value="1987-03-02"' in page
    catalog = editor_client.get("/admin/jsi18n/").content.decode()
    assert re.search(r'"DATE_INPUT_FORMATS": \[\s*"%Y-%m-%d"', catalog)
    assert PartialDateField().clean("02/03/1987") == dt.date(1987, 3, 2)


def test_an_editors_date_replaces_the_text_the_old_one_was_read_from(editor_client, seeded, article, committed):
    # GIVEN an article whose date was read from a text ("Updated 5 sec ago", say), kept beside it
    canada = article(CANADA_TRADE)
    Article.objects.filter(pk=canada.pk).update(date_text="Updated 5 sec ago")
    # WHEN an editor sets its date, leaving that box as it was
    data = form_data(editor_client.get(change_url(canada.pk)))
    data["published"] = "2023-06-20"
    with committed():
        assert editor_client.post(change_url(canada.pk), data).status_code == 302
    # THEN the old text goes with the old date (the API showed it beside the editor's date)
    canada.refresh_from_db()
    assert (canada.published, canada.date_text) == (dt.date(2023, 6, 20), "")
    # AND a text the editor types with the date is kept
    data = form_data(editor_client.get(change_url(canada.pk)))
    data["published"], data["date_text"] = "2023-06-21", "21 June 2023, as the paper printed it"
    with committed():
        assert editor_client.post(change_url(canada.pk), data).status_code == 302
    canada.refresh_from_db()
    assert canada.date_text == "21 June 2023, as the paper printed it"


@pytest.mark.parametrize(("typed", "precision"), [("March 1987", Precision.MONTH), ("1987", Precision.YEAR)])
def test_a_month_or_a_year_typed_over_its_first_day_sets_the_precision(
    editor_client, seeded, article, committed, typed, precision
):
    """GIVEN an article dated 1 January 1987 (or 1 March), to the day WHEN an editor types "1987" ("March 1987"),
    which is the same date THEN the precision follows what was typed (the field saw no change, and kept the day)."""
    canada = article(CANADA_TRADE)
    first = dt.date(1987, 3 if precision == Precision.MONTH else 1, 1)
    Article.objects.filter(pk=canada.pk).update(published=first, precision=Precision.DAY)
    data = {**form_data(editor_client.get(change_url(canada.pk))), "published": typed}
    with committed():
        assert editor_client.post(change_url(canada.pk), data).status_code == 302
    canada.refresh_from_db()
    assert (canada.published, canada.precision) == (first, precision)


def test_clearing_a_date_makes_it_unknown_again_and_bad_dates_are_refused(editor_client, seeded, article):
    consultations = article(CONSULTATIONS)
    data = form_data(editor_client.get(change_url(consultations.pk)))
    response = editor_client.post(change_url(consultations.pk), {**data, "published": "2023-13"})
    assert response.status_code == 200 and "published" in response.context["adminform"].form.errors
    data.pop("published")
    assert editor_client.post(change_url(consultations.pk), data).status_code == 302
    consultations.refresh_from_db()
    assert (consultations.published, consultations.precision, consultations.date_unknown) == (
        None,
        Precision.UNKNOWN,
        True,
    )


def test_parse_partial_date():
    """The date field reads a year or a month with the one date parser (archive.dates.parse_date)."""
    field = PartialDateField()

    def parsed(text):
        return field.to_python(text), typed_precision(text)

    assert parsed("1999") == (dt.date(1999, 1, 1), Precision.YEAR)
    assert parsed(" 1999-7 ") == (dt.date(1999, 7, 1), Precision.MONTH)
    assert parsed("Mar 1987") == (dt.date(1987, 3, 1), Precision.MONTH)
    with pytest.raises(ValidationError):
        field.to_python("1999-13")
    assert parsed("1999-07-04") == (dt.date(1999, 7, 4), Precision.DAY)  # a full date: the form field's own formats


def test_an_article_reviewed_without_a_date_leaves_the_queue(editor_client, seeded, article, committed):
    """GIVEN an article whose text has no date WHEN an editor saves it with "review next", date still empty
    THEN it is reviewed, stays flagged as undated, and the queue is one shorter."""
    canada = article(CANADA_TRADE)
    before = Article.objects.needs_review().count()
    data = form_data(editor_client.get(change_url(canada.pk)))
    data["_review_next"] = "1"
    with committed():
        response = editor_client.post(change_url(canada.pk), data)
    assert response.status_code == 302
    canada.refresh_from_db()
    assert canada.reviewed_at is not None and canada.date_unknown
    assert Article.objects.needs_review().count() == before - 1
    assert canada.pk not in Article.objects.needs_review().values_list("pk", flat=True)


def test_the_date_status_says_what_the_state_is(editor_client, seeded, article):
    # GIVEN an article whose date is unknown and one dated to the day WHEN an editor opens each change form
    # THEN the date status says which, and the "needs an editor" help shows only where it is true
    undated = editor_client.get(f"/admin/archive/article/{article(CANADA_TRADE).pk}/change/").content.decode()
    assert "Unknown: no usable date in the text. Set it above (a year or a month is enough)." in undated
    dated = editor_client.get(f"/admin/archive/article/{article(ARMY_CHIEF).pk}/change/").content.decode()
    assert "Known, to the day." in dated and "no usable date" not in dated.lower()


@pytest.mark.parametrize(
    ("typed", "chosen", "message"),
    [
        ("1987", Precision.DAY, "You typed a year, and “Day” would invent the rest of the date: type the date to"),
        ("1987", Precision.MONTH, "You typed a year, and “Month” would invent the rest of the date"),
        ("March 1987", Precision.DAY, "You typed a month, and “Day” would invent the rest of the date"),
    ],
)
def test_a_precision_finer_than_the_date_typed_is_refused(editor_client, seeded, article, typed, chosen, message):
    """GIVEN an undated article WHEN an editor types a year or a month and chooses a finer precision
    THEN the save is refused on the precision, saying what to do (it stored 1 January 1987, to the day)."""
    canada = article(CANADA_TRADE)
    data = form_data(editor_client.get(change_url(canada.pk)))
    response = editor_client.post(change_url(canada.pk), {**data, "published": typed, "precision": chosen})
    assert response.status_code == 200
    assert message in str(response.context["adminform"].form.errors["precision"])
    canada.refresh_from_db()
    assert canada.date_unknown


def test_choosing_unknown_precision_empties_the_date(editor_client, seeded, article, committed):
    # GIVEN an article dated 1987, to the year
    canada = article(CANADA_TRADE)
    Article.objects.filter(pk=canada.pk).update(published=dt.date(1987, 1, 1), precision=Precision.YEAR)
    data = form_data(editor_client.get(change_url(canada.pk)))
    # WHEN an editor types a new date and chooses "Unknown" THEN the save is refused, saying what to do
    response = editor_client.post(change_url(canada.pk), {**data, "published": "1988", "precision": Precision.UNKNOWN})
    assert response.status_code == 200
    assert "empty the date" in str(response.context["adminform"].form.errors["precision"])
    # WHEN the editor chooses "Unknown", leaving the date as it was
    with committed():
        response = editor_client.post(change_url(canada.pk), {**data, "precision": Precision.UNKNOWN})
    # THEN the date is not known: emptied (it became 1 January 1987, to the day), and back in the review queue
    assert response.status_code == 302
    canada.refresh_from_db()
    assert (canada.published, canada.precision, canada.date_unknown) == (None, Precision.UNKNOWN, True)
    assert canada.pk in found(date="undated") and canada.pk not in found(date="1987")
