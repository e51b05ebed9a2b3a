"""KNOMAD matrices as republished (#21, defect 8): no title line, the year only in the file
name or given as `year` (--year, the upload form, the API), the header lower down, blank
rows and columns. The workbooks are built here; their figures are test values."""

from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from imdi_portal.stats.models import ImportJob, Observation
from imdi_portal.stats.services import import_job_create, import_job_run
from tests.imdi_portal.factories import UserFactory

pytestmark = pytest.mark.django_db

CORNER = "Remittance-receiving country (across) - Remittance-sending country (down)"
TITLE = (
    "Bilateral Remittance Estimates for 2017 using Migrant Stocks, Host Country Incomes, "
    "and Origin Country Incomes (millions of US$) (April 2018 Version)"
)
TABLE = [[CORNER, "Mexico", "India"], ["United States", 10.5, 2.25]]


def workbook(path: Path, rows: list[list]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def run(path: Path, **kwargs):
    return import_job_run(job_id=import_job_create(source="knomad", path=path, **kwargs).pk)


def stored() -> set[tuple]:
    return set(
        Observation.objects.filter(indicator__code="KNOMAD.BILATERAL").values_list(
            "area_code", "counterpart_code", "period", "value"
        )
    )


def expected(year: str) -> set[tuple]:
    return {("USA", "MEX", year, 10.5), ("USA", "IND", year, 2.25)}


def test_no_title_and_the_year_in_the_file_name(tmp_path):
    job = run(workbook(tmp_path / "bilateral_remittance_matrix_2018.xlsx", TABLE))
    assert (job.status, job.rejected) == ("succeeded", 0), job.error
    assert stored() == expected("2018")


def test_no_title_and_the_year_option(tmp_path):
    job = run(workbook(tmp_path / "matrix.xlsx", TABLE), year="2016")
    assert job.status == "succeeded", job.error
    assert stored() == expected("2016")


def test_the_option_wins_over_the_file_name(tmp_path):
    job = run(workbook(tmp_path / "matrix_2018.xlsx", TABLE), year="2017")
    assert job.status == "succeeded", job.error
    assert stored() == expected("2017")


def test_the_title_wins_over_the_option_and_the_file_name(tmp_path):
    path = workbook(tmp_path / "matrix_2019.xlsx", [[TITLE], *TABLE])
    job = run(path, year="2016")
    assert job.status == "succeeded", job.error
    assert stored() == expected("2017")


def test_two_years_in_the_file_name_are_not_guessed(tmp_path):
    # The 2017 matrix published in April 2018, as the World Bank names the file.
    job = run(workbook(tmp_path / "Bilateralremittancematrix2017Apr2018.xlsx", TABLE))
    assert job.status == "failed"
    assert "2017 and 2018" in job.error and "--year" in job.error
    assert not Observation.objects.exists()


def test_the_same_file_with_the_year_given(tmp_path):
    path = workbook(tmp_path / "Bilateralremittancematrix2017Apr2018.xlsx", TABLE)
    job = run(path, year="2017")
    assert job.status == "succeeded", job.error
    assert stored() == expected("2017")


def test_a_header_lower_down_with_blank_rows_and_columns(tmp_path):
    rows = [
        [],
        [None, "Test workbook, republished (test values)"],
        [],
        [],
        [None, CORNER, None, "Mexico", "India"],
        [],
        [None, "United States", None, 10.5, 2.25],
        [],
        [None, "Notes: test values"],
    ]
    job = run(workbook(tmp_path / "remittances_matrix_2018.xlsx", rows))
    assert (job.status, job.rejected) == ("succeeded", 0), job.error
    assert stored() == expected("2018")


def test_a_title_in_the_second_column(tmp_path):
    rows = [[None, TITLE], [None, *TABLE[0]], [None, *TABLE[1]]]
    job = run(workbook(tmp_path / "matrix.xlsx", rows))
    assert job.status == "succeeded", job.error
    assert stored() == expected("2017")


def test_a_malformed_year_option_is_refused(tmp_path):
    with pytest.raises(CommandError, match="year"):
        call_command("import_data", "knomad", str(workbook(tmp_path / "m.xlsx", TABLE)), year="17")
    assert not ImportJob.objects.exists()


def test_the_command_takes_year(tmp_path):
    call_command("import_data", "knomad", str(workbook(tmp_path / "m.xlsx", TABLE)), year="2015")
    assert stored() == expected("2015")


def test_the_api_takes_year(api_client, tmp_path, django_capture_on_commit_callbacks):
    path = workbook(tmp_path / "m.xlsx", TABLE)
    api_client.force_authenticate(UserFactory(secretariat=True))
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(
            "/api/v1/imports/",
            {"source": "knomad", "file": upload, "year": "2014"},
            format="multipart",
        )
    assert response.status_code in (201, 202), response.content
    assert ImportJob.objects.get().options["year"] == "2014"
    assert stored() == expected("2014")


def test_the_admin_upload_form_takes_year(client, tmp_path, django_capture_on_commit_callbacks):
    path = workbook(tmp_path / "m.xlsx", TABLE)
    client.force_login(UserFactory(secretariat=True))
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/stats/importjob/add/", {"source": "knomad", "file": upload, "year": "2013"}
        )
    assert response.status_code == 302
    assert ImportJob.objects.get().options["year"] == "2013"
    assert stored() == expected("2013")
