"""archive/chart_options.py: the chart's choices in the links that switch them."""

from archive.chart_options import chart_query, switch_links


def test_defaults_are_left_out_and_every_compared_value_kept():
    assert chart_query("linear", "articles") == "?"
    assert chart_query("log", "share", ["country:RU"]) == "?scale=log&measure=share&compare=country:RU"
    # a compared query that happens to be a choice's name is still compared
    assert chart_query("linear", "articles", ["linear", "articles"], keep=[("q", "oil")]) == (
        "?q=oil&compare=linear&compare=articles"
    )


def test_each_switch_keeps_the_other_choice_and_the_comparison():
    links = switch_links("log", "articles", ["gold"], keep=[("q", "oil")])
    assert links["measure_links"] == [
        ("articles", "?q=oil&scale=log&compare=gold", True),
        ("share of the month", "?q=oil&scale=log&measure=share&compare=gold", False),
    ]
    assert links["stop_comparing"] == "?q=oil&scale=log"
