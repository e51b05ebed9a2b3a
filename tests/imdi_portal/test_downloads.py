"""One CSV writer for the pages' downloads, the API's CSV renderer and the common format: the
same bytes for the same table, whichever asked for it."""

import csv
import io
from decimal import Decimal

import pytest

from imdi_portal.core.api_support import CSVRenderer
from imdi_portal.core.downloads import csv_response, csv_text, safe_cell
from tests.imdi_portal.hostile import HOSTILE, neutralised

HEADER = ["name", "note", "count"]
ROWS = [
    ["Manila, Metro", 'the "capital"', 3],
    ["Cebu", "two\nlines", None],
    ["Davao", "", 0],
]
# Written by hand: RFC 4180 as Excel reads it, CRLF after every record, a field quoted when it
# holds a comma, a quote or a line break, and its quotes doubled.
EXPECTED = (
    'name,note,count\r\n"Manila, Metro","the ""capital""",3\r\nCebu,"two\nlines",\r\nDavao,,0\r\n'
)


def test_the_writer_quotes_commas_quotes_and_line_breaks():
    assert csv_text(HEADER, ROWS) == EXPECTED


def test_a_page_download_streams_the_same_text():
    response = csv_response("places.csv", HEADER, ROWS)
    assert b"".join(response.streaming_content) == EXPECTED.encode("utf-8")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="places.csv"'


def test_the_api_renderer_writes_the_same_text():
    page = {"count": 3, "results": [dict(zip(HEADER, row, strict=True)) for row in ROWS]}
    assert CSVRenderer().render(page) == EXPECTED.encode("utf-8")


def test_the_api_renderer_dots_nested_keys_and_joins_lists():
    rows = [
        {"iso3": "PHL", "region": {"slug": "asia"}, "codes": ["a", "b"]},
        {"iso3": "MEX", "extra": "only here"},
    ]
    assert CSVRenderer().render(rows) == (
        b"iso3,region.slug,codes,extra\r\nPHL,asia,a; b,\r\nMEX,,,only here\r\n"
    )


@pytest.mark.parametrize("data", [None, []])
def test_the_api_renderer_writes_an_empty_line_for_no_rows(data):
    assert CSVRenderer().render(data) == b"\r\n"


def test_the_common_format_export_writes_the_same_text():
    from legislation.common_format import COLUMNS, dump

    # Column names need no quoting; the row's cells are written out by hand.
    assert all(name.isidentifier() for name in COLUMNS)
    record = {"country": "PHL", "slug": "care", "name_en": 'Care worker, "live-in"\nvisa'}
    cells = {"country": "PHL", "slug": "care", "name_en": '"Care worker, ""live-in""\nvisa"'}
    expected = (
        "\ufeff"
        + ",".join(COLUMNS)
        + "\r\n"
        + ",".join(cells.get(name, "") for name in COLUMNS)
        + "\r\n"
    )
    assert dump([record], "csv") == expected.encode("utf-8")


# --- cells that would run as formulas (#21) --------------------------------------------


@pytest.mark.parametrize("text", [*HOSTILE, "=1+1", "\r=1", "-", "+"])
def test_a_text_that_starts_like_a_formula_gets_a_single_quote(text):
    assert safe_cell(text) == neutralised(text)
    written = csv_text(["cell"], [[text]])
    assert list(csv.reader(io.StringIO(written))) == [["cell"], [neutralised(text)]]


@pytest.mark.parametrize(
    "value",
    [-0.215, -3, Decimal("-0.215"), 0, 2.5, "-0.215", "-12", "Care worker", "", None, True],
)
def test_numbers_and_plain_texts_are_written_as_they_are(value):
    assert safe_cell(value) is value


def test_a_negative_number_stays_a_number_in_the_csv():
    assert csv_text(["value"], [[-0.215], [Decimal("-1.50")], [-3]]) == (
        "value\r\n-0.215\r\n-1.50\r\n-3\r\n"
    )


def test_the_api_renderer_neutralises_text_cells_and_keeps_numbers():
    rows = [{"name": text, "value": -0.215, "nested": {"note": text}} for text in HOSTILE]
    table = list(csv.DictReader(io.StringIO(CSVRenderer().render(rows).decode())))
    assert [row["name"] for row in table] == [neutralised(text) for text in HOSTILE]
    assert [row["nested.note"] for row in table] == [neutralised(text) for text in HOSTILE]
    assert {row["value"] for row in table} == {"-0.215"}
