"""Odd values in the remittance files (#21): negative costs, missing-value markers, numbers
by Python's grammar. Files made here; values are test data, not statistics."""

from pathlib import Path

import pytest

from imdi_portal.stats.models import Observation
from imdi_portal.stats.services import import_job_create, import_job_run
from remittances.models import RemittanceService
from tests.remittances.test_knomad_layouts import CORNER, TITLE, matrix

pytestmark = pytest.mark.django_db

CORRIDOR_HEADER = (
    "Sending Countries Name,Sending Countries Code,Series Name,Series Code,"
    "Receiving Countries Name,Receiving Countries Code,2020Q1 [YR2020Q1],2020Q2 [YR2020Q2]\n"
)
SERVICES_HEADER = (
    "period,source_code,destination_code,firm,firm_type,product,payment instrument,"
    "access point,speed_actual,cc1 fee %,cc1 fx margin,cc1 total cost %,transparent\n"
)


def run(source: str, path: Path, **options):
    return import_job_run(job_id=import_job_create(source=source, path=path, **options).pk)


def corridors(tmp_path: Path, *values: tuple[str, str]) -> Path:
    rows = [
        f"United Kingdom,GBR,Average Total Cost to remit in corridor,ATCR.CORR,{name},{code},"
        f"{first},5.5\n"
        for (name, code), first in zip(
            [("Pakistan", "PAK"), ("India", "IND"), ("Nigeria", "NGA")], values, strict=False
        )
    ]
    path = tmp_path / "corridors.csv"
    path.write_text(CORRIDOR_HEADER + "".join(rows), encoding="utf-8")
    return path


def services(tmp_path: Path, fee: str, margin: str, total: str) -> Path:
    path = tmp_path / "services.csv"
    path.write_text(
        SERVICES_HEADER
        + f"2020_3Q,GBR,PAK,Firm A,Bank,P,Cash,Cash pick-up,Next day,{fee},{margin},{total},yes\n",
        encoding="utf-8",
    )
    return path


def test_a_small_negative_corridor_average_is_a_published_rate(tmp_path):
    job = run("rpw", corridors(tmp_path, "-0.215"))
    assert (job.status, job.created) == ("succeeded", 2), job.error
    assert Observation.objects.get(period="2020-Q1").value == -0.215


@pytest.mark.parametrize("average", ["-5.5", "-99.9"])
def test_a_corridor_average_below_minus_five_percent_is_refused(tmp_path, average):
    job = run("rpw", corridors(tmp_path, "1.5", average))
    assert job.status == "failed"
    assert "line 3, column 2020-Q1: a cost below -5 % of the amount sent is not a price" in (
        job.error
    )
    assert not Observation.objects.exists()


def test_a_negative_exchange_rate_margin_is_a_price(tmp_path):
    job = run("rpw", services(tmp_path, "1.0", "-0.5", "0.5"))
    assert (job.status, job.created) == ("succeeded", 1), job.error
    assert RemittanceService.objects.get().total_cost_200 == pytest.approx(0.5)


def test_a_negative_fee_is_refused(tmp_path):
    job = run("rpw", services(tmp_path, "-1.0", "2.0", "1.0"))
    assert job.status == "failed"
    assert "fee_200: a fee cannot be negative ('-1.0')" in job.error
    assert not RemittanceService.objects.exists()


def test_a_total_cost_below_minus_five_percent_is_refused(tmp_path):
    job = run("rpw", services(tmp_path, "0.0", "-99.9", "-99.9"))
    assert job.status == "failed"
    assert "fx_margin_200: a cost below -5 % of the amount sent is not a price" in job.error
    assert "total_cost_200: a cost below -5 %" in job.error
    assert not RemittanceService.objects.exists()


@pytest.mark.parametrize("fee", ["1_0", "\u0661"])
def test_a_cost_by_python_grammar_only_is_not_a_number(tmp_path, fee):
    job = run("rpw", services(tmp_path, fee, "0.0", "1.0"))
    assert job.status == "failed"
    assert f"fee_200: not a number ({fee!r})" in job.error


def test_knomad_missing_value_markers_are_left_out_and_counted(tmp_path):
    path = matrix(
        tmp_path,
        "Bilateral Remittance Matrix2016",
        TITLE.format(year=2016, version="April 2017"),
        [
            [CORNER, "Mexico", "India", "Pakistan", "Nigeria", "Senegal"],
            ["United States", 28125.9, "n/a", "#N/A", "NA", "N/A*"],
        ],
        [],
    )
    job = run("knomad", path)
    assert job.status == "succeeded", job.error
    assert (job.created, job.rejected) == (1, 0)
    assert job.skipped_reasons == {"missing value marker": 4}
    assert job.created + job.skipped == 5  # every cell of the row
