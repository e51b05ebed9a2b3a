"""Retention of worker profiles (issue 23, privacy): a profile inactive for
settings.MOBILITY_INACTIVE_DAYS is removed with mobility.services.delete_profile (its files
too), after its owner was reminded by e-mail MOBILITY_REMINDER_DAYS_BEFORE days ahead.

Activity is a save of the profile (services.profile_save) or a sign-in of its owner (the
receiver below); either makes an earlier reminder void: the person is reminded again, and
given the full notice again, the next time the profile falls inactive. A profile is removed
only when the reminder it got (after its last activity) is at least the notice period old,
so nobody loses a profile without having been told. Both steps are idempotent: a second run
sends nothing and removes nothing more. Logs carry counts only, never who.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from imdi_portal.core.mail import mail_send_after_commit
from mobility.models import WorkerProfile
from mobility.services import delete_profile

logger = logging.getLogger(__name__)


def _periods() -> tuple[timedelta, timedelta]:
    inactive = timedelta(days=settings.MOBILITY_INACTIVE_DAYS)
    notice = timedelta(days=min(settings.MOBILITY_REMINDER_DAYS_BEFORE, inactive.days))
    return inactive, notice


def _not_reminded_since_active() -> Q:
    return Q(reminded_at__isnull=True) | Q(reminded_at__lt=F("last_active_at"))


def profiles_to_remind(*, now: datetime) -> QuerySet[WorkerProfile]:
    inactive, notice = _periods()
    return WorkerProfile.objects.filter(last_active_at__lte=now - (inactive - notice)).filter(
        _not_reminded_since_active()
    )


def profiles_to_remove(*, now: datetime) -> QuerySet[WorkerProfile]:
    inactive, notice = _periods()
    return WorkerProfile.objects.filter(
        last_active_at__lte=now - inactive,
        reminded_at__isnull=False,
        reminded_at__gte=F("last_active_at"),
        reminded_at__lte=now - notice,
    )


def _reminder(profile: WorkerProfile, *, now: datetime) -> tuple[str, str]:
    inactive, notice = _periods()
    removal = max(profile.last_active_at + inactive, now + notice)
    subject = _("[IMDI] Your professional profile will be removed on %(date)s") % {
        "date": date_format(timezone.localtime(removal), "DATE_FORMAT")
    }
    body = _(
        "Your professional profile on the IMDI portal has not been used since %(last)s. "
        "Profiles that nobody uses are removed after %(days)d days, with their documents.\n\n"
        "To keep it, sign in before %(date)s and check that it is still up to date:\n"
        "%(url)s\n\n"
        "If you no longer need it, you need not do anything: it will be removed, and you "
        "will receive no other message about it."
    ) % {
        "last": date_format(timezone.localtime(profile.last_active_at), "DATE_FORMAT"),
        "days": inactive.days,
        "date": date_format(timezone.localtime(removal), "DATE_FORMAT"),
        "url": settings.PORTAL_BASE_URL + reverse("mobility:my-profile"),
    }
    return subject, body


def profiles_remind(*, now: datetime | None = None) -> int:
    """E-mail the owners of profiles that reach the limit within the notice period, once
    per period of inactivity (reminded_at); returns how many were reminded."""
    now = now or timezone.now()
    sent = 0
    for pk in profiles_to_remind(now=now).values_list("pk", flat=True):
        with transaction.atomic():
            profile = (
                profiles_to_remind(now=now)
                .select_for_update()
                .select_related("user")
                .filter(pk=pk)
                .first()
            )
            if profile is None:  # active again, or reminded by a run in parallel
                continue
            WorkerProfile.objects.filter(pk=pk).update(reminded_at=now)
            subject, body = _reminder(profile, now=now)
            mail_send_after_commit(subject=subject, body=body, to=[profile.user.email])
        sent += 1
    return sent


def profiles_remove_inactive(*, now: datetime | None = None) -> int:
    """Remove the profiles past the limit whose owner was reminded at least the notice
    period ago and did nothing since; returns how many were removed."""
    now = now or timezone.now()
    removed = 0
    for pk in profiles_to_remove(now=now).values_list("pk", flat=True):
        with transaction.atomic():
            profile = profiles_to_remove(now=now).select_for_update().filter(pk=pk).first()
            if profile is None:
                continue
            delete_profile(profile)
        removed += 1
    return removed


def retention_run(*, now: datetime | None = None) -> dict[str, int]:
    """The daily run: removals first (a profile reminded today is never removed today)."""
    now = now or timezone.now()
    result = {"removed": profiles_remove_inactive(now=now), "reminded": profiles_remind(now=now)}
    logger.info(
        "mobility retention: %(removed)d inactive profiles removed, %(reminded)d reminded",
        result,
    )
    return result


def _signed_in(sender, request, user, **kwargs) -> None:
    """A sign-in is activity: the profile's clock starts again (an update, no signal)."""
    WorkerProfile.objects.filter(user=user).update(last_active_at=timezone.now())


def register() -> None:
    """Called by apps.py."""
    user_logged_in.connect(_signed_in, weak=False, dispatch_uid="mobility-sign-in-activity")
