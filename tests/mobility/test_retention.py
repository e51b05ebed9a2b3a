"""Retention: inactive profiles are reminded once, then removed with their files; activity
keeps them; a second run does nothing; the daily task is scheduled for beat."""

import logging
from datetime import timedelta

import pytest
from django.contrib.auth.signals import user_logged_in
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from mobility.models import WorkerProfile
from mobility.retention import profiles_remind, profiles_remove_inactive, retention_run
from mobility.tasks import retention_task
from tests.imdi_portal.factories import UserFactory
from tests.mobility.factories import WorkerProfileFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("retention_settings"),
]


@pytest.fixture
def retention_settings(settings):
    settings.MOBILITY_INACTIVE_DAYS = 730
    settings.MOBILITY_REMINDER_DAYS_BEFORE = 30


def _inactive_for(days, **kwargs):
    user = UserFactory(email=kwargs.pop("email", "worker@example.org"))
    profile = WorkerProfileFactory(user=user, occupations=[("2221", 3)], **kwargs)
    WorkerProfile.objects.filter(pk=profile.pk).update(
        last_active_at=timezone.now() - timedelta(days=days)
    )
    profile.refresh_from_db()
    return profile


def _run(capture, now=None):
    with capture(execute=True):
        return retention_run(now=now)


def test_a_profile_nearing_the_limit_is_reminded_once(django_capture_on_commit_callbacks):
    due = _inactive_for(701, email="due@example.org")
    _inactive_for(699, email="not-yet@example.org")
    assert _run(django_capture_on_commit_callbacks) == {"removed": 0, "reminded": 1}
    assert [m.to for m in mail.outbox] == [["due@example.org"]]
    assert "will be removed" in mail.outbox[0].subject
    assert "/mobility/me/" in mail.outbox[0].body
    due.refresh_from_db()
    assert due.reminded_at is not None
    assert _run(django_capture_on_commit_callbacks) == {"removed": 0, "reminded": 0}
    assert len(mail.outbox) == 1  # no second mail


def test_a_reminded_profile_past_the_limit_is_removed_with_its_files(
    django_capture_on_commit_callbacks, monkeypatch
):
    profile = _inactive_for(701)
    _run(django_capture_on_commit_callbacks)  # reminded today
    later = timezone.now() + timedelta(days=30)
    deleted_files = []
    monkeypatch.setattr(
        "mobility.services._files_delete_after_commit", lambda names: deleted_files.append(names)
    )
    assert _run(django_capture_on_commit_callbacks, now=later) == {"removed": 1, "reminded": 0}
    assert not WorkerProfile.objects.filter(pk=profile.pk).exists()
    assert deleted_files == [[]]  # delete_profile ran (no document was uploaded)
    user = type(profile.user).objects.get(pk=profile.user_id)
    assert not user.is_active and user.email == ""  # the worker-only account is closed
    assert _run(django_capture_on_commit_callbacks, now=later) == {"removed": 0, "reminded": 0}
    assert len(mail.outbox) == 1


def test_nobody_is_removed_without_the_notice_period_after_a_reminder(
    django_capture_on_commit_callbacks,
):
    """A profile far past the limit (the task did not run) is reminded first, and removed
    only once the notice period has passed."""
    profile = _inactive_for(900)
    assert _run(django_capture_on_commit_callbacks) == {"removed": 0, "reminded": 1}
    in_29_days = timezone.now() + timedelta(days=29)
    assert _run(django_capture_on_commit_callbacks, now=in_29_days)["removed"] == 0
    assert WorkerProfile.objects.filter(pk=profile.pk).exists()
    in_31_days = timezone.now() + timedelta(days=31)
    assert _run(django_capture_on_commit_callbacks, now=in_31_days)["removed"] == 1


def test_activity_after_the_reminder_keeps_the_profile_and_resets_the_clock(
    django_capture_on_commit_callbacks, rf
):
    profile = _inactive_for(701)
    _run(django_capture_on_commit_callbacks)
    user_logged_in.send(sender=type(profile.user), request=rf.get("/"), user=profile.user)
    later = timezone.now() + timedelta(days=31)
    assert _run(django_capture_on_commit_callbacks, now=later) == {"removed": 0, "reminded": 0}
    assert WorkerProfile.objects.filter(pk=profile.pk).exists()
    # inactive again for the whole period: a new reminder, then removal
    far = timezone.now() + timedelta(days=701)
    assert _run(django_capture_on_commit_callbacks, now=far) == {"removed": 0, "reminded": 1}
    assert len(mail.outbox) == 2


def test_a_save_of_the_profile_counts_as_activity(django_capture_on_commit_callbacks):
    from mobility.services import profile_save

    profile = _inactive_for(701)
    _run(django_capture_on_commit_callbacks)
    profile_save(
        user=profile.user,
        fields={"home_country": profile.home_country, "education_level": 6},
        destinations=[],
        sectors=[],
        occupations=[],
        languages=[],
    )
    later = timezone.now() + timedelta(days=31)
    assert profiles_remove_inactive(now=later) == 0
    assert profiles_remind(now=later) == 0


@override_settings(MOBILITY_INACTIVE_DAYS=10, MOBILITY_REMINDER_DAYS_BEFORE=3)
def test_the_periods_are_settings(django_capture_on_commit_callbacks):
    _inactive_for(8)
    assert _run(django_capture_on_commit_callbacks)["reminded"] == 1
    assert "10 days" in mail.outbox[0].body


def test_the_task_runs_the_retention_and_logs_no_personal_data(
    django_capture_on_commit_callbacks, caplog
):
    profile = _inactive_for(701, email="private.person@example.org")
    with caplog.at_level(logging.DEBUG), django_capture_on_commit_callbacks(execute=True):
        result = retention_task.delay().get()
    assert result == {"removed": 0, "reminded": 1}
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "1 reminded" in logged
    for secret in ("private.person", str(profile.reference), profile.user.username):
        assert secret not in logged


def test_the_daily_task_is_scheduled_for_beat():
    task = PeriodicTask.objects.get(task="mobility.retention")
    assert task.enabled and task.crontab.hour == "4" and task.queue == "notifications"
