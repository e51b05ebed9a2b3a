"""Labels after issue: verification, complaints, suspension and withdrawal, the daily expiry
and renewal reminders (time frozen), and the limit on verifications."""

from datetime import date

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from freezegun import freeze_time

from certification import selectors, services
from certification.models import Complaint, Label, RenewalReminder
from certification.tasks import daily_task
from imdi_portal.core.exceptions import DomainError
from tests.certification.factories import Certification

pytestmark = pytest.mark.django_db


def test_verification_answers_each_status():
    c = Certification()
    label = c.to("accepted").label
    with freeze_time("2027-01-01"):
        assert selectors.label_verification_get(label.number)["status"] == "valid"
        assert selectors.label_verification_get(label.number.lower())["status"] == "valid"
        services.label_change_status(user=c.officer, label=label, move="suspend", reason="Fees")
        assert selectors.label_verification_get(label.number)["status"] == "suspended"
        services.label_change_status(user=c.officer, label=label, move="withdraw", reason="Fees")
        assert selectors.label_verification_get(label.number)["status"] == "withdrawn"
    unknown = selectors.label_verification_get("IMDI-00000-00000-0")
    assert (unknown["status"], unknown["well_formed"]) == ("unknown", True)
    typo = selectors.label_verification_get(
        label.number[:-1] + ("Z" if label.number[-1] != "Z" else "Y")
    )
    assert (typo["status"], typo["well_formed"]) == ("unknown", False)


def test_a_label_past_its_date_is_never_called_valid_even_before_the_daily_task():
    c = Certification()
    label = c.to("accepted").label
    with freeze_time(label.expires_on.replace(day=2)):
        assert selectors.label_verification_get(label.number)["status"] == "expired"


def test_daily_task_expires_labels_and_reminds_once(django_capture_on_commit_callbacks):
    c = Certification()
    label = c.to("accepted").label  # issued 2026-12-01, expires 2029-12-01
    c.member.email = "hr@fair-recruiters.example"
    c.member.save()
    with freeze_time("2029-08-01"), django_capture_on_commit_callbacks(execute=True):
        assert daily_task() == {"expired": 0, "reminded": 0}  # 122 days before: nothing yet
    with freeze_time("2029-09-05"), django_capture_on_commit_callbacks(execute=True):
        assert daily_task() == {"expired": 0, "reminded": 1}  # 87 days before
        assert daily_task() == {"expired": 0, "reminded": 0}  # idempotent
    assert "expires on 2029-12-01" in mail.outbox[-1].subject
    assert mail.outbox[-1].to == ["hr@fair-recruiters.example"]
    with freeze_time("2029-11-10"), django_capture_on_commit_callbacks(execute=True):
        assert daily_task()["reminded"] == 1  # the 30-day reminder
    assert sorted(RenewalReminder.objects.values_list("days_before", flat=True)) == [30, 90]
    with freeze_time("2029-12-02"):
        assert daily_task() == {"expired": 1, "reminded": 0}
        assert daily_task() == {"expired": 0, "reminded": 0}
    label.refresh_from_db()
    assert label.status == Label.Status.EXPIRED
    assert label.history.last().to_state == "expired"


def test_a_label_issued_late_gets_only_the_reminder_that_still_fits(
    django_capture_on_commit_callbacks,
):
    c = Certification()
    label = c.to("accepted").label
    with freeze_time("2029-11-20"), django_capture_on_commit_callbacks(execute=True):
        assert services.labels_remind() == 1
    assert list(label.reminders.values_list("days_before", flat=True)) == [30]


def test_an_anonymous_complaint_can_lead_to_suspension_shown_at_once(client):
    c = Certification()
    label = c.to("accepted").label
    response = client.post(
        reverse("certification:complaint-new"),
        {"number": label.number, "description": "Workers were charged a placement fee of 500 USD."},
    )
    assert "Report received" in response.content.decode()
    complaint = Complaint.objects.get()
    assert complaint.reporter_name == "" and complaint.label == label
    services.complaint_investigate(user=c.officer, complaint=complaint)
    services.complaint_close(
        user=c.officer,
        complaint=complaint,
        outcome="suspended",
        notes="Fees confirmed by three workers",
    )
    label.refresh_from_db()
    assert label.status == Label.Status.SUSPENDED
    page = client.get(reverse("certification:verify"), {"number": label.number}).content.decode()
    assert f"{label.number} is suspended." in page
    assert "Suspended after a complaint was upheld." in page
    registry = client.get(reverse("certification:registry"), {"status": "suspended"})
    assert c.enterprise.legal_name in registry.content.decode()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"number": "IMDI-00000-00000-0", "description": "x" * 40}, "No label has this number"),
        ({"number": "", "description": "x" * 40}, "This field is required"),
        ({"number": "LABEL", "description": "too short"}, "No label has this number"),
    ],
)
def test_bad_complaints_are_refused_and_write_nothing(client, data, message):
    Certification().to("accepted")
    response = client.post(reverse("certification:complaint-new"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_short_complaint_is_refused():
    c = Certification()
    label = c.to("accepted").label
    with pytest.raises(DomainError, match="at least 20 characters"):
        services.complaint_file(number=label.number, description="Bad")


def test_only_officers_change_label_status():
    c = Certification()
    label = c.to("accepted").label
    for user in (c.member, c.auditor):
        with pytest.raises(DomainError, match="Only a Certification officer"):
            services.label_change_status(user=user, label=label, move="suspend", reason="x")
    with pytest.raises(DomainError, match="cannot be changed that way"):
        services.label_change_status(user=c.officer, label=label, move="reinstate", reason="x")


@override_settings(CERTIFICATION_VERIFY_LIMIT=3)
def test_verification_is_rate_limited_against_enumeration(client, api_client):
    for n in range(3):
        response = client.get(reverse("certification:verify"), {"number": f"IMDI-0000{n}-00000-0"})
        assert response.status_code == 200
    limited = client.get(reverse("certification:verify"), {"number": "IMDI-00009-00000-0"})
    assert limited.status_code == 429
    assert "Too many verifications" in limited.content.decode()
    assert "is unknown" not in limited.content.decode()
    # The API shares the counter of the same address.
    api = api_client.get(reverse("api:label-verify"), {"number": "IMDI-00009-00000-0"})
    assert api.status_code == 429


def test_expiry_date_follows_the_setting():
    c = Certification()
    with override_settings(CERTIFICATION_LABEL_YEARS=2):
        label = c.to("accepted").label
    assert label.expires_on == date(2028, 12, 1)


def test_verification_stays_limited_while_the_cache_is_down(
    client, api_client, settings, monkeypatch, caplog
):
    """#21: with Redis away the limit held nowhere (40 of 40 answered); it is counted in the
    process's memory meanwhile, and the outage is logged once, not per request."""
    import logging

    from imdi_portal.core import ratelimit
    from tests.imdi_portal.test_redis import DEAD_REDIS, _redis_cache

    settings.CACHES = _redis_cache(DEAD_REDIS)
    limit = settings.CERTIFICATION_VERIFY_LIMIT
    window = settings.CERTIFICATION_VERIFY_WINDOW_SECONDS
    # The clock stands still at the start of a window, so that none ends during the test.
    monkeypatch.setattr(ratelimit, "clock", lambda: 1_800_000_000 // window * window)
    with caplog.at_level(logging.WARNING, logger="imdi_portal.core.ratelimit"):
        responses = [
            client.get(reverse("certification:verify"), {"number": f"IMDI-{n:05}-00000-0"})
            for n in range(limit + 1)
        ]
        api = api_client.get(reverse("api:label-verify"), {"number": "IMDI-00009-00000-0"})
    assert [r.status_code for r in responses] == [200] * limit + [429]
    assert "Too many verifications" in responses[-1].content.decode()
    assert api.status_code == 429  # the same address's counter, in memory too
    warnings = [r for r in caplog.records if r.name == "imdi_portal.core.ratelimit"]
    assert len(warnings) == 1 and warnings[0].exc_info is None
