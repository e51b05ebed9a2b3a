"""WDI: a partial latest year is not shown as a fall of the aggregates, and the download's
Metadata_Indicator file says what the indicator is (issue 20). Files written here in the
WDI download layout (SOURCES.md sections 1 and 8.1)."""

from pathlib import Path

import pytest

from imdi_portal.stats.importers import WdiImporter
from imdi_portal.stats.importing.base import Counts, ImportContext
from imdi_portal.stats.models import Observation
from imdi_portal.stats.services import import_job_create, import_job_run
from tests.stats.wdi_files import write_wdi

pytestmark = pytest.mark.django_db

NAME = "API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454.csv"
ECONOMIES = ["IND", "MEX", "PHL", "USA", "DEU", "FRA", "SEN", "NPL", "EGY", "PAK"]
YEARS = ("2022", "2023", "2024")


def received(tmp_path: Path, late: int) -> Path:
    """Ten economies report 2022 and 2023; `late` of them have no 2024 value yet. WLD and
    SSF (aggregates) have every year."""
    rows = {
        code: {"2022": "100", "2023": "110", **({"2024": "120"} if i >= late else {})}
        for i, code in enumerate(ECONOMIES)
    }
    rows["WLD"] = {"2022": "1000", "2023": "1100", "2024": "600"}
    rows["SSF"] = {"2022": "10", "2023": "11", "2024": "2"}
    return write_wdi(
        tmp_path / NAME,
        rows,
        indicator="BX.TRF.PWKR.CD.DT",
        name="Personal remittances, received (current US$)",
        vintage="2025-07-01",
        years=YEARS,
    )


def run(path: Path):
    return import_job_run(job_id=import_job_create(source="wdi", path=path).pk)


def test_aggregates_of_a_partial_latest_year_are_left_out_with_the_reason(tmp_path):
    job = run(received(tmp_path, late=5))  # 5 of the 10 economies: 50 % < 90 %
    assert job.status == "succeeded", job.error
    world = Observation.objects.filter(area_code="WLD").values_list("period", "value")
    assert sorted(world) == [("2022", 1000.0), ("2023", 1100.0)]
    assert Observation.objects.get(area_code="NPL", period="2024").value == 120
    # 10 + 10 + 5 economies' values, and WLD and SSF for 2022 and 2023.
    assert (job.created, job.skipped) == (29, 2)
    assert job.skipped_reasons == {"partial aggregate": 2}


def test_a_year_with_nine_in_ten_economies_is_complete(tmp_path):
    job = run(received(tmp_path, late=1))  # 9 of 10: 90 %
    assert job.status == "succeeded", job.error
    assert Observation.objects.get(area_code="WLD", period="2024").value == 600
    assert (job.created, job.skipped) == (10 + 10 + 9 + 6, 0)


METADATA = (
    "\ufeff" + '"INDICATOR_CODE","INDICATOR_NAME","SOURCE_NOTE","SOURCE_ORGANIZATION",\r\n'
    '"BX.TRF.PWKR.CD.DT","Personal remittances, received (current US$)","Personal '
    'remittances comprise personal transfers and compensation of employees.","IMF balance of '
    'payments data, International Monetary Fund (IMF);\nStaff estimates, World Bank (WB)",\r\n'
)


def test_the_metadata_file_beside_the_data_describes_the_indicator(tmp_path):
    path = received(tmp_path, late=0)
    (tmp_path / f"Metadata_Indicator_{NAME}").write_text(METADATA, encoding="utf-8")
    context = ImportContext(name=NAME)
    importer = WdiImporter()
    importer.left_out = Counts()
    list(importer.records(path, "csv", context))
    assert context.indicator_metadata == {
        "BX.TRF.PWKR.CD.DT": {
            "definition_en": "Personal remittances comprise personal transfers and "
            "compensation of employees.",
            "source": "IMF balance of payments data, International Monetary Fund (IMF); "
            "Staff estimates, World Bank (WB)",
            "source_url": "https://data.worldbank.org/indicator/BX.TRF.PWKR.CD.DT",
            "unit": "current US$",
        }
    }


def test_without_the_metadata_file_nothing_is_made_up(tmp_path):
    context = ImportContext(name=NAME)
    importer = WdiImporter()
    importer.left_out = Counts()
    list(importer.records(received(tmp_path, late=0), "csv", context))
    assert context.indicator_metadata == {}


def test_the_metadata_file_imported_alone_fails_with_a_clear_message(tmp_path):
    path = tmp_path / f"Metadata_Indicator_{NAME}"
    path.write_text(METADATA, encoding="utf-8")
    job = run(path)
    assert job.status == "failed"
    assert "this is the WDI indicator metadata" in job.error
    assert not Observation.objects.exists()
