"""Admin of the certification app: Certification officers assign auditors, decide, change a
label's status and handle complaints; auditors record findings on the applications assigned
to them; the principles and twinnings are kept here. Every state change calls
certification.services; applications, labels and complaints are otherwise read-only."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certification import services, workflow
from certification.forms import (
    AssignAuditorForm,
    ComplaintCloseForm,
    DecisionForm,
    FindingsForm,
    LabelStatusForm,
    TwinningReviewForm,
)
from certification.models import (
    Application,
    Benefit,
    Commitment,
    Complaint,
    Label,
    Principle,
    PrincipleIndicator,
    PrincipleSet,
    TemplateCommitment,
    Twinning,
    TwinningTemplate,
)
from imdi_portal.core.exceptions import DomainError


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class StatePagesMixin:
    """A read-only change page replaced by a template with forms posting to own URLs."""

    def _redirect(self, obj) -> HttpResponseRedirect:
        meta = obj._meta
        return HttpResponseRedirect(
            reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
        )

    def _run(self, request, obj, call, success: str) -> HttpResponseRedirect:
        try:
            call()
        except DomainError as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
            self.message_user(request, success, messages.SUCCESS)
        return self._redirect(obj)


@admin.register(Application)
class ApplicationAdmin(StatePagesMixin, ReadOnlyAdmin):
    list_display = ["enterprise", "state", "auditor", "created_at", "submitted_at"]
    list_filter = ["state"]
    search_fields = ["enterprise__legal_name", "enterprise__registration_number"]
    list_select_related = ["enterprise", "auditor"]
    change_form_template = "admin/certification/application/review.html"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if workflow.is_officer(request.user):
            return qs
        return qs.filter(auditor=request.user)  # auditors: their assignments only

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/assign/", view(self.assign_view), name="certification_application_assign"
            ),
            path(
                "<int:pk>/findings/",
                view(self.findings_view),
                name="certification_application_findings",
            ),
            path(
                "<int:pk>/decide/", view(self.decide_view), name="certification_application_decide"
            ),
            path(
                "<int:pk>/act/<slug:action>/",
                view(self.act_view),
                name="certification_application_act",
            ),
            *super().get_urls(),
        ]

    def _get(self, request, pk: int) -> Application:
        application = get_object_or_404(self.get_queryset(request), pk=pk)
        if not workflow.can_view(request.user, application):
            raise PermissionDenied
        return application

    def _findings_form(self, application, data=None) -> FindingsForm:
        indicators = list(
            PrincipleIndicator.objects.filter(principle__principle_set=application.principle_set_id)
            .select_related("principle")
            .order_by("principle__code", "code")
        )
        current = application.findings.filter(round=services.audit_round(application))
        return FindingsForm(
            data, indicators=indicators, existing={f.indicator_id: f for f in current}
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self._get(request, int(object_id))
        round_ = services.audit_round(application)
        context = {
            **(extra_context or {}),
            "application": application,
            "is_officer": workflow.is_officer(request.user),
            "is_auditor": application.auditor_id == request.user.pk,
            "assign_form": AssignAuditorForm(),
            "findings_form": self._findings_form(application),
            "decision_form": DecisionForm(),
            "round": round_,
            "findings": application.findings.select_related("indicator").order_by(
                "-round", "indicator__code"
            ),
            "actions": workflow.available_actions(request.user, application),
        }
        return super().change_view(request, object_id, form_url, context)

    def assign_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        application = self._get(request, pk)
        form = AssignAuditorForm(request.POST or None)
        if request.method != "POST" or not form.is_valid():
            self.message_user(request, _("Choose an auditor."), messages.ERROR)
            return self._redirect(application)
        action = "reaudit" if application.state == Application.State.DEFERRED else "assign_auditor"
        return self._run(
            request,
            application,
            lambda: services.application_act(
                user=request.user,
                application=application,
                action=action,
                auditor=form.cleaned_data["auditor"],
            ),
            _("Auditor assigned."),
        )

    def findings_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        application = self._get(request, pk)
        form = self._findings_form(application, request.POST or None)
        if request.method != "POST" or not form.is_valid():
            return self._redirect(application)

        def save():
            services.findings_save(
                user=request.user, application=application, findings=form.findings()
            )
            if "complete" in request.POST:
                services.application_act(
                    user=request.user, application=application, action="complete_audit"
                )

        return self._run(request, application, save, _("Findings saved."))

    def decide_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        application = self._get(request, pk)
        form = DecisionForm(request.POST or None)
        if request.method != "POST" or not form.is_valid():
            self.message_user(request, _("Choose a decision and give the reasons."), messages.ERROR)
            return self._redirect(application)
        return self._run(
            request,
            application,
            lambda: services.application_act(
                user=request.user,
                application=application,
                action=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            ),
            _("Decision recorded."),
        )

    def act_view(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        application = self._get(request, pk)
        if request.method != "POST":
            return self._redirect(application)
        return self._run(
            request,
            application,
            lambda: services.application_act(
                user=request.user,
                application=application,
                action=action,
                reason=request.POST.get("reason", ""),
            ),
            _("Done."),
        )


@admin.register(Label)
class LabelAdmin(StatePagesMixin, ReadOnlyAdmin):
    list_display = ["number", "enterprise", "status", "issued_on", "expires_on", "is_sample"]
    list_filter = ["status", "is_sample"]
    search_fields = ["number", "enterprise__legal_name"]
    list_select_related = ["enterprise"]
    change_form_template = "admin/certification/label/status.html"

    def get_urls(self):
        return [
            path(
                "<int:pk>/status/",
                self.admin_site.admin_view(self.status_view),
                name="certification_label_status",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        label = get_object_or_404(Label, pk=object_id)
        context = {
            **(extra_context or {}),
            "label": label,
            "form": LabelStatusForm(),
            "history": label.history.select_related("by"),
            "can_change": workflow.is_officer(request.user),
        }
        return super().change_view(request, object_id, form_url, context)

    def status_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        label = get_object_or_404(Label, pk=pk)
        form = LabelStatusForm(request.POST or None)
        if request.method != "POST" or not form.is_valid():
            self.message_user(request, _("Choose a change and give the reason."), messages.ERROR)
            return self._redirect(label)
        return self._run(
            request,
            label,
            lambda: services.label_change_status(
                user=request.user,
                label=label,
                move=form.cleaned_data["move"],
                reason=form.cleaned_data["reason"],
            ),
            _("The label's status is changed; the registry shows it now."),
        )


@admin.register(Complaint)
class ComplaintAdmin(StatePagesMixin, ReadOnlyAdmin):
    list_display = ["subject", "kind", "received_at", "status", "outcome", "officer"]
    list_filter = ["kind", "status", "outcome"]
    search_fields = [
        "label__number",
        "label__enterprise__legal_name",
        "claimed_enterprise_name",
        "claimed_number",
    ]
    list_select_related = ["label__enterprise", "claim_country", "officer"]
    change_form_template = "admin/certification/complaint/handle.html"

    @admin.display(description=gettext_lazy("label or enterprise"), ordering="label__number")
    def subject(self, complaint: Complaint) -> str:
        return complaint.subject

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/investigate/",
                view(self.investigate_view),
                name="certification_complaint_investigate",
            ),
            path("<int:pk>/close/", view(self.close_view), name="certification_complaint_close"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        complaint = get_object_or_404(
            Complaint.objects.select_related("label__enterprise", "claim_country"), pk=object_id
        )
        context = {
            **(extra_context or {}),
            "complaint": complaint,
            "form": ComplaintCloseForm(),
            "can_handle": workflow.is_officer(request.user),
        }
        return super().change_view(request, object_id, form_url, context)

    def investigate_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        complaint = get_object_or_404(Complaint, pk=pk)
        if request.method != "POST":
            return self._redirect(complaint)
        return self._run(
            request,
            complaint,
            lambda: services.complaint_investigate(user=request.user, complaint=complaint),
            _("You are investigating this complaint."),
        )

    def close_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        complaint = get_object_or_404(Complaint, pk=pk)
        form = ComplaintCloseForm(request.POST or None)
        if request.method != "POST" or not form.is_valid():
            self.message_user(
                request, _("Choose the outcome and write the findings."), messages.ERROR
            )
            return self._redirect(complaint)
        return self._run(
            request,
            complaint,
            lambda: services.complaint_close(
                user=request.user,
                complaint=complaint,
                outcome=form.cleaned_data["outcome"],
                notes=form.cleaned_data["notes"],
            ),
            _("Complaint closed."),
        )


class PrincipleInline(admin.StackedInline):
    model = Principle
    extra = 0


@admin.register(PrincipleSet)
class PrincipleSetAdmin(admin.ModelAdmin):
    list_display = ["title", "version", "adopted_on", "is_current", "is_sample"]
    inlines = [PrincipleInline]


class IndicatorInline(admin.TabularInline):
    model = PrincipleIndicator
    extra = 1


@admin.register(Principle)
class PrincipleAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "principle_set"]
    list_filter = ["principle_set"]
    inlines = [IndicatorInline]


class TemplateCommitmentInline(admin.StackedInline):
    model = TemplateCommitment
    extra = 1


@admin.register(TwinningTemplate)
class TwinningTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "version", "is_sample"]
    inlines = [TemplateCommitmentInline]


class CommitmentInline(admin.StackedInline):
    model = Commitment
    extra = 0


class BenefitInline(admin.TabularInline):
    model = Benefit
    extra = 0


@admin.register(Twinning)
class TwinningAdmin(StatePagesMixin, admin.ModelAdmin):
    """Commitments and benefits are adapted here; a new twinning with a template starts from
    a copy of the template's commitments; reviews are added with the review page."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "origin", "destination", "status", "signed_on", "is_sample"]
    list_filter = ["status", "is_sample"]
    search_fields = ["title", "origin__name_en", "destination__name_en"]
    autocomplete_fields = ["origin", "destination"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CommitmentInline, BenefitInline]
    change_form_template = "admin/certification/twinning/change_form.html"
    # The status moves through the services only: signing (action below), reviews (page).
    readonly_fields = ["status", "signed_on"]
    actions = ["sign_today"]

    @admin.action(description=gettext_lazy("Record as signed today"))
    def sign_today(self, request, queryset) -> None:
        from django.utils import timezone

        for twinning in queryset:
            self._run(
                request,
                twinning,
                lambda t=twinning: services.twinning_sign(
                    user=request.user, twinning=t, signed_on=timezone.localdate()
                ),
                _("%(twinning)s is signed.") % {"twinning": twinning},
            )

    def save_model(self, request, obj, form, change) -> None:
        if change:
            services.twinning_update(user=request.user, twinning=obj)
            return
        created = services.twinning_create(
            user=request.user,
            origin=obj.origin,
            destination=obj.destination,
            title=obj.title,
            template=obj.template,
            summary=obj.summary,
            is_sample=obj.is_sample,
        )
        obj.pk, obj.slug = created.pk, created.slug

    def get_urls(self):
        return [
            path(
                "<int:pk>/review/",
                self.admin_site.admin_view(self.review_view),
                name="certification_twinning_review",
            ),
            *super().get_urls(),
        ]

    def review_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        twinning = get_object_or_404(Twinning, pk=pk)
        if not self.has_change_permission(request, twinning):
            raise PermissionDenied
        form = TwinningReviewForm(request.POST or None, commitments=twinning.commitments.all())
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.twinning_review(
                    user=request.user,
                    twinning=twinning,
                    period_start=data["period_start"],
                    period_end=data["period_end"],
                    summary=data["summary"],
                    recommendations=data["recommendations"],
                    ratings=form.ratings(),
                )
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(request, _("Review recorded."), messages.SUCCESS)
                return self._redirect(twinning)
        return TemplateResponse(
            request,
            "admin/certification/twinning/review.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "twinning": twinning,
                "form": form,
                "title": _("Implementation review"),
            },
        )
