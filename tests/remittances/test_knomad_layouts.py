"""Every layout of the World Bank/KNOMAD bilateral remittance matrix (2010-2021), in small
workbooks written here in the published layouts (SOURCES.md section 8.2): what is stored,
what is left out and why, and that the counts add up to the cells of the file."""

from pathlib import Path

import openpyxl
import pytest

from imdi_portal.stats.models import Observation
from imdi_portal.stats.services import import_job_create, import_job_run

pytestmark = pytest.mark.django_db

TITLE = (
    "Bilateral Remittance Estimates for {year} using Migrant Stocks, Host Country Incomes, "
    "and Origin Country Incomes (millions of US$) ({version} Version)"
)
CORNER = (
    "Remittance-receiving country (across)                    -                    "
    "Remittance-sending country (down) "
)


def matrix(tmp_path: Path, sheet: str, title: str, rows: list[list], notes: list[str]) -> Path:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = sheet
    ws.append([title])
    for row in rows:
        ws.append(row)
    ws.append([])
    for note in notes:
        ws.append([note])
    path = tmp_path / "matrix.xlsx"
    workbook.save(path)
    return path


def run(path: Path):
    return import_job_run(job_id=import_job_create(source="knomad", path=path).pk)


def flow(sending: str, receiving: str, year: str) -> float:
    return Observation.objects.get(
        indicator__code="KNOMAD.BILATERAL",
        area_code=sending,
        counterpart_code=receiving,
        period=year,
    ).value


def test_2010_layout_with_total_residual_and_unidentified_rows(tmp_path):
    path = matrix(
        tmp_path,
        "Bilateral Remittance Matrix2010",
        TITLE.format(year=2010, version="May 2013"),
        [
            [CORNER, "Mexico", "Kosovo", "India", "Total"],
            ["United States", 21693.4, 12.5, 5000, 26705.9],
            ["Kosovo", 0.5, None, 1.2, 1.7],
            ["Other North", 3, None, 0, 3],
            ["Other South", 2, None, None, 2],
            ["Unidentified*", None, None, 7, 7],
            ["Total Remittances", 21699.9, 12.5, 5008.2, 26720.6],
        ],
        ["These estimates are based on ...", "*The unidentified category refers to ..."],
    )
    job = run(path)
    assert job.status == "succeeded", job.error
    assert (job.created, job.rejected) == (5, 0)
    assert flow("USA", "MEX", "2010") == pytest.approx(21693.4)
    # United States -> Kosovo, kept against the World Bank's statistical area XKX.
    assert flow("USA", "XKX", "2010") == pytest.approx(12.5)
    assert flow("XKX", "IND", "2010") == pytest.approx(1.2)  # Kosovo sends from its area
    assert Observation.objects.get(area_code="XKX", counterpart_code="MEX").area.code == "XKX"
    assert job.skipped_reasons == {
        "matrix total": 6,  # the Total column of 2 rows and the 4 cells of Total Remittances
        "residual Other North": 3,
        "residual Other South": 2,
        "unidentified sending country": 2,
        "note": 2,
    }
    assert job.skipped == 15
    assert Observation.objects.get(area_code="USA", counterpart_code="MEX").vintage == (
        "May 2013 Version"
    )


def test_2015_data_in_a_sheet_named_2014_takes_the_year_of_the_title(tmp_path):
    path = matrix(
        tmp_path,
        "Bilateral Remittances 2014",
        TITLE.format(year=2015, version="October 2016"),
        [
            [CORNER, "Mexico", "India", "Pakistan", "World"],
            ["United States", 25675.4, 11000, 0, 36675.4],
            ["India", None, None, "N/A*", 10],
            ["Pakistan", None, "N/A*", None, 20],
            ["World", 25700, 11500, 30, 37230],
        ],
        ["*According to State Bank of Pakistan, ..."],
    )
    job = run(path)
    assert job.status == "succeeded", job.error
    assert job.created == 2
    assert flow("USA", "MEX", "2015") == pytest.approx(25675.4)
    assert not Observation.objects.filter(period="2014").exists()
    assert job.skipped_reasons == {
        "matrix total": 7,  # 3 rows' World cells and the 4 cells of the World row
        "zero": 1,
        "missing value marker": 2,  # N/A* India <-> Pakistan: neither rejected nor stored as 0
        "note": 1,
    }


def test_2016_markers_and_2014_empty_strings_are_no_estimates(tmp_path):
    path = matrix(
        tmp_path,
        "Bilateral Remittances 2016",
        TITLE.format(year=2016, version="November 2017"),
        [
            [CORNER, "Mexico", "Israel", "Lebanon", "Pakistan", "World"],
            ["United States", 28125.9, "", "", 300.25, 28426.15],
            ["India", "", "", "", "0*", 0],
            ["Israel", "", "", "N/A", "", 0],
            ["Lebanon", "", "N/A", "", "", 0],
        ],
        [],
    )
    job = run(path)
    assert job.status == "succeeded", job.error
    assert job.created == 2
    assert flow("USA", "MEX", "2016") == pytest.approx(28125.9)
    assert flow("USA", "PAK", "2016") == pytest.approx(300.25)
    assert job.skipped_reasons == {
        "matrix total": 4,
        "text marker 0*": 1,
        "missing value marker": 2,
    }


def test_2021_layout_with_world_row_and_notes_after_blank_lines(tmp_path):
    path = matrix(
        tmp_path,
        "FINAL BRM 2021 ",
        TITLE.format(year=2021, version="December 2022"),
        [
            [CORNER, "Mexico", "India", "Pakistan", "Channel Islands", "WORLD"],
            ["United States", 52595.3, 12000, None, " ", 64595.3],
            ["United Arab Emirates", None, 19821.1, 5000, None, 24821.1],
            ["Saudi Arabia", None, 3000, 8045.1, None, 11045.1],
            ["Channel Islands", None, 4.5, None, None, 4.5],
            ["WORLD", 52595.3, 34825.6, 13045.1, None, 100466],
        ],
        [
            "When using the data, please cite: KNOMAD/World Bank Bilateral Remittance Matrix "
            "2021, December 2022",
            "Note: All numbers are in current (nominal) US dollar.",
        ],
    )
    job = run(path)
    assert job.status == "succeeded", job.error
    assert (job.created, job.rejected) == (7, 0)
    assert flow("USA", "MEX", "2021") == pytest.approx(52595.3)
    assert flow("ARE", "IND", "2021") == pytest.approx(19821.1)
    assert flow("SAU", "PAK", "2021") == pytest.approx(8045.1)
    assert flow("CHI", "IND", "2021") == pytest.approx(4.5)
    # 4 row totals + 4 filled cells of the WORLD row; " " is an empty cell, not a value.
    assert job.skipped_reasons == {"matrix total": 8, "note": 2}
    assert Observation.objects.get(area_code="USA", counterpart_code="MEX").vintage == (
        "December 2022 Version"
    )


def test_a_matrix_whose_title_gives_no_year_fails_and_writes_nothing(tmp_path):
    path = matrix(
        tmp_path,
        "Sheet1",
        "Bilateral Remittance Estimates (millions of US$)",
        [[CORNER, "Mexico"], ["United States", 1.5]],
        [],
    )
    job = run(path)
    assert job.status == "failed"
    assert "the matrix does not say the year of its estimates" in job.error
    assert "--year" in job.error
    assert not Observation.objects.exists()


def test_migrant_matrix_stores_destination_as_area_and_origin_as_counterpart(tmp_path):
    path = matrix(
        tmp_path,
        "BRM 2021",
        "Bilateral Estimates of Migrant Stocks in 2021",
        [
            [
                "Destination country (across)        -        Source country (down) ",
                "Germany",
                "Kosovo",
                "United States",
                "Other North",
                "Other South",
                "World",
            ],
            ["Mexico", 20000, None, 10924662, 150, 300, 10945112],
            ["Kosovo", 250000, None, 30000, None, None, 280000],
            ["Ghana", 40000, None, "…", None, None, 40000],
            ["Other North", 5, None, 6, None, None, 11],
            ["World", 270005, None, 10954668, 150, 300, 11265123],
        ],
        ["When using the data, please cite: KNOMAD/World Bank ..."],
    )
    job = import_job_run(job_id=import_job_create(source="wb-migrant-matrix", path=path).pk)
    assert job.status == "succeeded", job.error
    stock = Observation.objects.filter(indicator__code="WB.MIGSTOCK.BILATERAL")
    # Born in Mexico, living in the United States: area = destination, counterpart = origin.
    assert stock.get(area_code="USA", counterpart_code="MEX", period="2021").value == 10924662
    assert stock.get(area_code="DEU", counterpart_code="GHA").value == 40000
    # Born in Kosovo: in the United States and in Germany, against Kosovo's area.
    assert stock.get(area_code="DEU", counterpart_code="XKX").value == 250000
    assert stock.get(area_code="USA", counterpart_code="XKX").value == 30000
    assert job.created == stock.count() == 5
    assert job.skipped_reasons == {
        "matrix total": 8,  # 3 country rows' World cells and the 5 filled cells of the World row
        "residual Other North": 4,  # the Other North column of Mexico and the row (3 cells)
        "residual Other South": 1,
        "text marker …": 1,
        "note": 1,
    }
