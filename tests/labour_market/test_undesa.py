"""UN DESA migrant stock by destination and origin, from the real 2015 workbook."""

from pathlib import Path

import openpyxl
import pytest

from imdi_portal.stats.models import Observation, StatisticalArea

pytestmark = pytest.mark.django_db

FILE = (
    Path(__file__).resolve().parents[2]
    / "labour_market"
    / "data"
    / "undesa"
    / "migrant_stock_by_origin_and_destination_2015.xlsx"
)
NOT_STORED = {"Other North", "Other South"}  # residuals without a country


def run(path: Path):
    from imdi_portal.stats.services import import_job_create, import_job_run

    return import_job_run(job_id=import_job_create(source="undesa-stock", path=path).pk)


def stock(area: str, origin: str = "") -> float:
    return Observation.objects.get(
        indicator__code="UNDESA.MIGSTOCK", area_code=area, counterpart_code=origin, period="2015"
    ).value


def cells_in_file() -> int:
    """Non-empty stock cells of Table 16, counted straight from the workbook."""
    sheet = openpyxl.load_workbook(FILE, read_only=True)["Table 16"]
    rows = list(sheet.iter_rows(values_only=True))
    origins = rows[15][5:]
    return sum(
        1
        for row in rows[16:]
        if row[3] is not None
        for origin, cell in zip(origins, row[5:], strict=False)
        if origin and origin not in NOT_STORED and cell not in (None, "")
    )


def test_the_workbook_loads_every_stock_with_values_read_by_hand():
    job = run(FILE)
    assert (job.status, job.rejected) == ("succeeded", 0), job.error
    assert job.created == cells_in_file() == 19149
    assert stock("900") == 243700236  # WORLD, all origins
    assert stock("900", "AFG") == 4843117  # WORLD, from Afghanistan
    assert stock("USA") == 46627102
    assert stock("USA", "MEX") == 12050031
    assert stock("PHL") == 211862
    obs = Observation.objects.filter(area_code="USA", counterpart_code="MEX").get()
    assert (obs.country.iso3, obs.counterpart.iso3, obs.vintage) == (
        "USA",
        "MEX",
        "POP/DB/MIG/Stock/Rev.2015",
    )


def test_m49_aggregates_are_areas_not_countries():
    run(FILE)
    world = Observation.objects.filter(area_code="900", counterpart_code="").get()
    assert world.country_id is None and world.area.name == "WORLD"
    assert StatisticalArea.objects.get(code="5500").name == "Central Asia"
    assert StatisticalArea.objects.get(code="830").kind == StatisticalArea.Kind.ECONOMY


def test_reimport_changes_nothing():
    run(FILE)
    again = run(FILE)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 19149)


@pytest.fixture(scope="module")
def workbook_copy(tmp_path_factory):
    """Writes the real workbook with one fault; read-write openpyxl, once per fault."""

    def make(name: str, change) -> Path:
        workbook = openpyxl.load_workbook(FILE)
        change(workbook)
        path = tmp_path_factory.mktemp("undesa") / name
        workbook.save(path)
        return path

    return make


def _rename_origin(workbook):
    workbook["Table 16"]["I16"] = "Atlantis"


def _drop_year(workbook):
    sheet = workbook["Table 16"]
    for row in sheet.iter_rows(max_row=14):
        for cell in row:
            if isinstance(cell.value, str) and "destination, 2015" in cell.value:
                cell.value = cell.value.replace(", 2015", "")


def _text_value(workbook):
    workbook["Table 16"]["F17"] = "about 240 million"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_rename_origin, "line 16, column 9: the origin 'Atlantis' is not a country"),
        (_drop_year, "does not give the year of the stock"),
        (_text_value, "first on line 17, column Total: not a number ('about 240 million')"),
    ],
)
def test_faults_fail_clearly_and_write_nothing(workbook_copy, change, message):
    job = run(workbook_copy(f"{change.__name__}.xlsx", change))
    assert job.status == "failed" and message in job.error
    assert not Observation.objects.exists()
