"""Notifications: who hears of each move of a proposal, the in-portal notices and their
e-mails (sent by Celery after the commit), and the links they carry."""

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from imdi_portal.core.models import User
from imdi_portal.core.roles import Role
from projects.models import Notification, Proposal, Review


def admin_review_url(review: Review) -> str:
    from django.urls import reverse

    return reverse("admin:projects_review_change", args=[review.pk])


def admin_proposal_url(proposal: Proposal) -> str:
    from django.urls import reverse

    return reverse("admin:projects_proposal_change", args=[proposal.pk])


def _secretariat(_proposal: Proposal | None = None) -> list[User]:
    return list(User.objects.filter(groups__name=Role.SECRETARIAT, is_active=True).distinct())


def _members(proposal: Proposal) -> list[User]:
    return list(User.objects.filter(organisation=proposal.organisation_id, is_active=True))


def _focal_points(proposal: Proposal) -> list[User]:
    return list(
        User.objects.filter(
            groups__name=Role.FOCAL_POINT,
            is_active=True,
            country__in=proposal.countries.values("country"),
        ).distinct()
    )


# Who hears of each transition.
AUDIENCES: dict[str, tuple[str, ...]] = {
    "submit": ("secretariat",),
    "request_endorsement": ("focal_points", "members"),
    "endorsed": ("secretariat", "members"),
    "declined": ("secretariat", "members"),
    "send_to_tap": ("members",),
    "screen_out": ("members", "focal_points"),
    "return": ("members",),
    "approve": ("members", "focal_points", "secretariat"),
    "reject": ("members", "focal_points", "secretariat"),
    "request_revision": ("members", "secretariat"),
    "funded": ("members", "secretariat"),
    "start": ("members", "focal_points"),
    "complete": ("members", "focal_points"),
    "close": ("members",),
    "terminate": ("members", "focal_points"),
}


def notify_transition(
    proposal: Proposal, action: str, reason: str, *, state: str | None = None
) -> None:
    """Tell who hears of `action` that the proposal is now in `state` (its current state
    when not given; the workflow's after-commit hook gives the state the move led to)."""
    state_label = Proposal.State(state).label if state else proposal.get_state_display()
    finders = {"secretariat": _secretariat, "members": _members, "focal_points": _focal_points}
    users: dict[int, User] = {}
    for audience in AUDIENCES.get(action, ()):
        for user in finders[audience](proposal):
            users[user.pk] = user
    if not users:
        return
    subject = _("%(ref)s: %(state)s") % {"ref": proposal.reference, "state": state_label}
    body = _("“%(title)s” is now: %(state)s.") % {"title": proposal.title, "state": state_label}
    if reason:
        body += "\n\n" + reason
    notify(list(users.values()), proposal, subject, body, proposal_url_for(proposal))


def proposal_url_for(proposal: Proposal) -> str:
    from django.urls import reverse

    return reverse("projects:proposal-detail", kwargs={"pk": proposal.pk})


def notify(
    users: Iterable[User], proposal: Proposal | None, subject: str, body: str, url: str = ""
) -> list[Notification]:
    """An in-portal notification per user, and an e-mail sent by Celery after the commit."""
    from imdi_portal.core.tasks import enqueue
    from projects.tasks import send_notification_email_task

    created = Notification.objects.bulk_create(
        [
            Notification(user=u, proposal=proposal, subject=subject[:200], body=body, url=url)
            for u in users
        ]
    )
    for notification in created:
        # Without a broker the e-mail is left for later; the in-portal notice is there.
        enqueue(send_notification_email_task, notification.pk, on_unreachable=lambda exc: None)
    return created


def notification_send_email(notification_id: int) -> bool:
    """Send one notification's e-mail (idempotent: never twice). Raises on SMTP errors so
    that the task retries."""
    from django.core.mail import send_mail

    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().select_related("user").get(pk=notification_id)
        )
        if notification.emailed_at or not notification.user.email:
            return False
        link = settings.PORTAL_BASE_URL + notification.url if notification.url else ""
        send_mail(
            subject=f"[IMDI] {notification.subject}",
            message=f"{notification.body}\n\n{link}".strip(),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[notification.user.email],
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
