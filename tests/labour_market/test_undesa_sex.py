"""UN DESA migrant stock by sex (issue 20, defect 1): a female-only table never overwrites
the both-sexes totals. Files are written here in the UN's and the reshaped layouts
(SOURCES.md sections 4 and 8.3); the numbers of the defect report are used where known."""

from pathlib import Path

import openpyxl
import pytest

from imdi_portal.stats.models import Observation
from imdi_portal.stats.services import import_job_create, import_job_run

pytestmark = pytest.mark.django_db

CSV_HEADER = "Year,MajorArea,Total,Other North,Other South,Mexico,Philippines,Channel Islands"


def run(source: str, path: Path, sex: str = ""):
    return import_job_run(job_id=import_job_create(source=source, path=path, sex=sex).pk)


def stock(area: str, year: str, sex: str, origin: str = "") -> float:
    return Observation.objects.get(
        indicator__code="UNDESA.MIGSTOCK",
        area_code=area,
        counterpart_code=origin,
        period=year,
        sex=sex,
    ).value


def write_csv(tmp_path: Path, name: str, rows: list[str], header: str = CSV_HEADER) -> Path:
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_a_female_table_after_the_both_sexes_one_leaves_the_totals_untouched(tmp_path):
    both = write_csv(tmp_path, "both.csv", ["2017,USA,49776970,10,20,12683066,2076253,0"])
    female = write_csv(tmp_path, "female.csv", ["2017,USA,25509656,4,9,5879209,1287161,0"])
    first = run("undesa-stock-csv", both, sex="T")
    assert (first.status, first.created) == ("succeeded", 3), first.error
    job = run("undesa-stock-csv", female, sex="F")
    assert job.status == "succeeded", job.error
    assert (job.created, job.updated) == (3, 0)  # new values, not revisions of the totals
    assert stock("USA", "2017", "T", "PHL") == 2076253
    assert stock("USA", "2017", "F", "PHL") == 1287161
    assert stock("USA", "2017", "T") == 49776970
    assert stock("USA", "2017", "F") == 25509656
    # Other North, Other South and the Channel Islands (a zero), counted with the reason.
    assert job.skipped_reasons == {
        "residual Other North": 1,
        "residual Other South": 1,
        "zero": 1,
    }


def test_a_csv_without_sex_fails_naming_the_option_and_writes_nothing(tmp_path):
    path = write_csv(tmp_path, "stock.csv", ["2017,USA,49776970,10,20,12683066,2076253,0"])
    job = run("undesa-stock-csv", path)
    assert job.status == "failed"
    assert "give --sex T|M|F" in job.error
    assert not Observation.objects.exists()


def test_the_2019_clean_layout_has_no_total_column_and_markers(tmp_path):
    path = write_csv(
        tmp_path,
        "UN_MigrantStockByOriginAndDestination_2019_clean.csv",
        ["2019,United States of America,11489684,..,-,0", "2019,Burundi,0,1200,..,5"],
        header="Year,Dest,Mexico,Philippines,Rwanda,Channel Islands",
    )
    job = run("undesa-stock-csv", path, sex="T")
    assert job.status == "succeeded", job.error
    assert stock("USA", "2019", "T", "MEX") == 11489684
    assert stock("BDI", "2019", "T", "PHL") == 1200
    # Born in the Channel Islands, outside ISO 3166-1: kept against their M49 area 830.
    assert stock("BDI", "2019", "T", "830") == 5
    assert job.created == 3
    obs = Observation.objects.get(area_code="USA", counterpart_code="MEX")
    assert obs.vintage == "POP/DB/MIG/Stock/Rev.2019"
    assert job.skipped_reasons == {
        "text marker -": 1,
        "zero": 2,  # Burundi <- Mexico, United States <- Channel Islands
    }


def origin_workbook(tmp_path: Path, tables: dict[str, tuple[str, list[list]]]) -> Path:
    """The UN workbook "Migrants by Destination and Origin": one sheet per table (title in
    E10, header in row 15, origins in row 16), and the ANNEX of country codes."""
    workbook = openpyxl.Workbook()
    workbook.active.title = "CONTENTS"
    for sheet, (title, rows) in tables.items():
        ws = workbook.create_sheet(sheet)
        for _ in range(9):
            ws.append([])
        ws.append([None, None, None, None, title])
        ws.append([None, None, None, None, "POP/DB/MIG/Stock/Rev.2015"])
        for _ in range(3):
            ws.append([])
        ws.append(
            [
                "Sort\norder",
                "Major area, region, country or area of destination",
                "Notes",
                "Country code",
                "Type of data (a)",
                "Country of origin",
            ]
        )
        ws.append([None, None, None, None, None, "Total", "Other North", "Mexico", "Philippines"])
        for row in rows:
            ws.append(row)
    annex = workbook.create_sheet("ANNEX")
    annex.append(["Country code", "Country or area"])
    for code, name in ((484, "Mexico"), (608, "Philippines"), (840, "United States of America")):
        annex.append([code, name])
    path = tmp_path / "UN_MigrantStockByOriginAndDestination_2015.xlsx"
    workbook.save(path)
    return path


TITLE = "Table {n}. {sex} migrant stock at mid-year by origin and by major area, region, "
TITLE += "country or area of destination, 2015"
USA_TOTAL = [1, "United States of America", None, 840, "B", 46627102, 30, 12050031, 1982389]
USA_FEMALE = [1, "United States of America", None, 840, "B", 23978000, 12, 5700000, 1200000]


def test_each_table_of_the_workbook_is_stored_under_the_sex_of_its_title(tmp_path):
    path = origin_workbook(
        tmp_path,
        {
            "Table 16": (TITLE.format(n=16, sex="Total"), [USA_TOTAL]),
            "Table 18": (TITLE.format(n=18, sex="Female"), [USA_FEMALE]),
        },
    )
    job = run("undesa-stock", path)
    assert job.status == "succeeded", job.error
    assert job.created == 6
    assert stock("USA", "2015", "T", "MEX") == 12050031
    assert stock("USA", "2015", "F", "MEX") == 5700000
    assert stock("USA", "2015", "F") == 23978000
    assert job.skipped_reasons == {"residual Other North": 2}


@pytest.mark.parametrize("sex", ["T", "M"])
def test_a_sex_that_contradicts_the_title_fails_and_writes_nothing(tmp_path, sex):
    path = origin_workbook(tmp_path, {"Table 18": (TITLE.format(n=18, sex="Female"), [USA_FEMALE])})
    job = run("undesa-stock", path, sex=sex)
    assert job.status == "failed"
    assert f"--sex {sex}" in job.error and "'Table 18' holds females" in job.error
    assert not Observation.objects.exists()


def test_a_sex_that_agrees_with_the_title_is_accepted(tmp_path):
    path = origin_workbook(tmp_path, {"Table 18": (TITLE.format(n=18, sex="Female"), [USA_FEMALE])})
    job = run("undesa-stock", path, sex="F")
    assert (job.status, job.created) == ("succeeded", 3), job.error
    assert not Observation.objects.filter(sex="T").exists()


def test_a_damaged_workbook_fails_clearly(tmp_path):
    path = origin_workbook(tmp_path, {"Table 16": (TITLE.format(n=16, sex="Total"), [USA_TOTAL])})
    path.write_bytes(path.read_bytes()[:2000])  # cut short, as an interrupted upload
    job = run("undesa-stock", path)
    assert job.status == "failed"
    assert "not a valid XLSX workbook (truncated or damaged" in job.error
    assert not Observation.objects.exists()
