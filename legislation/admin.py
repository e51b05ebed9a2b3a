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

from imdi_portal.core.admin_country import OwnCountryMixin
from legislation.models import Agreement, CountryRegime, Law, PermitCategory


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
