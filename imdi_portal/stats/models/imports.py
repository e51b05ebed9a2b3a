"""ImportJob: one file loaded (or refused) by the import pipeline."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def _upload_to(instance: "ImportJob", filename: str) -> str:
    return f"imports/{instance.source}/{filename}"


class ImportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        # Stopped before writing: it would revise many published values (see review).
        AWAITING_REVIEW = "review", _("Awaiting review")
        DISCARDED = "discarded", _("Discarded")

    source = models.CharField(_("source"), max_length=40)
    file = models.FileField(_("file"), upload_to=_upload_to, blank=True)
    # Command-line imports read the file where it is instead of copying it into MEDIA_ROOT.
    file_path = models.CharField(_("file path"), max_length=500, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.BigIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(max_length=64, db_index=True)
    options = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    rows_total = models.IntegerField(_("rows in file"), default=0)
    rows_processed = models.IntegerField(_("rows read"), default=0)
    created = models.IntegerField(_("created"), default=0)
    updated = models.IntegerField(_("updated"), default=0)
    unchanged = models.IntegerField(_("unchanged"), default=0)
    rejected = models.IntegerField(_("rejected"), default=0)
    # Values of the file deliberately left out, by reason ({"aggregate row": 48, ...}).
    skipped = models.IntegerField(_("skipped"), default=0)
    skipped_reasons = models.JSONField(_("skipped, by reason"), default=dict, blank=True)
    # The revisions an import would make, shown to the Secretariat before anything is written.
    review = models.JSONField(_("revision summary"), default=dict, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    errors = models.JSONField(_("first errors"), default=list, blank=True)
    error_report = models.FileField(
        _("error report (CSV)"), upload_to="imports/errors/", blank=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "imdi_portal_importjob"
        ordering = ["-created_at"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        permissions = [("run_import", _("Can upload files for import"))]

    def __str__(self) -> str:
        return f"#{self.pk} {self.source} {self.original_name} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("admin:stats_importjob_progress", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED, self.Status.DISCARDED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        if not self.rows_total:
            return 0
        return min(99, int(100 * self.rows_processed / self.rows_total))

    @property
    def counts_line(self) -> str:
        return (
            f"created={self.created} updated={self.updated} "
            f"unchanged={self.unchanged} rejected={self.rejected} skipped={self.skipped}"
        )

    @property
    def skipped_line(self) -> str:
        """Why values were left out: "48 regional aggregate, 3 note row"."""
        reasons = sorted(self.skipped_reasons.items(), key=lambda kv: (-kv[1], kv[0]))
        return ", ".join(f"{n} {reason}" for reason, n in reasons)
