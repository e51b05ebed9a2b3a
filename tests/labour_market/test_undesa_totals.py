"""UN DESA International Migrant Stock 2019 and 2020, totals by destination and sex (Table 1
of the UN workbooks, SOURCES.md section 8.3), in small workbooks written in those layouts."""

from pathlib import Path

import openpyxl
import pytest

from imdi_portal.stats.models import Observation
from imdi_portal.stats.services import import_job_create, import_job_run

pytestmark = pytest.mark.django_db


def run(source: str, path: Path, sex: str = ""):
    return import_job_run(job_id=import_job_create(source=source, path=path, sex=sex).pk)


def total(area: str, year: str, sex: str) -> float:
    obs = Observation.objects.get(
        indicator__code="UNDESA.MIGSTOCK", area_code=area, counterpart_code="", period=year, sex=sex
    )
    return obs.value


def save(workbook, tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    workbook.save(path)
    return path


def workbook_2019(tmp_path: Path) -> Path:
    workbook = openpyxl.Workbook()
    workbook.active.title = "CONTENTS"
    ws = workbook.create_sheet("Table 1")
    for _ in range(9):
        ws.append([])
    ws.append(
        [None] * 4
        + [
            "Table 1 -  International migrant stock at mid-year by sex and by major "
            "area, region, country or area, 1990-2019"
        ]
    )
    ws.append([])
    ws.append([])
    ws.append([None] * 4 + ["Suggested citation: ... (POP/DB/MIG/Stock/Rev.2019)."])
    ws.append([])
    group = "International migrant stock at mid-year ({})"
    ws.append(
        [
            "Sort\norder",
            "Major area, region, country or area of destination",
            "Notes",
            "Code",
            "Type of data (a)",
            group.format("both sexes"),
            None,
            group.format("male"),
            None,
            group.format("female"),
            None,
        ]
    )
    ws.append([None] * 5 + [1990, 2019] * 3)
    rows = [
        [
            1,
            "WORLD",
            None,
            900,
            None,
            153011473,
            271642105,
            77661689,
            141488004,
            75349784,
            130154101,
        ],
        [2, "UN development groups", None, None, None, *[".."] * 6],
        [8, "High-income countries", "e", 1503, None, 1, 2, 3, 4, 5, 6],
        [20, "Oceania", None, 909, None, 4731848, 8927925, 2400000, 4500000, 2331848, 4427925],
        [40, "South Sudan", None, 728, "B R", *[".."] * 6],
        [60, "Germany", None, 276, "B", 5936181, 13132146, "..", 6400000, "..", 6700000],
        [150, "OCEANIA", None, 909, None, 4731848, 8927925, 2400000, 4500000, 2331848, 4427925],
    ]
    for row in rows:
        ws.append(row)
    return save(workbook, tmp_path, "UN_MigrantStockTotal_2019.xlsx")


def test_the_2019_workbook_is_read_by_sex_through_undesa_stock(tmp_path):
    job = run("undesa-stock", workbook_2019(tmp_path))
    assert job.status == "succeeded", job.error
    assert total("900", "2019", "T") == 271642105
    assert total("900", "1990", "T") == 153011473
    assert total("900", "2019", "M") == 141488004
    assert total("900", "2019", "F") == 130154101
    assert total("DEU", "2019", "T") == 13132146
    assert total("909", "2019", "T") == 8927925
    assert job.created == 6 + 6 + 4  # WORLD, Oceania, Germany's four values
    assert job.skipped_reasons == {
        "aggregate without a statistical area": 6,  # 1503 High-income countries
        "area listed twice": 6,  # Oceania (909) again, as an SDG region
    }
    obs = Observation.objects.get(area_code="DEU", period="2019", sex="T")
    assert obs.vintage == "POP/DB/MIG/Stock/Rev.2019"
    assert not Observation.objects.filter(period="2019").exclude(counterpart_code="").exists()


def workbook_2020(tmp_path: Path) -> Path:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Table of contents"
    ws = workbook.create_sheet("Table 1")
    ws.append([])
    ws.append([None] * 4 + ["International Migrant Stock 2020: Destination"])
    ws.append(
        [None] * 4
        + [
            "Table 1: International migrant stock at mid-year by sex and by region, "
            "country or area of destination, 1990-2020"
        ]
    )
    ws.append([None] * 4 + ["POP/DB/MIG/Stock/Rev.2020"])
    ws.append([])
    ws.append([])
    ws.append([])
    label = "International migrant stock at mid-year, {}"
    ws.append(
        [None] * 5
        + [label.format("both sexes combined"), None, label.format("males"), None]
        + [label.format("females"), None]
    )
    ws.append([])
    ws.append([])
    ws.append(
        [
            None,
            "Region, development group, country or area",
            "Notes",
            "Location code",
            "Type of data",
            1990,
            2020,
            1990,
            2020,
            1990,
            2020,
        ]
    )
    rows = [
        [1, "WORLD", None, 900, "", 152986157, 280598105, 77563467, 145655844, 75422690, 134942261],
        [8, "  Australia and New Zealand", None, 927, "", 10, 20, 5, 10, 5, 10],
        [15, "  Land-locked Developing Countries (LLDC)", None, 1636, "", 1, 2, 3, 4, 5, 6],
        [90, "  Australia and New Zealand", None, 927, "", 10, 20, 5, 10, 5, 10],
        [150, "   Germany", None, 276, "B R ", 5936181, 15762457, "..", 7891635, "..", 7870822],
    ]
    for row in rows:
        ws.append(row)
    return save(workbook, tmp_path, "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx")


def test_the_2020_workbook_with_sex_groups_above_the_header(tmp_path):
    job = run("undesa-stock-total", workbook_2020(tmp_path))
    assert job.status == "succeeded", job.error
    assert total("DEU", "2020", "T") == 15762457
    assert total("DEU", "2020", "F") == 7870822
    assert total("900", "2020", "T") == 280598105
    assert total("927", "2020", "M") == 10
    assert job.created == 6 + 6 + 4
    assert job.skipped_reasons == {
        "aggregate without a statistical area": 6,
        "area listed twice": 6,
    }


def test_a_sex_option_that_contradicts_the_sex_groups_fails(tmp_path):
    job = run("undesa-stock-total", workbook_2020(tmp_path), sex="T")
    assert job.status == "failed"
    assert "--sex T (both sexes) contradicts the workbook: Table 1 holds females" in job.error
    assert not Observation.objects.exists()
