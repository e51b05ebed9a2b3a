"""The admin and API entry points of the import pipeline."""

import csv
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from imdi_portal.stats.models import ImportJob, Observation
from tests.imdi_portal.factories import UserFactory
from tests.imdi_portal.hostile import HOSTILE, neutralised
from tests.stats.factories import ImportJobFactory
from tests.stats.wdi_files import write_wdi

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "imdi_portal" / "stats" / "data" / "wdi"
NETM = DATA / "API_SM.POP.NETM_DS2_en_csv_v2_3401672.csv"
CORPUS = Path(__file__).parent / "import_corpus"


def upload(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")


@pytest.fixture
def secretariat_api(api_client):
    api_client.force_authenticate(UserFactory(secretariat=True))
    return api_client


def test_api_upload_queues_and_runs_the_import(secretariat_api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_api.post(
            "/api/v1/imports/", {"source": "wdi", "file": upload(NETM)}, format="multipart"
        )
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "queued" and response["Location"] == body["url"]
    assert type(response.headers["Location"]) is str  # wsgiref refuses str subclasses
    status = secretariat_api.get(f"/api/v1/imports/{body['id']}/").json()
    assert (status["status"], status["created"], status["percent"]) == ("succeeded", 16960, 100)
    assert Observation.objects.count() == 16960
    job = ImportJob.objects.get()
    assert job.original_name == NETM.name and job.file.name.startswith("imports/wdi/")
    assert job.created_by.groups.get().name == "Secretariat"


def test_api_reports_a_bad_file_through_the_job(
    secretariat_api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_api.post(
            "/api/v1/imports/",
            {"source": "wdi", "file": upload(CORPUS / "14_non_numeric_value.csv")},
            format="multipart",
        )
    job = secretariat_api.get(response.json()["url"]).json()
    assert job["status"] == "failed"
    assert "line 6, column 2018: not a number" in job["error"]
    assert job["errors"][0] == {
        "line": 6,
        "column": "2018",
        "value": "abc",
        "message": "not a number",
    }
    assert not Observation.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"source": "wdi"}, "file"),
        ({"source": "nope", "file": None}, "source"),
        ({"source": "wdi", "file": None, "country": "France"}, "country"),
    ],
)
def test_api_rejects_bad_payloads_with_the_field_named(secretariat_api, data, field):
    if "file" in data:
        data["file"] = upload(NETM)
    response = secretariat_api.post("/api/v1/imports/", data, format="multipart")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not ImportJob.objects.exists()


def test_api_refuses_an_oversize_upload(secretariat_api, settings):
    settings.IMPORT_MAX_BYTES = 100
    response = secretariat_api.post(
        "/api/v1/imports/", {"source": "wdi", "file": upload(NETM)}, format="multipart"
    )
    assert response.status_code == 400
    assert "over the size limit" in response.json()["errors"]["file"][0]
    assert not ImportJob.objects.exists()


def test_imports_api_is_for_staff_with_the_permission(api_client):
    assert api_client.get("/api/v1/imports/").status_code == 401
    api_client.force_authenticate(UserFactory(submitter=True))
    response = api_client.post(
        "/api/v1/imports/", {"source": "wdi", "file": upload(NETM)}, format="multipart"
    )
    assert response.status_code == 403
    assert "Secretariat" in response.json()["detail"]
    api_client.force_authenticate(UserFactory(is_staff=True))  # staff, but no import role
    assert api_client.get("/api/v1/imports/").status_code == 403
    assert not ImportJob.objects.exists()


def test_admin_upload_redirects_to_the_progress_page(client, django_capture_on_commit_callbacks):
    client.force_login(UserFactory(secretariat=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/stats/importjob/add/", {"source": "wdi", "file": upload(NETM)}
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/stats/importjob/{job.pk}/progress/"
    html = client.get(response["Location"]).content.decode()
    assert "Succeeded" in html and ">16960<" in html
    assert 'http-equiv="refresh"' not in html  # finished: no more reloading


def test_admin_upload_form_shows_errors_and_writes_nothing(client):
    client.force_login(UserFactory(secretariat=True))
    response = client.post("/admin/stats/importjob/add/", {"source": "wdi"})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_progress_page_refreshes_itself_while_the_job_runs(client):
    client.force_login(UserFactory(secretariat=True))
    job = ImportJobFactory(status="running", rows_total=200, rows_processed=50)
    html = client.get(f"/admin/stats/importjob/{job.pk}/progress/").content.decode()
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in html
    assert '<progress class="import-bar" max="100" value="25"' in html
    assert f'data-status-url="/api/v1/imports/{job.pk}/"' in html
    assert "js/import-progress.js" in html


def test_error_report_download(client, django_capture_on_commit_callbacks, tmp_path):
    from tests.stats.wdi_files import write_wdi

    client.force_login(UserFactory(secretariat=True))
    path = write_wdi(tmp_path / "mixed.csv", {"SEN": {"2017": "x"}, "KEN": {"2018": "2"}})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/stats/importjob/add/",
            {"source": "wdi", "file": upload(path), "skip_invalid": "on"},
        )
    job = ImportJob.objects.get()
    response = client.get(f"/admin/stats/importjob/{job.pk}/errors.csv")
    body = b"".join(response.streaming_content).decode()
    assert response["Content-Type"] == "text/csv"
    assert body.splitlines() == ["line,column,value,message", "6,2017,x,not a number"]


def test_submitters_cannot_upload_in_the_admin(submitter_client):
    response = submitter_client.get("/admin/stats/importjob/add/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_upload_while_the_broker_is_down_is_refused_with_a_message(
    reference_data, api_client, monkeypatch
):
    """Transactional, like a real request: the task is sent as soon as the job is saved."""
    from kombu.exceptions import OperationalError

    from imdi_portal.stats.tasks import import_job_run_task

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(import_job_run_task, "delay", broker_down)
    api_client.force_authenticate(UserFactory(secretariat=True))
    response = api_client.post(
        "/api/v1/imports/", {"source": "wdi", "file": upload(NETM)}, format="multipart"
    )
    assert response.status_code == 503
    assert "task queue is unreachable" in response.json()["detail"]
    job = ImportJob.objects.get()
    assert job.status == "failed" and not Observation.objects.exists()


def test_import_job_list_in_the_admin_links_to_progress(client):
    client.force_login(UserFactory(secretariat=True))
    job = ImportJobFactory(status="succeeded", created=3, original_name="API_X.csv")
    html = client.get("/admin/stats/importjob/").content.decode()
    assert "API_X.csv" in html and "created=3 updated=0 unchanged=0 rejected=0 skipped=0" in html
    assert f"/admin/stats/importjob/{job.pk}/progress/" in html


def test_a_dry_run_in_the_job_list_says_nothing_was_written(client):
    client.force_login(UserFactory(secretariat=True))
    ImportJobFactory(status="succeeded", created=3, options={"dry_run": True})
    html = client.get("/admin/stats/importjob/").content.decode()
    assert "dry run, nothing written: created=3 updated=0" in html


def test_error_report_neutralises_formula_like_values(
    client, django_capture_on_commit_callbacks, tmp_path
):
    """#21: the rejected values of a file are its text; opened in a spreadsheet, the report
    must show them, not compute them."""
    # "+1" is a number to the importer (accepted); the others are refused, as is =1+1.
    refused = ["=1+1", *(text for text in HOSTILE if text != "+1")]
    years = tuple(str(year) for year in range(2015, 2015 + len(refused) + 1))
    # write_wdi quotes each cell as it is: the quotes of =HYPERLINK("...") are doubled here.
    cells = [text.replace('"', '""') for text in [*refused, "+1"]]
    values = dict(zip(years, cells, strict=True))
    client.force_login(UserFactory(secretariat=True))
    path = write_wdi(tmp_path / "hostile.csv", {"SEN": values}, years=years)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/stats/importjob/add/",
            {"source": "wdi", "file": upload(path), "skip_invalid": "on"},
        )
    job = ImportJob.objects.get()
    response = client.get(f"/admin/stats/importjob/{job.pk}/errors.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {row["column"]: row["value"] for row in rows} == {
        year: neutralised(text) for year, text in zip(years, refused, strict=False)
    }
    assert [row["line"] for row in rows] == ["6"] * len(refused)  # a whole number, unchanged
