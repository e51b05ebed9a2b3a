"""One strict grammar of numbers for every importer (#21): sign, ASCII digits, one decimal
point, an optional exponent; not Python's float() grammar."""

import pytest

from imdi_portal.stats.importing.base import is_marker, parse_value
from imdi_portal.stats.importing.errors import RowError
from imdi_portal.stats.services import import_job_create, import_job_run
from tests.stats.wdi_files import write_wdi

ARABIC_INDIC_12 = "\u0661\u0662"
FULLWIDTH_12 = "\uff11\uff12"


@pytest.mark.parametrize(
    ("raw", "value"),
    [("12", 12.0), ("-5.5", -5.5), (" +3 ", 3.0), (".5", 0.5), ("2.5e3", 2500.0), ("1E-2", 0.01)],
)
def test_it_reads_numbers_as_data_files_write_them(raw, value):
    assert parse_value(raw, 1, "c") == value


@pytest.mark.parametrize(
    "raw", ["1_000", ARABIC_INDIC_12, FULLWIDTH_12, "1,000", "1.2.3", "0x10", "1e", "-", "", "12%"]
)
def test_it_refuses_what_only_python_calls_a_number(raw):
    result = parse_value(raw, 3, "2019")
    assert isinstance(result, RowError) and result.message == "not a number"


@pytest.mark.parametrize("raw", ["nan", "-inf", "Infinity", "1e999"])
def test_it_refuses_infinite_values(raw):
    assert parse_value(raw, 3, "2019").message == "not a finite number"


def test_thousands_separators_only_where_a_format_declares_them():
    assert parse_value("1,234,567.5", 1, "c", thousands=",") == 1234567.5
    assert isinstance(parse_value("12,34", 1, "c", thousands=","), RowError)
    assert isinstance(parse_value("1,234", 1, "c"), RowError)


def test_markers_are_compared_without_case_spaces_or_stars():
    markers = frozenset({"n/a", "#n/a"})
    assert all(is_marker(raw, markers) for raw in ("N/A", "n/a", " N/ A ", "N/A*", "#N/A"))
    assert not is_marker("NA", markers)


@pytest.mark.django_db
@pytest.mark.parametrize("raw", ["1_000", ARABIC_INDIC_12, FULLWIDTH_12])
def test_an_import_rejects_them_and_names_the_cell(tmp_path, raw):
    path = write_wdi(tmp_path / "odd.csv", {"SEN": {"2017": "5"}, "MLI": {"2018": raw}})
    job = import_job_run(job_id=import_job_create(source="wdi", path=path).pk)
    assert job.status == "failed"
    assert f"line 7, column 2018: not a number ({raw!r})" in job.error


def test_periods_are_read_in_ascii_digits_only():
    from imdi_portal.stats.importing.base import check_period

    assert check_period("2019-Q1", 1, "period") == ("2019-Q1", 2019)
    assert isinstance(check_period("\u0662\u0660\u0661\u0669", 1, "period"), RowError)
