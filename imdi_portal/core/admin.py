from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from imdi_portal.core.models import Country, Organisation, Region, User

admin.site.site_header = _("IMDI portal administration")
admin.site.site_title = _("IMDI portal admin")
admin.site.index_title = _("International Migration and Development Initiative")


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    list_select_related = ["parent"]


@admin.register(Country)
class CountryAdmin(SimpleHistoryAdmin):
    list_display = ["name_en", "iso3", "iso2", "m49", "region", "sub_region", "income_group"]
    list_filter = ["region", "income_group"]
    search_fields = ["name_en", "name_fr", "name_es", "iso3", "iso2", "m49"]
    list_select_related = ["region", "sub_region"]
    # Codes and names come from the reference files; only the classification may be corrected.
    readonly_fields = ["iso2", "iso3", "m49", "name_en", "name_fr", "name_es"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "acronym", "kind", "country", "is_gmg_member", "is_approved"]
    list_filter = ["is_approved", "kind", "is_gmg_member", "is_sample"]
    search_fields = ["name", "acronym"]
    prepopulated_fields = {"slug": ["acronym"]}
    autocomplete_fields = ["country"]
    list_select_related = ["country"]
    actions = ["approve"]

    @admin.action(description=_("Approve the organisation (its members become submitters)"))
    def approve(self, request, queryset) -> None:
        from imdi_portal.core.accounts import organisation_approve
        from imdi_portal.core.exceptions import DomainError

        for organisation in queryset.filter(is_approved=False):
            try:
                count = organisation_approve(user=request.user, organisation=organisation)
            except DomainError as exc:
                self.message_user(request, str(exc), messages.ERROR)
                return
            self.message_user(
                request,
                _("%(org)s approved; %(n)d member(s) may now submit proposals.")
                % {"org": organisation, "n": count},
            )


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "organisation", "country"]
    list_filter = [*DjangoUserAdmin.list_filter, "groups"]
    list_select_related = ["organisation", "country"]
    autocomplete_fields = ["organisation", "country"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("IMDI"), {"fields": ["organisation", "country"]}),
    ]
