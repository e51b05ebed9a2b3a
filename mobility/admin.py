"""Admin of the job-mobility area: agencies with their licences and blacklist entries, and
vacancies, kept by the focal points and the Secretariat. Worker profiles show only what
administration needs (no occupations, qualifications or languages), and opening one is
logged in the profile's access log as any other view."""

from django.contrib import admin
from django.db import models

from imdi_portal.core.admin_country import OwnCountryMixin
from imdi_portal.core.roles import can_edit_country, is_secretariat
from mobility.models import (
    BlacklistEntry,
    Consent,
    Licence,
    PreselectionItem,
    ProfileView,
    RecruitmentAgency,
    Vacancy,
    VacancyLanguage,
    WorkerProfile,
)
from mobility.services import profile_views_record

HTTPS = {models.URLField: {"assume_scheme": "https"}}


class AgencyCountryMixin:
    """Licences and blacklist entries belong to their agency's country of licence: a focal
    point sees and changes only those of their own country (as OwnCountryMixin)."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)  # type: ignore[misc]
        if is_secretariat(request.user):
            return queryset
        return queryset.filter(agency__country_id=request.user.country_id)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agency" and not is_secretariat(request.user):
            kwargs["queryset"] = RecruitmentAgency.objects.filter(
                country_id=request.user.country_id
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)  # type: ignore[misc]
        if obj is None or not allowed:
            return allowed
        return can_edit_country(request.user, obj.agency.country)[0]


class LicenceInline(admin.TabularInline):
    formfield_overrides = HTTPS
    model = Licence
    extra = 0


class BlacklistEntryInline(admin.TabularInline):
    formfield_overrides = HTTPS
    model = BlacklistEntry
    extra = 0


@admin.register(RecruitmentAgency)
class RecruitmentAgencyAdmin(OwnCountryMixin, admin.ModelAdmin):
    formfield_overrides = HTTPS
    list_display = ["name", "country", "organisation", "is_sample"]
    list_filter = ["country", "is_sample"]
    search_fields = ["name", "licences__number"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organisation"]
    inlines = [LicenceInline, BlacklistEntryInline]


@admin.register(Licence)
class LicenceAdmin(AgencyCountryMixin, admin.ModelAdmin):
    formfield_overrides = HTTPS
    list_display = ["number", "agency", "issuing_authority", "status", "valid_from", "valid_to"]
    list_filter = ["status", "agency__country"]
    search_fields = ["number", "agency__name"]


@admin.register(BlacklistEntry)
class BlacklistEntryAdmin(AgencyCountryMixin, admin.ModelAdmin):
    formfield_overrides = HTTPS
    list_display = ["agency", "decision_reference", "decided_on", "lifted_on"]
    search_fields = ["agency__name", "decision_reference"]


class VacancyLanguageInline(admin.TabularInline):
    model = VacancyLanguage
    extra = 0


@admin.register(Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS
    list_display = ["title", "agency", "destination", "occupation", "status", "is_sample"]
    list_filter = ["status", "destination", "is_sample"]
    search_fields = ["title", "agency__name", "occupation__code"]
    raw_id_fields = ["occupation", "permit_category", "agreement", "twinning", "posted_by"]
    inlines = [VacancyLanguageInline]


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    can_delete = False
    fields = ["audience", "country", "granted_at", "withdrawn_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WorkerProfile)
class WorkerProfileAdmin(admin.ModelAdmin):
    """Read-only: a profile is the person's own; administration sees its standing only."""

    list_display = ["__str__", "created_at", "last_active_at"]
    fields = ["reference", "created_at", "last_active_at", "is_abroad", "wants_to_return"]
    readonly_fields = fields
    inlines = [ConsentInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        profile = WorkerProfile.objects.filter(pk=object_id).first()
        if profile is not None and getattr(response, "status_code", 200) == 200:
            profile_views_record(
                viewer=request.user, profiles=[profile], context=ProfileView.Context.ADMIN
            )
        return response


@admin.register(ProfileView)
class ProfileViewAdmin(admin.ModelAdmin):
    list_display = ["profile", "viewed_at", "context", "agency"]
    list_filter = ["context"]
    fields = ["profile", "viewer", "agency", "vacancy", "context", "viewed_at"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PreselectionItem)
class PreselectionItemAdmin(admin.ModelAdmin):
    """The pre-selection criteria agreed per bilateral agreement or Twinning (Secretariat).
    An application under a vacancy of that agreement or Twinning is pre-selected only once
    the agency has ticked every required one."""

    list_display = ["text", "agreement", "twinning", "is_required", "order"]
    list_filter = ["is_required"]
    search_fields = ["text"]
    raw_id_fields = ["agreement", "twinning"]
