"""The moderation log of the information gateway: one row per move of an activity or a good
practice (imdi_portal.gateway.workflow), and one for its submission."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from imdi_portal.core.models import TransitionLog
from imdi_portal.gateway.models.entries import Activity, GatewayEntry, GoodPractice

State = GatewayEntry.State


class GatewayTransition(TransitionLog):
    """What the two kinds' logs share: the entries' states as choices."""

    from_state = models.CharField(
        _("from"), max_length=10, choices=State.choices, blank=True
    )  # empty on the submission's row
    to_state = models.CharField(_("to"), max_length=10, choices=State.choices)

    class Meta(TransitionLog.Meta):
        abstract = True

    def __str__(self) -> str:
        return f"{self.from_state or '—'} -> {self.to_state} ({self.action})"


class GoodPracticeTransition(GatewayTransition):
    entry = models.ForeignKey(GoodPractice, on_delete=models.CASCADE, related_name="transitions")

    class Meta(GatewayTransition.Meta):
        verbose_name = _("moderation step of a good practice")
        verbose_name_plural = _("moderation log")


class ActivityTransition(GatewayTransition):
    entry = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="transitions")

    class Meta(GatewayTransition.Meta):
        verbose_name = _("moderation step of an activity")
        verbose_name_plural = _("moderation log")
