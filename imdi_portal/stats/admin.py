"""Admin pages of the import pipeline: upload a file, watch its progress, get the report."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from imdi_portal.core.exceptions import DomainError
from imdi_portal.stats.forms import ImportUploadForm
from imdi_portal.stats.models import ImportJob, Indicator, Observation, StatisticalArea
from imdi_portal.stats.services import import_job_submit


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "source",
        "original_name",
        "status",
        "counts",
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
        return job.counts_line if job.status == ImportJob.Status.SUCCEEDED else "—"

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

    def get_urls(self):
        own = [
            path(
                "<int:pk>/progress/",
                self.admin_site.admin_view(self.progress_view),
                name="stats_importjob_progress",
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
        }
        return TemplateResponse(request, "admin/stats/importjob/progress.html", context)

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
