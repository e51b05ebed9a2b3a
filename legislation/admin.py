"""Admin of the regulatory-framework database.

Categories are edited in the portal's editor (/legislation/manage/), which runs the editorial
workflow; the admin lists them read-only. Laws and agreements are kept here. Focal points see
and edit the laws of their own country only.
"""

from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from imdi_portal.models import Country
from imdi_portal.roles import Role, can_edit_country, has_role
from legislation.models import Agreement, CountryRegime, Law, PermitCategory


def _is_secretariat(user) -> bool:
    return user.is_superuser or has_role(user, Role.SECRETARIAT)


class OwnCountryMixin:
    """Focal points see and choose only their own country; the Secretariat sees all."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if _is_secretariat(request.user):
            return queryset
        return queryset.filter(country_id=request.user.country_id)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "country" and not _is_secretariat(request.user):
            kwargs["queryset"] = Country.objects.filter(pk=request.user.country_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(PermitCategory)
class PermitCategoryAdmin(OwnCountryMixin, admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "name_en",
        "country",
        "kind",
        "state",
        "last_verified_on",
        "is_sample",
        "editor_link",
    ]
    list_filter = ["state", "kind", "is_sample"]
    search_fields = ["name_en", "name_fr", "name_es", "country__name_en", "country__iso3"]
    list_select_related = ["country"]

    @admin.display(description=_("editor"))
    def editor_link(self, category: PermitCategory) -> str:
        url = reverse("legislation:manage-edit", args=[category.pk])
        return format_html('<a href="{}">{}</a>', url, _("Open in the editor"))

    def has_add_permission(self, request) -> bool:
        return False  # new categories start in the editor, as drafts

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser


@admin.register(Law)
class LawAdmin(OwnCountryMixin, admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "country", "year", "source", "is_sample"]
    list_filter = ["source", "is_sample"]
    search_fields = ["title", "country__name_en", "country__iso3"]
    list_select_related = ["country"]
    autocomplete_fields = ["country"]

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return can_edit_country(request.user, obj.country)[0]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "kind", "signed_year", "is_sample"]
    list_filter = ["kind", "is_sample"]
    search_fields = ["title", "countries__name_en", "countries__iso3"]
    filter_horizontal = ["countries"]


@admin.register(CountryRegime)
class CountryRegimeAdmin(OwnCountryMixin, admin.ModelAdmin):
    list_display = ["country", "is_sample", "updated_at"]
    search_fields = ["country__name_en", "country__iso3"]
    autocomplete_fields = ["country"]
