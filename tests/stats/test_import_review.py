"""Imports that would rewrite published values stop for review (issue 20, defect 2).

The files are small WDI-layout CSVs written here; the expected counts, shares and changes
are worked out by hand from them.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from imdi_portal.core.exceptions import DomainError
from imdi_portal.core.models import Notification
from imdi_portal.stats.models import ImportJob, Observation, ObservationRevision, ObservationStaging
from imdi_portal.stats.services import (
    import_job_apply_revisions,
    import_job_create,
    import_job_discard,
    import_job_fail_stale,
    import_job_run,
)
from tests.imdi_portal.factories import UserFactory
from tests.stats.factories import ImportJobFactory
from tests.stats.wdi_files import write_wdi

pytestmark = pytest.mark.django_db

YEARS = ("2015", "2016", "2017", "2018", "2019")
COUNTRIES = ("SEN", "KEN", "FRA", "DEU")
# 4 countries x 5 years = 20 published values; SEN 2019 is 1000, the others 100..
BASE = {
    country: {year: str(100 * (i + 1) + int(year) - 2015) for year in YEARS}
    for i, country in enumerate(COUNTRIES)
}
BASE["SEN"]["2019"] = "1000"


def wdi(path: Path, rows: dict, *, years=YEARS, vintage="2022-07-01") -> Path:
    return write_wdi(path, rows, years=years, vintage=vintage)


def revised(**changes: str) -> dict:
    """BASE with some values replaced: revised(SEN_2019="1100")."""
    rows = {country: dict(values) for country, values in BASE.items()}
    for key, value in changes.items():
        country, year = key.split("_")
        rows[country][year] = value
    return rows


def run(path: Path, **options) -> ImportJob:
    return import_job_run(job_id=import_job_create(source="wdi", path=path, **options).pk)


def published(area: str, period: str) -> float:
    return Observation.objects.get(
        indicator__code="SM.POP.NETM", area_code=area, period=period
    ).value


@pytest.fixture
def base(tmp_path) -> ImportJob:
    job = run(wdi(tmp_path / "v1.csv", BASE, vintage="2021-09-15"))
    assert (job.status, job.created) == ("succeeded", 20), job.error
    return job


@pytest.fixture
def awaiting(tmp_path, base) -> ImportJob:
    """Two of the 20 values revised (10 % > 5 %), each by 10 % (< 50 %)."""
    job = run(wdi(tmp_path / "v2.csv", revised(SEN_2019="1100", KEN_2015="220")))
    assert job.status == ImportJob.Status.AWAITING_REVIEW, job.error
    return job


def test_revising_more_than_five_percent_of_the_values_stops_in_review(awaiting):
    assert published("SEN", "2019") == 1000 and published("KEN", "2015") == 200
    assert not ObservationRevision.objects.exists()
    assert Observation.objects.count() == 20
    assert ObservationStaging.objects.filter(job_id=awaiting.pk).count() == 20  # kept
    assert (awaiting.created, awaiting.updated, awaiting.unchanged) == (0, 2, 18)
    review = awaiting.review
    [indicator] = review["indicators"]
    assert (indicator["code"], indicator["existing"], indicator["changing"]) == (
        "SM.POP.NETM",
        20,
        2,
    )
    assert indicator["share"] == 0.1 and indicator["needs_review"]
    assert review["changing"] == 2
    assert review["areas"] == ["KEN", "SEN"] and review["periods"] == ["2015", "2019"]
    first, second = review["largest"]
    # Both change by 10 %: the larger absolute change (100 against 20) comes first.
    assert (first["area_code"], first["period"], first["before"], first["after"]) == (
        "SEN",
        "2019",
        1000,
        1100,
    )
    assert first["change"] == pytest.approx(0.1) and first["area_name"] == "Senegal"
    assert (second["area_code"], second["before"], second["after"]) == ("KEN", 200, 220)
    assert first["sex"] == "T" and first["counterpart_code"] == ""
    assert awaiting.finished_at is None and not awaiting.is_finished


def test_the_secretariat_hears_at_once_that_an_import_awaits_review(tmp_path, base):
    secretariat, other = UserFactory(secretariat=True), UserFactory()
    job = run(wdi(tmp_path / "v2.csv", revised(SEN_2019="1100", KEN_2015="220")))
    assert job.status == ImportJob.Status.AWAITING_REVIEW
    notice = Notification.objects.get()
    assert notice.user == secretariat and notice.user != other
    assert f"Import #{job.pk} of v2.csv awaits your review" == notice.subject
    assert "Nothing has been written yet. 2 of 20 values of" in notice.body
    assert notice.url == f"/admin/stats/importjob/{job.pk}/progress/"


def test_one_value_changed_by_more_than_half_stops_in_review(tmp_path, base):
    # One value of 20 is 5 %: not more than the share, but 1000 -> 1600 is +60 %.
    job = run(wdi(tmp_path / "v2.csv", revised(SEN_2019="1600")))
    assert job.status == "review"
    [indicator] = job.review["indicators"]
    assert (indicator["changing"], indicator["share"], indicator["over_change"]) == (1, 0.05, 1)
    assert job.review["largest"][0]["change"] == pytest.approx(0.6)
    assert published("SEN", "2019") == 1000


def test_a_sign_change_counts_as_a_large_change(tmp_path, base):
    job = run(wdi(tmp_path / "v2.csv", revised(SEN_2019="-1000")))
    assert job.status == "review"
    assert job.review["largest"][0]["change"] == pytest.approx(-2.0)


def test_one_value_revised_within_both_thresholds_is_applied(tmp_path, base):
    # 1 of 20 (5 %, not more) by +40 % (not more than 50 %).
    job = run(wdi(tmp_path / "v2.csv", revised(SEN_2019="1400")))
    assert (job.status, job.updated, job.review) == ("succeeded", 1, {})
    assert published("SEN", "2019") == 1400
    assert ObservationRevision.objects.get().value == 1000


def test_thresholds_come_from_the_settings(tmp_path, base, settings):
    settings.IMPORT_REVIEW_CHANGE = 0.3
    job = run(wdi(tmp_path / "v2.csv", revised(SEN_2019="1400")))
    assert job.status == "review"


def test_a_file_that_only_adds_a_year_passes_straight_through(tmp_path, base):
    years = (*YEARS, "2020")
    rows = {country: {**values, "2020": "5"} for country, values in BASE.items()}
    job = run(wdi(tmp_path / "v2.csv", rows, years=years))
    assert (job.status, job.created, job.updated, job.unchanged) == ("succeeded", 4, 0, 20)
    assert published("FRA", "2020") == 5
    assert not ObservationStaging.objects.exists()


def test_the_same_file_again_changes_nothing_and_needs_no_review(tmp_path, base):
    job = run(wdi(tmp_path / "again.csv", BASE, vintage="2021-09-15"))
    assert (job.status, job.updated, job.unchanged, job.review) == ("succeeded", 0, 20, {})


def test_a_dry_run_reports_the_review_without_stopping(tmp_path, base):
    job = run(wdi(tmp_path / "v2.csv", revised(SEN_2019="1600")), dry_run=True)
    assert (job.status, job.updated) == ("succeeded", 1)
    assert job.review["dry_run"] is True
    assert job.review["largest"][0]["after"] == 1600
    assert published("SEN", "2019") == 1000
    assert not ObservationStaging.objects.exists()


def test_accept_revisions_applies_at_once(tmp_path, base):
    job = run(wdi(tmp_path / "v2.csv", revised(SEN_2019="1600")), accept_revisions=True)
    assert (job.status, job.updated) == ("succeeded", 1)
    assert published("SEN", "2019") == 1600
    # The decision is on record: what was revised past the thresholds, accepted at the start.
    assert job.review["accepted_at_start"] is True
    assert job.review["largest"][0]["before"] == 1000
    assert job.review["largest"][0]["after"] == 1600


def test_the_job_page_says_who_accepted_the_revisions(tmp_path, base, admin_client):
    job = run(wdi(tmp_path / "v2.csv", revised(SEN_2019="1600")), accept_revisions=True)
    page = admin_client.get(f"/admin/stats/importjob/{job.pk}/progress/").content.decode()
    assert "Revisions accepted when the import was started" in page
    assert "by an operator on the command line: this published value was revised" in page


def test_apply_writes_the_kept_values_and_records_who_decided(
    awaiting, django_capture_on_commit_callbacks
):
    user = UserFactory(secretariat=True)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = import_job_apply_revisions(job=awaiting, user=user)
    assert (job.status, job.created, job.updated, job.unchanged) == ("succeeded", 0, 2, 18)
    assert job.reviewed_by == user and job.reviewed_at is not None and job.finished_at
    assert published("SEN", "2019") == 1100 and published("KEN", "2015") == 220
    assert sorted(ObservationRevision.objects.values_list("value", flat=True)) == [200, 1000]
    assert Observation.objects.get(area_code="SEN", period="2019").vintage == "2022-07-01"
    assert not ObservationStaging.objects.exists()
    assert callbacks  # recomputation and cache versions follow, as after any import


def test_apply_refuses_a_job_not_awaiting_review(awaiting):
    user = UserFactory(secretariat=True)
    import_job_apply_revisions(job=awaiting, user=user)
    with pytest.raises(DomainError, match="is not awaiting review"):
        import_job_apply_revisions(job=awaiting, user=user)
    with pytest.raises(DomainError, match="is not awaiting review"):
        import_job_discard(job=awaiting, user=user)
    assert ObservationRevision.objects.count() == 2  # applied once


def test_apply_refuses_when_the_staged_values_are_gone(awaiting):
    ObservationStaging.objects.filter(job_id=awaiting.pk, area_code="SEN").delete()
    with pytest.raises(DomainError, match="no longer complete"):
        import_job_apply_revisions(job=awaiting, user=UserFactory(secretariat=True))
    awaiting.refresh_from_db()
    assert awaiting.status == "review" and published("KEN", "2015") == 200


def test_discard_writes_nothing_and_deletes_the_kept_rows(awaiting):
    user = UserFactory(secretariat=True)
    job = import_job_discard(job=awaiting, user=user)
    assert (job.status, job.reviewed_by) == ("discarded", user)
    assert published("SEN", "2019") == 1000
    assert not ObservationStaging.objects.exists() and not ObservationRevision.objects.exists()


@pytest.mark.parametrize("decide", [import_job_apply_revisions, import_job_discard])
def test_only_the_secretariat_decides(awaiting, decide):
    for user in (None, UserFactory(submitter=True)):
        with pytest.raises(DomainError, match="Only the Secretariat"):
            decide(job=awaiting, user=user)
    awaiting.refresh_from_db()
    assert awaiting.status == "review" and awaiting.reviewed_by is None
    assert published("SEN", "2019") == 1000
    assert ObservationStaging.objects.filter(job_id=awaiting.pk).count() == 20


def test_another_file_of_the_source_is_refused_while_one_awaits_review(tmp_path, awaiting):
    with pytest.raises(DomainError, match=f"import job #{awaiting.pk} .* awaits review"):
        import_job_create(source="wdi", path=wdi(tmp_path / "v3.csv", revised(FRA_2015="1")))
    # A dry run writes nothing and may still be run.
    job = run(wdi(tmp_path / "v3.csv", revised(FRA_2015="1")), dry_run=True)
    assert job.status == "succeeded"


def test_a_job_queued_before_the_review_fails_naming_it(tmp_path, base):
    queued = import_job_create(source="wdi", path=wdi(tmp_path / "v3.csv", BASE))
    job = run(wdi(tmp_path / "v2.csv", revised(SEN_2019="1600")))
    assert job.status == "review"
    queued = import_job_run(job_id=queued.pk)
    assert queued.status == "failed" and f"import job #{job.pk}" in queued.error


def test_the_stale_job_sweeper_leaves_review_jobs_alone(awaiting):
    ImportJob.objects.filter(pk=awaiting.pk).update(
        heartbeat_at=timezone.now() - timedelta(days=30)
    )
    assert import_job_fail_stale(older_than=timedelta(0)) == 0
    awaiting.refresh_from_db()
    assert awaiting.status == "review"
    assert ObservationStaging.objects.filter(job_id=awaiting.pk).count() == 20


def test_command_stops_with_the_largest_change_and_the_job(tmp_path, base, capsys):
    path = wdi(tmp_path / "v2.csv", revised(SEN_2019="1600"))
    with pytest.raises(CommandError) as raised:
        call_command("import_data", "wdi", str(path))
    job = ImportJob.objects.get(status="review")
    message = str(raised.value)
    assert message.startswith("awaiting review: 1 of 20 values of SM.POP.NETM would change")
    assert "the largest: SM.POP.NETM SEN 2019 1,000 -> 1,600 (+60%)" in message
    assert f"Job #{job.pk}: re-run with --accept-revisions" in message
    assert capsys.readouterr().out.strip().splitlines()[-1] == (
        "would be: created=0 updated=1 unchanged=19 rejected=0 skipped=0"
    )
    assert published("SEN", "2019") == 1000


def test_command_with_accept_revisions_applies_and_replaces_the_waiting_job(tmp_path, base, capsys):
    path = wdi(tmp_path / "v2.csv", revised(SEN_2019="1600"))
    with pytest.raises(CommandError):
        call_command("import_data", "wdi", str(path))
    call_command("import_data", "wdi", str(path), "--accept-revisions")
    assert capsys.readouterr().out.strip().splitlines()[-1] == (
        "created=0 updated=1 unchanged=19 rejected=0 skipped=0"
    )
    assert published("SEN", "2019") == 1600
    waiting = ImportJob.objects.get(status="discarded")
    assert "replaced by a new import of the same file" in waiting.error
    assert not ObservationStaging.objects.exists()


def test_command_dry_run_says_a_review_would_be_needed(tmp_path, base, capsys):
    path = wdi(tmp_path / "v2.csv", revised(SEN_2019="1600"))
    call_command("import_data", "wdi", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "without --accept-revisions it would await review: 1 of 20 values" in out
    assert published("SEN", "2019") == 1000


def test_bilateral_changes_name_both_countries(tmp_path):
    def matrix(value: str) -> Path:
        path = tmp_path / f"matrix-{value}.csv"
        path.write_text(
            "Bilateral Remittance Estimates for 2017 (April 2018 Version)\n"
            "receiving (across) / sending (down),Senegal\n"
            f"France,{value}\n",
            encoding="utf-8",
        )
        return path

    first = import_job_create(source="knomad", path=matrix("123.0"))
    assert import_job_run(job_id=first.pk).status == "succeeded"
    job = import_job_run(job_id=import_job_create(source="knomad", path=matrix("456.0")).pk)
    assert job.status == "review"  # the one published value, +271 %
    [change] = job.review["largest"]
    assert {change["area_code"], change["counterpart_code"]} == {"SEN", "FRA"}
    assert {change["area_name"], change["counterpart_name"]} == {"Senegal", "France"}
    assert (change["before"], change["after"], change["period"]) == (123, 456, "2017")
    assert change["change"] == pytest.approx(333 / 123)


def test_apply_writes_with_the_file_s_own_source_and_vintage(awaiting):
    import_job_apply_revisions(job=awaiting, user=UserFactory(secretariat=True))
    obs = Observation.objects.get(area_code="KEN", period="2015")
    assert (obs.value, obs.source, obs.vintage, obs.import_job_id) == (
        220,
        "WDI",
        "2022-07-01",
        awaiting.pk,
    )
    # The values the file left as they were keep their job and vintage.
    untouched = Observation.objects.get(area_code="FRA", period="2015")
    assert untouched.vintage == "2021-09-15"


def test_another_source_cannot_write_an_indicator_awaiting_review(tmp_path, base):
    # A job of another source awaits review with values of the same indicator.
    pending = ImportJobFactory(source="other", original_name="other.csv", status="review")
    ObservationStaging.objects.create(
        job_id=pending.pk,
        line=6,
        indicator_code="SM.POP.NETM",
        area_code="SEN",
        period="2019",
        year=2019,
        sex="T",
        value=5.0,
    )
    rows = {country: {**values, "2020": "5"} for country, values in BASE.items()}
    job = run(wdi(tmp_path / "v2.csv", rows, years=(*YEARS, "2020")))
    assert job.status == "failed"
    assert f"import job #{pending.pk} (other.csv) awaits review" in job.error
    assert Observation.objects.count() == 20
    assert ObservationStaging.objects.filter(job_id=pending.pk).count() == 1  # left alone
