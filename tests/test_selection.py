"""The reader's selection (archive/selection.py): reading the ids, loading the articles in order, the export plan."""

import pytest

from archive.models import Article
from archive.selection import SELECTION_LIMIT, SelectionError, load_selection, plan_selection, selected_ids


@pytest.mark.parametrize(
    ("values", "ids"),
    [
        (["12,5,40"], [12, 5, 40]),
        (["12", "5"], [12, 5]),  # a form's repeated ids=
        (["3, 1 ,3", "1,2"], [3, 1, 2]),  # spaces and repeats: each once, where first picked
        ([",,"], []),
        ([], []),
    ],
)
def test_ids_are_read_in_the_order_picked_each_once(values, ids):
    assert selected_ids(values) == ids


@pytest.mark.parametrize("value", ["12,abc", "1;2", "-4", "1.5", "٣", "9" * 13])
def test_anything_but_article_numbers_is_refused_with_a_reason(value):
    with pytest.raises(SelectionError, match="is not an article number"):
        selected_ids([value])


def test_more_than_the_limit_is_refused_with_both_numbers():
    assert len(selected_ids([",".join(map(str, range(1, SELECTION_LIMIT + 1)))])) == SELECTION_LIMIT
    with pytest.raises(
        SelectionError, match=f"{SELECTION_LIMIT + 1} articles are selected; .* at most {SELECTION_LIMIT}"
    ):
        selected_ids([",".join(map(str, range(1, SELECTION_LIMIT + 2)))])


@pytest.mark.django_db
def test_the_selection_keeps_its_order_and_counts_what_is_gone(archive):
    # GIVEN three articles picked in reverse order, one of them since unpublished, and an id that never existed
    first, second, third = Article.objects.order_by("pk")[:3]
    Article.objects.filter(pk=second.pk).update(is_published=False)
    ids = [third.pk, second.pk, 999_999, first.pk]
    # WHEN the selection is loaded THEN the published ones come in the order picked, the other two counted
    selection = load_selection(ids)
    assert selection.found_ids == [third.pk, first.pk] and selection.missing == 2
    assert selection.without(third.pk) == str(first.pk)
    # AND their export plan holds the same articles in the same order
    plan = plan_selection(ids, format="ris")
    assert (plan.ids, plan.total, plan.format) == ([third.pk, first.pk], 2, "ris")
