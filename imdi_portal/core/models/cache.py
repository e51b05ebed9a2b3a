"""Cache versions: when each kind of content last changed (imdi_portal.cache keys on them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StatisticsVersion(models.Model):
    """One row per kind of content ("statistics", "projects", "certification") whose time
    changes whenever that content does: results computed from it are cached under it
    (imdi_portal.cache)."""

    scope = models.CharField(max_length=30, unique=True, default="statistics")
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("statistics version")

    def __str__(self) -> str:
        return f"statistics changed at {self.changed_at:%Y-%m-%d %H:%M:%S}"
