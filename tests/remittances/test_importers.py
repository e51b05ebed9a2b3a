"""The remittance importers on the real World Bank files shipped with the app, and on bad
input. Expected counts and values are read from the files here, not from the importer."""

import csv
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command

from imdi_portal.stats.models import Observation
from imdi_portal.stats.services import import_job_create, import_job_run
from remittances.models import RemittanceService
from tests.stats.reports import error_report

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "remittances/data"
MATRIX = DATA / "knomad/WB_Bilateral_Remittance_Estimates_2017.xlsx"
CORRIDORS = DATA / "rpw/rpw_corridors_databank_2011Q1-2020Q3_subset.csv"
SAMPLE = DATA / "rpw/rpw_providers_SAMPLE.csv"


def run(source: str, path: Path, **options):
    return import_job_run(job_id=import_job_create(source=source, path=path, **options).pk)


def matrix_cells() -> int:
    """Positive estimates between named countries, counted from the workbook."""
    sheet = openpyxl.load_workbook(MATRIX, read_only=True, data_only=True)[
        "Bilateral_Remittances_2017"
    ]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[1]
    # Kosovo and the Channel Islands send and receive as their statistical areas; the
    # former Netherlands Antilles has none.
    skip = {"WORLD", "Netherlands Antilles"}
    return sum(
        1
        for row in rows[2:]
        if row[0] and row[0] != "WORLD" and row[0] != "Notes:"
        for name, cell in zip(header[1:], row[1:], strict=False)
        if name not in skip and isinstance(cell, int | float) and cell > 0
    )


def corridor_rows() -> list[list[str]]:
    with CORRIDORS.open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    end = next(i for i, r in enumerate(rows) if not any(r))
    return rows[:end]


def test_bilateral_matrix_loads_every_estimate(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the totals' recomputation
        job = run("knomad", MATRIX)
    assert (job.status, job.rejected) == ("succeeded", 0), job.error
    assert job.created == matrix_cells() == 11901
    flows = Observation.objects.filter(indicator__code="KNOMAD.BILATERAL")
    # Read in the workbook: United States (row) to Mexico (column), US$ millions.
    usa_mex = flows.get(area_code="USA", counterpart_code="MEX")
    assert usa_mex.value == pytest.approx(30019.1870256556)
    assert (usa_mex.period, usa_mex.vintage) == ("2017", "April 2018 Version")
    # World Bank spellings resolved to ISO: "Korea, Rep." sends to "Vietnam".
    assert flows.filter(area_code="KOR", counterpart_code="VNM").exists()
    # Totals are never countries; non-ISO senders are kept against their statistical areas.
    assert not flows.filter(area_code__in=["WLD", "WORLD"]).exists()
    assert flows.filter(area_code="CHI", area__code="CHI").exists()
    # ... and so are non-ISO receivers (Kosovo receives from Germany, Switzerland, ...).
    to_kosovo = flows.filter(counterpart_code="XKX")
    assert to_kosovo.filter(area_code="DEU", counterpart_area__code="XKX").exists()
    kosovo = Observation.objects.get(indicator__code="IMDI.KNOMAD.RECEIVED", area_code="XKX")
    assert kosovo.value == pytest.approx(
        sum(f.value for f in to_kosovo.filter(country__isnull=False))
    )
    assert job.skipped_reasons["matrix total"] > 0
    received = Observation.objects.get(indicator__code="IMDI.KNOMAD.RECEIVED", area_code="MEX")
    assert received.value == pytest.approx(
        sum(f.value for f in flows.filter(counterpart_code="MEX"))
    )

    again = run("knomad", MATRIX)
    assert (again.created, again.updated, again.unchanged) == (0, 0, job.created)


def test_corridor_averages_load_every_published_value():
    rows = corridor_rows()
    expected = sum(
        1 for row in rows[1:] if "ANT" not in {row[1], row[5]} for cell in row[6:] if cell != ".."
    )
    job = run("rpw", CORRIDORS)
    assert (job.status, job.rejected) == ("succeeded", 0), job.error
    assert job.created == expected == 3612
    # United Kingdom -> Pakistan, 2020Q3, as published.
    gbr_pak = Observation.objects.get(
        indicator__code="ATCR.CORR", area_code="GBR", counterpart_code="PAK", period="2020-Q3"
    )
    assert gbr_pak.value == pytest.approx(2.75437498092651)
    assert run("rpw", CORRIDORS).unchanged == expected


def test_provider_rows_load_as_labelled_sample_data():
    job = run("rpw", SAMPLE)
    assert (job.status, job.created, job.rejected) == ("succeeded", 36, 0), job.error
    assert RemittanceService.objects.filter(is_sample=False).count() == 0
    hidden = RemittanceService.objects.get(
        firm="Sample Transfer Operator F", period="2020-Q3", sending__iso3="FRA"
    )
    assert (hidden.transparent, hidden.total_cost_200) == (False, None)
    again = run("rpw", SAMPLE)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 36)


HEADER = (
    "period,source_code,destination_code,firm,firm_type,product,payment instrument,"
    "access point,speed_actual,cc1 fee %,cc1 fx margin,cc1 total cost %,transparent\n"
)


def write(tmp_path: Path, body: str, name: str = "rpw.csv") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_provider_file_is_updated_by_a_new_release(tmp_path):
    row = "2020_3Q,GBR,PAK,Firm A,Bank,P,Cash,Cash pick-up,Next day,{fee},1.0,{total},yes\n"
    run("rpw", write(tmp_path, HEADER + row.format(fee="2.0", total="3.0")))
    job = run("rpw", write(tmp_path, HEADER + row.format(fee="1.0", total="2.0"), "v2.csv"))
    assert (job.created, job.updated) == (0, 1)
    assert float(RemittanceService.objects.get().total_cost_200) == 2.0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            HEADER + "2020_3Q,GBR,PAK,Firm A,Bank,P,Cash,Cash,Next day,2.0,1.0,9.0,yes\n",
            "the total cost must be the fee plus the exchange-rate margin",
        ),
        (
            HEADER + "2020_3Q,GBR,ZZZ,Firm A,Bank,P,Cash,Cash,Next day,2.0,1.0,3.0,yes\n",
            "not an ISO 3166-1 alpha-3 code",
        ),
        (
            HEADER + "2020 autumn,GBR,PAK,Firm A,Bank,P,Cash,Cash,Next day,2.0,1.0,3.0,yes\n",
            "expected a quarter",
        ),
        (
            HEADER + "2020_3Q,GBR,PAK,Firm A,Hawala,P,Cash,Cash,Next day,2.0,1.0,3.0,yes\n",
            "expected Bank, Money Transfer Operator",
        ),
        (
            HEADER + "2020_3Q,GBR,PAK,Firm A,Bank,P,Cash,Cash,Next day,2.0,1.0,3.0,maybe\n",
            "expected yes or no",
        ),
        (
            HEADER + "2020_3Q,GBR,PAK,Firm A,Bank,P,Cash,Cash,Next day,two,1.0,3.0,yes\n",
            "not a number",
        ),
        ("period,firm\n2020_3Q,Firm A\n", "lacks the column(s) sending, receiving"),
        (
            HEADER + "2020_3Q,GBR,PAK,Firm A,Bank,P,Cash,Cash,Next day,2.0,1.0,3.0,yes\n" * 2,
            "listed twice",
        ),
    ],
)
def test_bad_provider_files_fail_clearly_and_write_nothing(tmp_path, body, message):
    good = "2020_3Q,GBR,IND,Firm B,Bank,P,Cash,Cash,Next day,2.0,1.0,3.0,yes\n"
    if body.startswith(HEADER):  # one good row first: it must not be written either
        body = HEADER + good + body.removeprefix(HEADER)
    job = run("rpw", write(tmp_path, body))
    assert job.status == "failed"
    assert message in job.error
    assert not RemittanceService.objects.exists()


MIXED_SERVICES = HEADER + (
    "2020_3Q,GBR,PAK,Firm A,Bank,P,Cash,Cash pick-up,Next day,2.0,1.0,3.0,yes\n"
    "2020_3Q,GBR,IND,Firm B,Bank,P,Cash,Cash,Next day,2.0,1.0,9.0,yes\n"  # wrong total
    "2020_3Q,GBR,ZZZ,Firm C,Hawala,P,Cash,Cash,Next day,2.0,1.0,3.0,yes\n"  # two problems
    "2020_3Q,GBR,PAK,Firm A,Bank,P,Cash,Cash pick-up,Next day,2.0,1.0,3.0,yes\n"  # twice
    "2020_3Q,FRA,SEN,Firm D,Bank,P,Cash,Cash,Same day,1.0,1.0,2.0,no\n"
)


def test_provider_file_with_skip_invalid_loads_the_valid_services(tmp_path):
    job = run("rpw", write(tmp_path, MIXED_SERVICES), skip_invalid=True)
    assert job.status == "succeeded", job.error
    assert (job.created, job.updated, job.unchanged, job.rejected) == (2, 0, 0, 3)
    assert job.created + job.rejected == 5  # the file's rows
    assert sorted(RemittanceService.objects.values_list("firm", flat=True)) == [
        "Firm A",
        "Firm D",
    ]
    report = error_report(job)
    assert [row[:2] for row in report] == [
        ("3", "total_cost_200"),
        ("4", "receiving"),
        ("4", "firm_type"),
        ("5", "firm"),
    ]
    assert report[0][3].startswith("the total cost must be the fee plus the exchange-rate")
    assert report[1][2:] == ("ZZZ", "not an ISO 3166-1 alpha-3 code")
    assert report[3][3].endswith("is listed twice (first on line 2)")


def test_provider_file_without_skip_invalid_writes_nothing(tmp_path):
    job = run("rpw", write(tmp_path, MIXED_SERVICES))
    assert job.status == "failed"
    assert "3 of the file's 5 records failed validation, nothing was imported" in job.error
    assert "line 4, receiving: not an ISO 3166-1 alpha-3 code ('ZZZ')" in job.error
    assert not RemittanceService.objects.exists()


def test_provider_file_dry_run_from_the_command_line_writes_nothing(tmp_path, capsys):
    path = write(tmp_path, MIXED_SERVICES)
    call_command("import_data", "rpw", str(path), "--skip-invalid", "--dry-run")
    out = capsys.readouterr().out
    assert "dry run: nothing was written" in out
    assert out.strip().splitlines()[-1] == "created=2 updated=0 unchanged=0 rejected=3 skipped=0"
    assert not RemittanceService.objects.exists()


def test_bad_corridor_export_names_line_and_column(tmp_path):
    rows = corridor_rows()
    lines = [",".join(rows[0]), ",".join([*rows[1][:6], "abc", *rows[1][7:]])]
    job = run("rpw", write(tmp_path, "\n".join(lines) + "\n"))
    assert job.status == "failed"
    assert "line 2, column 2011-Q1: not a number" in job.error
    assert not Observation.objects.exists()


def test_matrix_with_an_unknown_country_fails(tmp_path):
    path = write(
        tmp_path,
        "Bilateral Remittance Estimates for 2017 (April 2018 Version)\n"
        "receiving (across) / sending (down),France,Atlantis\n"
        "Senegal,1.5,2\n",
        "matrix.csv",
    )
    job = run("knomad", path)
    assert job.status == "failed"
    assert "unknown receiving country name(s) in the header: Atlantis" in job.error
