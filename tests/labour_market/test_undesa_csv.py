"""UN DESA migrant stock 2017, the reshaped long CSV shipped with the app."""

import csv
from pathlib import Path

import pytest

from imdi_portal.stats.models import Observation
from imdi_portal.stats.services import import_job_create, import_job_run
from labour_market.undesa import CSV_UNCODED_AGGREGATES, RESIDUAL_ORIGINS

pytestmark = pytest.mark.django_db

FILE = (
    Path(__file__).resolve().parents[2]
    / "labour_market/data/undesa/migrant_stock_by_origin_and_destination_2017_reshaped.csv"
)
NOT_STORED = RESIDUAL_ORIGINS


def run(path: Path):
    # The reshaped CSV cannot say its sex: it is UN DESA's Table 1, both sexes (SOURCES.md).
    return import_job_run(
        job_id=import_job_create(source="undesa-stock-csv", path=path, sex="T").pk
    )


def stock(area: str, year: str, origin: str = "") -> float:
    return Observation.objects.get(
        indicator__code="UNDESA.MIGSTOCK", area_code=area, counterpart_code=origin, period=year
    ).value


def values_in_file() -> int:
    """Non-zero cells of named destination rows, counted straight from the CSV."""
    with FILE.open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    return sum(
        1
        for row in rows[1:]
        if len(row) > 1 and row[0] and row[1] and row[1] not in CSV_UNCODED_AGGREGATES
        for origin, cell in zip(header[2:], row[2:], strict=False)
        if origin not in NOT_STORED and cell not in ("", "0")
    )


def test_every_value_loads_with_values_read_by_hand():
    job = run(FILE)
    assert (job.status, job.rejected) == ("succeeded", 0), job.error
    assert job.created == values_in_file() == 109697
    # Read by hand in the file: USA, all origins and from Mexico and the Philippines.
    assert stock("USA", "2017") == 49776970
    assert stock("USA", "2017", "MEX") == 12683066
    assert stock("USA", "1990", "PHL") == 912674
    assert stock("900", "2017") == 257715425  # WORLD
    # The two "Micronesia" rows: the region first, then the country.
    assert Observation.objects.filter(area_code="954", period="2017").exists()
    assert Observation.objects.filter(area_code="FSM", period="2017").exists()


def test_reimport_is_a_no_op_and_the_2015_workbook_is_revised():
    run(FILE)
    again = run(FILE)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 109697)


def test_an_unknown_destination_fails_clearly(tmp_path):
    path = tmp_path / "stock.csv"
    lines = FILE.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0], lines[1].replace("WORLD", "Atlantis", 1)]), "utf-8")
    job = run(path)
    assert job.status == "failed"
    assert "no country or area by this name ('Atlantis')" in job.error
    assert not Observation.objects.exists()


def test_an_older_edition_never_replaces_the_newer_one():
    run(FILE)
    revised = stock("USA", "2015", "MEX")  # the 2017 edition's figure for 2015
    workbook = (
        Path(__file__).resolve().parents[2]
        / "labour_market/data/undesa/migrant_stock_by_origin_and_destination_2015.xlsx"
    )
    job = import_job_run(job_id=import_job_create(source="undesa-stock", path=workbook).pk)
    assert job.status == "succeeded" and job.updated == 0
    assert stock("USA", "2015", "MEX") == revised != 12050031  # the 2015 edition's figure
    assert Observation.objects.get(
        indicator__code="UNDESA.MIGSTOCK", area_code="USA", counterpart_code="MEX", period="2015"
    ).vintage.endswith("Rev.2017")
