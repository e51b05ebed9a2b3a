"""Admin rules for records that belong to one country (laws, regimes, shortage lists).

Focal points see, choose and change only their own country's records; the Secretariat sees
all. The rule itself is imdi_portal.roles.can_edit_country.
"""

from imdi_portal.core.models import Country
from imdi_portal.core.roles import can_edit_country, is_secretariat


class OwnCountryMixin:
    country_field = "country"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_secretariat(request.user):
            return queryset
        return queryset.filter(**{f"{self.country_field}_id": request.user.country_id})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == self.country_field and not is_secretariat(request.user):
            kwargs["queryset"] = Country.objects.filter(pk=request.user.country_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return can_edit_country(request.user, getattr(obj, self.country_field))[0]

    def has_delete_permission(self, request, obj=None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return can_edit_country(request.user, getattr(obj, self.country_field))[0]
