"""Deciding on an import awaiting review in the admin and through the API, and what a job
says of the values it left out (issue 20, defects 2 and 3)."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from imdi_portal.stats.models import ImportJob, Observation, ObservationRevision, ObservationStaging
from tests.imdi_portal.factories import UserFactory
from tests.stats.factories import ImportJobFactory
from tests.stats.test_import_review import BASE, published, revised, run, wdi

pytestmark = pytest.mark.django_db


@pytest.fixture
def awaiting(tmp_path) -> ImportJob:
    """Two of 20 published values revised by 10 %: 10 % of the indicator, over 5 %."""
    run(wdi(tmp_path / "v1.csv", BASE, vintage="2021-09-15"))
    job = run(wdi(tmp_path / "v2.csv", revised(SEN_2019="1100", KEN_2015="220")))
    assert job.status == "review"
    return job


@pytest.fixture
def viewer(client):
    """Staff who may see import jobs but not run imports."""
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_importjob"))
    client.force_login(user)
    return client


def page(client, job: ImportJob) -> str:
    response = client.get(f"/admin/stats/importjob/{job.pk}/progress/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_job_page_shows_the_largest_changes_and_the_buttons(secretariat_client, awaiting):
    html = page(secretariat_client, awaiting)
    assert "Awaiting review: nothing has been written yet" in html
    # Senegal 2019: 1,000 -> 1,100, +10 %; 2 of 20 values, a share of 10 %.
    assert "Senegal <code>SEN</code></td><td>—</td><td>2019</td><td>T</td>" in html
    assert "<td>1,000</td><td>1,100</td><td>10.0 %</td>" in html
    assert "<td>20</td><td>2</td><td>10.0 %</td><td>10.0 %</td><td>yes</td>" in html
    assert f'action="/admin/stats/importjob/{awaiting.pk}/apply/"' in html
    assert f'action="/admin/stats/importjob/{awaiting.pk}/discard/"' in html
    assert "csrfmiddlewaretoken" in html
    assert 'data-finished="1"' in html  # waits for a person: no polling


def test_the_job_from_the_list_opens_its_report_with_the_buttons(secretariat_client, awaiting):
    # The list links each job to its change address; that is the report, not a raw form.
    response = secretariat_client.get(f"/admin/stats/importjob/{awaiting.pk}/change/")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/stats/importjob/{awaiting.pk}/progress/"
    html = secretariat_client.get(response["Location"]).content.decode()
    assert "Apply the revisions" in html and "Discard the import" in html


def test_apply_in_the_admin_writes_the_values_and_records_who(secretariat_client, awaiting):
    response = secretariat_client.post(f"/admin/stats/importjob/{awaiting.pk}/apply/", follow=True)
    assert "The revisions were applied" in response.content.decode()
    awaiting.refresh_from_db()
    assert (awaiting.status, awaiting.reviewed_by) == ("succeeded", secretariat_client.user)
    assert published("SEN", "2019") == 1100 and published("KEN", "2015") == 220
    assert ObservationRevision.objects.count() == 2
    html = page(secretariat_client, awaiting)
    assert f"Revisions applied by {secretariat_client.user.username} on " in html
    assert f"/admin/stats/importjob/{awaiting.pk}/apply/" not in html


def test_discard_in_the_admin_writes_nothing(secretariat_client, awaiting):
    response = secretariat_client.post(
        f"/admin/stats/importjob/{awaiting.pk}/discard/", follow=True
    )
    assert "The import was discarded" in response.content.decode()
    awaiting.refresh_from_db()
    assert awaiting.status == "discarded"
    html = page(secretariat_client, awaiting)
    assert f"Discarded by {secretariat_client.user.username} on " in html
    assert "it was discarded, nothing was written" in html  # its counts say "would have"
    assert published("SEN", "2019") == 1000
    assert not ObservationStaging.objects.exists() and not ObservationRevision.objects.exists()


def test_deciding_twice_gives_a_message_not_an_error(secretariat_client, awaiting):
    secretariat_client.post(f"/admin/stats/importjob/{awaiting.pk}/discard/")
    response = secretariat_client.post(f"/admin/stats/importjob/{awaiting.pk}/apply/", follow=True)
    assert response.status_code == 200
    assert "is not awaiting review (it is Discarded)" in response.content.decode()
    assert published("SEN", "2019") == 1000


def test_the_buttons_take_posts_only(secretariat_client, awaiting):
    response = secretariat_client.get(f"/admin/stats/importjob/{awaiting.pk}/apply/")
    assert response.status_code == 405
    awaiting.refresh_from_db()
    assert awaiting.status == "review"


@pytest.mark.parametrize("action", ["apply", "discard"])
def test_staff_without_the_import_permission_cannot_decide(viewer, awaiting, action):
    html = page(viewer, awaiting)
    assert f"/admin/stats/importjob/{awaiting.pk}/{action}/" not in html
    assert "The Secretariat decides" in html
    response = viewer.post(f"/admin/stats/importjob/{awaiting.pk}/{action}/")
    assert response.status_code == 403
    awaiting.refresh_from_db()
    assert awaiting.status == "review" and awaiting.reviewed_by is None
    assert published("SEN", "2019") == 1000
    assert ObservationStaging.objects.filter(job_id=awaiting.pk).count() == 20


def test_the_job_list_shows_the_status_and_skipped(secretariat_client, awaiting):
    ImportJobFactory(status="succeeded", skipped=7, skipped_reasons={"regional aggregate": 7})
    html = secretariat_client.get("/admin/stats/importjob/").content.decode()
    assert "Awaiting review" in html
    assert "would be: created=0 updated=2 unchanged=18 rejected=0 skipped=0" in html
    assert '<td class="field-skipped">7</td>' in html


def test_the_job_page_and_json_say_what_was_left_out(secretariat_client, api_client):
    job = ImportJobFactory(
        status="succeeded",
        skipped=51,
        skipped_reasons={"regional aggregate": 48, "note row": 3},
    )
    html = page(secretariat_client, job)
    assert '<td data-field="skipped">51</td>' in html
    assert "51 values of the file were left out on purpose: 48 regional aggregate, 3 note row." in (
        html
    )
    api_client.force_authenticate(secretariat_client.user)
    body = api_client.get(f"/api/v1/imports/{job.pk}/").json()
    assert body["skipped"] == 51
    assert body["skipped_reasons"] == {"regional aggregate": 48, "note row": 3}
    assert body["skipped_line"] == "48 regional aggregate, 3 note row"


def test_a_finished_job_that_left_nothing_out_says_so(secretariat_client):
    html = page(secretariat_client, ImportJobFactory(status="succeeded"))
    assert '<td data-field="skipped">0</td>' in html
    assert "No value of the file was left out." in html


# --- API ----------------------------------------------------------------------------------


@pytest.fixture
def secretariat_api(api_client):
    user = UserFactory(secretariat=True)
    api_client.force_authenticate(user)
    api_client.user = user
    return api_client


def upload(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")


def post_file(client, path: Path, **fields):
    return client.post(
        "/api/v1/imports/", {"source": "wdi", "file": upload(path), **fields}, format="multipart"
    )


def test_api_job_in_review_carries_the_summary(
    tmp_path, secretariat_api, django_capture_on_commit_callbacks
):
    run(wdi(tmp_path / "v1.csv", BASE, vintage="2021-09-15"))
    with django_capture_on_commit_callbacks(execute=True):
        response = post_file(secretariat_api, wdi(tmp_path / "v2.csv", revised(SEN_2019="1600")))
    body = secretariat_api.get(response.json()["url"]).json()
    assert (body["status"], body["status_label"], body["updated"]) == (
        "review",
        "Awaiting review",
        1,
    )
    review = body["review"]
    assert "context" not in review
    assert review["indicators"][0]["changing"] == 1 and review["staged"] == 20
    assert review["largest"][0]["before"] == 1000 and review["largest"][0]["after"] == 1600
    assert review["thresholds"] == {"share": 0.05, "change": 0.5}
    assert published("SEN", "2019") == 1000


def test_api_accept_revisions_applies_at_once(
    tmp_path, secretariat_api, django_capture_on_commit_callbacks
):
    run(wdi(tmp_path / "v1.csv", BASE, vintage="2021-09-15"))
    with django_capture_on_commit_callbacks(execute=True):
        response = post_file(
            secretariat_api,
            wdi(tmp_path / "v2.csv", revised(SEN_2019="1600")),
            accept_revisions="true",
        )
    body = secretariat_api.get(response.json()["url"]).json()
    assert (body["status"], body["updated"]) == ("succeeded", 1)
    # The revision past the thresholds is on record, accepted by whoever started the import.
    assert body["review"]["accepted_at_start"] is True
    assert body["review"]["largest"][0]["after"] == 1600
    assert published("SEN", "2019") == 1600


def test_api_apply(secretariat_api, awaiting):
    response = secretariat_api.post(f"/api/v1/imports/{awaiting.pk}/apply/")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["updated"], body["reviewed_by"]) == (
        "succeeded",
        2,
        str(secretariat_api.user),
    )
    assert published("SEN", "2019") == 1100
    again = secretariat_api.post(f"/api/v1/imports/{awaiting.pk}/apply/")
    assert again.status_code == 409 and "not awaiting review" in again.json()["detail"]


def test_api_discard(secretariat_api, awaiting):
    response = secretariat_api.post(f"/api/v1/imports/{awaiting.pk}/discard/")
    assert (response.status_code, response.json()["status"]) == (200, "discarded")
    assert published("SEN", "2019") == 1000
    assert not ObservationStaging.objects.exists()


@pytest.mark.parametrize("action", ["apply", "discard"])
def test_api_decisions_are_for_staff_with_the_import_permission(api_client, awaiting, action):
    assert api_client.post(f"/api/v1/imports/{awaiting.pk}/{action}/").status_code == 401
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_importjob"))
    api_client.force_authenticate(viewer)
    assert api_client.post(f"/api/v1/imports/{awaiting.pk}/{action}/").status_code == 403
    awaiting.refresh_from_db()
    assert awaiting.status == "review"
    assert published("SEN", "2019") == 1000
    assert Observation.objects.count() == 20


def test_api_refuses_another_file_of_the_source_while_one_awaits_review(
    tmp_path, secretariat_api, awaiting
):
    response = post_file(secretariat_api, wdi(tmp_path / "v3.csv", revised(FRA_2015="1")))
    assert response.status_code == 400
    assert f"import job #{awaiting.pk}" in response.json()["errors"]["file"][0]
    assert ImportJob.objects.count() == 2  # the first import and the one awaiting review


def test_the_schema_documents_the_decisions(api_client):
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    apply = paths["/api/v1/imports/{id}/apply/"]["post"]
    assert "requestBody" not in apply
    assert set(apply["responses"]) >= {"200", "403", "409"}
    assert "/api/v1/imports/{id}/discard/" in paths
    job = schema.json()["components"]["schemas"]["ImportJob"]["properties"]
    assert {"review", "skipped", "skipped_reasons", "skipped_line"} <= set(job)


def test_the_buttons_need_the_csrf_token(awaiting):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(secretariat=True))
    response = client.post(f"/admin/stats/importjob/{awaiting.pk}/apply/")
    assert response.status_code == 403
    awaiting.refresh_from_db()
    assert awaiting.status == "review" and published("SEN", "2019") == 1000
