"""What a user is told in the portal (and by e-mail): one row per person and message.

Any app notifies through imdi_portal.core.notifications.notify. A notice may be about one record
of any app (`about`, a generic foreign key): the core names no domain model; an app that
wants to query or cascade from its records declares a GenericRelation to Notification
(projects.Proposal does, with `related_query_name="proposal"`).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class NotificationQuerySet(models.QuerySet):
    def about(self, obj: models.Model) -> "NotificationQuerySet":
        return self.filter(subject_type=ContentType.objects.get_for_model(obj), subject_id=obj.pk)


class Notification(models.Model):
    """One message to one user, read in the portal and mailed once after the commit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    # What the notice is about (a proposal, an application...), or nothing.
    subject_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("subject_type", "subject_id")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        # The table it had in the projects app (issue 19: state move, no data move).
        db_table = "projects_notification"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["subject_type", "subject_id"]),
        ]

    def __str__(self) -> str:
        return self.subject
