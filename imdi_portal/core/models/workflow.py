"""The transition log every workflow writes (imdi_portal.workflow): one row per move."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TransitionLog(models.Model):
    """One move of a state machine: from, to, by which action, who, when and why.

    Each workflow's log inherits it and adds the foreign key to the record it moves (and any
    field of its own, such as a proposal's version). A subclass redeclares `from_state` and
    `to_state` to give them its states as choices; the names stay the same everywhere.
    `from_state` is empty on the row that records how a record came to exist.
    """

    from_state = models.CharField(max_length=16, blank=True)
    to_state = models.CharField(max_length=16)
    action = models.CharField(_("action"), max_length=30)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]
