"""Admin pages of the import pipeline: upload a file, watch its progress, get the report."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from imdi_portal.core.exceptions import DomainError
from imdi_portal.core.roles import is_secretariat
from imdi_portal.stats.forms import ImportUploadForm
from imdi_portal.stats.models import ImportJob, Indicator, Observation, StatisticalArea
from imdi_portal.stats.services import (
    import_job_apply_revisions,
    import_job_discard,
    import_job_review_line,
    import_job_submit,
)


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "source",
        "original_name",
        "status",
        "counts",
        "skipped",
        "created_by",
        "created_at",
        "progress_link",
    ]
    list_filter = ["status", "source"]
    search_fields = ["original_name", "sha256"]
    list_select_related = ["created_by"]
    readonly_fields = [f.name for f in ImportJob._meta.fields]

    @admin.display(description=_("result"))
    def counts(self, job: ImportJob) -> str:
        if job.status == ImportJob.Status.SUCCEEDED and job.options.get("dry_run"):
            # A dry run wrote nothing: its counts are what the import would do.
            return _("dry run, nothing written: %(counts)s") % {"counts": job.counts_line}
        if job.status == ImportJob.Status.SUCCEEDED:
            return job.counts_line
        if job.status == ImportJob.Status.AWAITING_REVIEW:
            return _("would be: %(counts)s") % {"counts": job.counts_line}
        return "—"

    def may_decide(self, request: HttpRequest) -> bool:
        """Who applies or discards an import awaiting review (the service checks it too)."""
        user = request.user
        return is_secretariat(user) or user.has_perm("stats.run_import")

    @admin.display(description=_("progress"))
    def progress_link(self, job: ImportJob) -> str:
        url = reverse("admin:stats_importjob_progress", args=[job.pk])
        return format_html('<a href="{}">{}</a>', url, _("Open"))

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return request.user.has_perm("stats.run_import")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # A job's page is its report (progress, counts, review and its buttons), not a form:
        # the list's links and any bookmarked change address lead there.
        if self.has_view_permission(request) and str(object_id).isdigit():
            return redirect("admin:stats_importjob_progress", pk=int(object_id))
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        own = [
            path(
                "<int:pk>/progress/",
                self.admin_site.admin_view(self.progress_view),
                name="stats_importjob_progress",
            ),
            path(
                "<int:pk>/apply/",
                self.admin_site.admin_view(require_POST(self.apply_view)),
                name="stats_importjob_apply",
            ),
            path(
                "<int:pk>/discard/",
                self.admin_site.admin_view(require_POST(self.discard_view)),
                name="stats_importjob_discard",
            ),
            path(
                "<int:pk>/errors.csv",
                self.admin_site.admin_view(self.errors_view),
                name="stats_importjob_errors",
            ),
        ]
        return own + super().get_urls()

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                job = import_job_submit(
                    source=data["source"],
                    upload=data["file"],
                    user=request.user,
                    skip_invalid=data["skip_invalid"],
                    dry_run=data["dry_run"],
                    sex=data["sex"],
                    year=data["year"],
                    accept_revisions=data["accept_revisions"],
                )
            except DomainError as exc:
                form.add_error("file", str(exc))
            else:
                if job.status == ImportJob.Status.FAILED:
                    messages.error(request, job.error)
                else:
                    messages.info(request, _("The file was received and queued for import."))
                return redirect("admin:stats_importjob_progress", pk=job.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Upload a file for import"),
            "form": form,
        }
        return TemplateResponse(request, "admin/stats/importjob/upload.html", context)

    def progress_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        job = get_object_or_404(ImportJob, pk=pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import #%(id)s: %(name)s") % {"id": job.pk, "name": job.original_name},
            "job": job,
            # Not queued or running: the page stops polling (a job awaiting review waits
            # for a person, not for the worker).
            "settled": job.status not in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING),
            "review": _review_display(job.review),
            "may_decide": self.may_decide(request)
            and job.status == ImportJob.Status.AWAITING_REVIEW,
        }
        return TemplateResponse(request, "admin/stats/importjob/progress.html", context)

    def apply_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._decide(request, pk, apply=True)

    def discard_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._decide(request, pk, apply=False)

    def _decide(self, request: HttpRequest, pk: int, *, apply: bool) -> HttpResponse:
        if not self.may_decide(request):
            raise PermissionDenied
        job = get_object_or_404(ImportJob, pk=pk)
        try:
            if apply:
                summary = import_job_review_line(job)
                job = import_job_apply_revisions(job=job, user=request.user)
            else:
                job = import_job_discard(job=job, user=request.user)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            if apply:
                messages.success(
                    request,
                    _("The revisions were applied (%(summary)s): %(counts)s.")
                    % {"summary": summary, "counts": job.counts_line},
                )
            else:
                messages.success(
                    request, _("The import was discarded; nothing from the file was written.")
                )
        return redirect("admin:stats_importjob_progress", pk=pk)

    def errors_view(self, request: HttpRequest, pk: int) -> FileResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        job = get_object_or_404(ImportJob, pk=pk)
        if not job.error_report:
            raise Http404("this import has no error report")
        return FileResponse(
            job.error_report.open("rb"),
            as_attachment=True,
            filename=f"import-{job.pk}-errors.csv",
            content_type="text/csv",
        )


def _percent(fraction: float | None) -> str:
    if fraction is None:
        return str(_("from 0"))
    return f"{formats.number_format(100 * fraction, 1, use_l10n=True, force_grouping=True)} %"


def _review_display(review: dict) -> dict:
    """The job's review summary with its fractions as localised percentages."""
    if not review:
        return {}
    indicators = [
        {
            **item,
            "share_percent": _percent(item["share"]),
            "largest_percent": _percent(item.get("largest_change")),
        }
        for item in review.get("indicators", [])
    ]
    largest = [{**item, "change_percent": _percent(item["change"])} for item in review["largest"]]
    thresholds = review.get("thresholds", {})
    return {
        **review,
        "indicators": indicators,
        "largest": largest,
        "share_threshold": _percent(thresholds.get("share", 0)),
        "change_threshold": _percent(thresholds.get("change", 0)),
    }


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "unit", "source", "is_derived"]
    list_filter = ["is_derived", "source"]
    search_fields = ["code", "name_en", "name_fr", "name_es"]
    # Codes are the sources' own; the names, unit and notes may be completed (e.g. French and
    # Spanish names, which WDI files do not carry).
    readonly_fields = ["code", "is_derived"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(StatisticalArea)
class StatisticalAreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "source"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]


@admin.register(Observation)
class ObservationAdmin(admin.ModelAdmin):
    """Read-only: observations change only through imports and recomputation."""

    list_display = [
        "indicator",
        "area_code",
        "counterpart_code",
        "period",
        "sex",
        "age",
        "classification",
        "value",
        "status",
        "vintage",
    ]
    list_filter = ["sex", "status"]
    search_fields = ["indicator__code", "area_code"]
    list_select_related = ["indicator"]
    show_full_result_count = False  # COUNT(*) over millions of rows on every page is wasteful

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
