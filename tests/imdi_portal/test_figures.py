"""One way to write a figure, in the reader's language (imdi_portal.core.figures)."""

import pytest
from django.template import Context, Template
from django.utils import translation

from imdi_portal.core import figures
from imdi_portal.core.downloads import csv_text


@pytest.mark.parametrize(
    ("language", "received", "paid", "matrix"),
    [
        ("en", "US$ 40.3 billion", "US$ 211.2 million", "US$ 32.8 billion"),
        ("fr", "40,3\xa0milliards $ US", "211,2\xa0millions $ US", "32,8\xa0milliards $ US"),
        ("es", "US$ 40,3 millardos", "US$ 211,2 millones", "US$ 32,8 millardos"),
    ],
)
def test_amounts_use_one_scale_word_per_figure(language, received, paid, matrix):
    with translation.override(language):
        assert figures.usd(40279405932.4328) == received
        assert figures.usd(211194462) == paid
        assert figures.usd(32808, millions=True) == matrix


def test_small_amounts_are_whole_dollars_and_scaled_ones_keep_one_decimal():
    with translation.override("en"):
        assert figures.usd(950000) == "US$ 950,000"
        assert figures.usd(1.8795) == "US$ 1.88"
        assert figures.usd(94.8867) == "US$ 95"
        assert figures.usd(7e9) == "US$ 7.0 billion"
        assert figures.usd(123, millions=True) == "US$ 123.0 million"


def test_persons_are_whole_numbers_and_percentages_have_one_decimal():
    with translation.override("en"):
        assert figures.whole(2076253.4) == "2,076,253"
        assert figures.percent(3.7027411) == "3.7 %"
        assert figures.percent(6.2449, 2) == "6.24 %"
        assert figures.by_unit(12165083, "persons") == "12,165,083"
    with translation.override("fr"):
        assert figures.percent(3.7027411) == "3,7 %"


def test_chart_ticks_are_never_in_scientific_notation():
    with translation.override("en"):
        assert [figures.short(v) for v in (1.5e9, 250000, 12345, 0.25, 0.000012, -3e6, 0)] == [
            "1.5 bn",
            "250 k",
            "12.3 k",
            "0.25",
            "0.000012",
            "-3 m",
            "0",
        ]


def test_downloads_write_floats_in_positional_notation():
    text = csv_text(
        ["value", "note"], [[1e-05, "a"], [137674533895.686, "b"], [2.0, "c"], [None, "d"]]
    )
    assert text.splitlines() == ["value,note", "0.00001,a", "137674533895.686,b", "2,c", ",d"]


def test_template_filters_follow_the_same_rule():
    template = Template(
        "{% load figures %}{{ a|usd }} · {{ b|usd_millions }} · {{ c|whole }} · {{ d|percent }}"
    )
    with translation.override("en"):
        text = template.render(Context({"a": 40279405932.4328, "b": 28125.9, "c": 1e6, "d": 14.7}))
    assert text == "US$ 40.3 billion · US$ 28.1 billion · 1,000,000 · 14.7 %"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "2 Dec. 2026"), ("fr", "2 déc. 2026"), ("es", "2 dic. 2026")],
)
def test_short_dates_name_the_month_in_the_readers_language(language, expected):
    import datetime

    template = Template('{{ day|date:"SHORT_DATE_FORMAT" }}')
    with translation.override(language):
        assert template.render(Context({"day": datetime.date(2026, 12, 2)})) == expected
