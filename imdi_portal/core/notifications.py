"""Notifications: the one path by which any app tells people something.

`notify` writes one in-portal notice per user and queues one e-mail per notice through
Celery once the transaction commits (none for a transaction that rolls back; without a
broker the notice is kept and its e-mail left unsent). `notification_send_email` sends it
at most once and raises on SMTP errors so that the task retries (imdi_portal.core.tasks.MAIL_RETRY).
The apps decide who hears of what; the core only delivers.
"""

from collections.abc import Iterable

from django.conf import settings
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from imdi_portal.core.models import Notification, User


def notify(
    users: Iterable[User],
    subject: str,
    body: str,
    url: str = "",
    about: models.Model | None = None,
) -> list[Notification]:
    """An in-portal notification per user, about `about` if given, and an e-mail each sent
    by Celery after the commit."""
    from imdi_portal.core.tasks import enqueue, send_notification_email_task

    subject, body = str(subject), str(body)
    created = Notification.objects.bulk_create(
        [
            Notification(user=u, about=about, subject=subject[:200], body=body, url=url)
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


def notification_list(user: User) -> QuerySet[Notification]:
    """A user's notices, newest first."""
    return Notification.objects.filter(user=user)


def notification_unread_count_get(user: User) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
