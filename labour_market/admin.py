"""Admin of the labour market app: shortage lists (focal points: own country only) and the
classifications (read-only; they come from the official files by import)."""

from django.contrib import admin
from django.db import models

from imdi_portal.core.admin_country import OwnCountryMixin
from labour_market.models import Industry, Occupation, ShortageEntry, ShortageList


class ShortageEntryInline(admin.TabularInline):
    model = ShortageEntry
    extra = 3
    autocomplete_fields = ["occupation"]


@admin.register(ShortageList)
class ShortageListAdmin(OwnCountryMixin, admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "country", "region", "valid_from", "valid_to", "is_sample"]
    list_filter = ["is_sample", "valid_from"]
    search_fields = ["title", "source", "country__name_en", "country__iso3"]
    list_select_related = ["country"]
    autocomplete_fields = ["country"]
    inlines = [ShortageEntryInline]


class ClassificationAdmin(admin.ModelAdmin):
    list_display = ["code", "title_en", "level"]
    list_filter = ["level"]
    search_fields = ["code", "title_en", "title_fr"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Occupation)
class OccupationAdmin(ClassificationAdmin):
    def has_view_permission(self, request, obj=None) -> bool:
        # Focal points pick occupations in shortage lists (autocomplete needs view access).
        return request.user.is_active and request.user.is_staff


admin.register(Industry)(ClassificationAdmin)
