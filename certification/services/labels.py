"""Labels: their issue, the officer's status changes, the daily expiry and the renewal
reminders (certification.workflow.LABELS)."""

from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certification import workflow
from certification.models import Application, Label, RenewalReminder
from certification.numbers import new_number
from certification.services._shared import _mail_enterprise
from imdi_portal.core.exceptions import DomainError
from imdi_portal.core.models import User
from imdi_portal.core.workflow import SYSTEM


def label_issue(*, application: Application, user: User | None, today: date | None = None) -> Label:
    """Called by the decision to accept (inside its transaction)."""
    today = today or timezone.localdate()
    years = settings.CERTIFICATION_LABEL_YEARS
    try:
        expires = today.replace(year=today.year + years)
    except ValueError:  # 29 February
        expires = today.replace(year=today.year + years, day=28)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                label = Label.objects.create(
                    number=new_number(),
                    enterprise=application.enterprise,
                    application=application,
                    principle_set=application.principle_set,
                    scope=application.scope,
                    issued_on=today,
                    expires_on=expires,
                    is_sample=application.is_sample,
                )
            break
        except IntegrityError:  # a number drawn twice: 1 in 2^50, draw again
            continue
    else:  # pragma: no cover
        raise DomainError(_("Could not draw a unique label number."))
    workflow.LABELS.record(
        label, "issue", user, _("Label issued."), from_state="", to_state=Label.Status.ACTIVE
    )
    return label


@transaction.atomic
def label_change_status(*, user: User, label: Label, move: str, reason: str) -> Label:
    if not workflow.is_officer(user):
        raise DomainError(_("Only a Certification officer changes a label's status."))
    action = workflow.LABEL_ACTIONS.get(move)
    if action is None or action.actor == SYSTEM:
        raise DomainError(_("Unknown change."))
    if not reason.strip():
        raise DomainError(_("Give the reason: it is shown in the registry."))
    label = Label.objects.select_for_update().get(pk=label.pk)
    workflow.LABELS.move(label, move, user, reason)
    return label


@transaction.atomic
def labels_expire(*, today: date | None = None) -> int:
    """Mark labels past their expiry date as expired (daily; idempotent)."""
    today = today or timezone.localdate()
    count = 0
    for label in Label.objects.select_for_update().filter(
        expires_on__lt=today, status__in=[Label.Status.ACTIVE, Label.Status.SUSPENDED]
    ):
        reason = _("Expired on %(date)s.") % {"date": label.expires_on}
        workflow.LABELS.move(label, "expire", None, reason)
        count += 1
    return count


def labels_remind(*, today: date | None = None) -> int:
    """E-mail the enterprise 90 and 30 days before its label expires, once each."""
    today = today or timezone.localdate()
    sent = 0
    thresholds = sorted(settings.CERTIFICATION_REMINDER_DAYS, reverse=True)
    for days, later in zip(thresholds, [*thresholds[1:], -1], strict=True):
        # The 90-day reminder is for labels 31 to 90 days from expiry, the 30-day one for the
        # last 30: a label issued late in its cycle gets only the reminder that still fits.
        due = Label.objects.filter(
            status=Label.Status.ACTIVE,
            expires_on__lte=today + timedelta(days=days),
            expires_on__gt=today + timedelta(days=later),
        ).exclude(reminders__days_before=days)
        for label in due.select_related("enterprise", "application"):
            with transaction.atomic():
                _reminder, created = RenewalReminder.objects.get_or_create(
                    label=label, days_before=days
                )
                if not created:
                    continue
                _mail_enterprise(
                    label.application,
                    _("[IMDI] Your quality label %(number)s expires on %(date)s")
                    % {"number": label.number, "date": label.expires_on},
                    _(
                        "Apply for renewal in the portal before %(date)s so that the audit can "
                        "take place in time."
                    )
                    % {"date": label.expires_on},
                )
            sent += 1
    return sent
