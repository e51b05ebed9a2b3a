"""The job-mobility menu: each signed-in person sees the links of the roles they hold, so no
link leads to a page that would answer "not found" (a verifier is not an agency)."""

from typing import Any

from django import template

from imdi_portal.core.roles import Role
from mobility.permissions import agency_of, employment_service_country, verifier_organisation

register = template.Library()


@register.inclusion_tag("mobility/_nav.html", takes_context=True)
def mobility_nav(context: template.Context) -> dict[str, Any]:
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return {"signed_in": False}
    # One query for the groups; the role checks run only for the roles held.
    groups = set(user.groups.values_list("name", flat=True)) if user.organisation_id else set()
    return {
        "signed_in": True,
        "is_agency": bool(user.organisation_id) and agency_of(user) is not None,
        "is_verifier": Role.VERIFIER in groups and verifier_organisation(user) is not None,
        "is_service": Role.EMPLOYMENT_SERVICE in groups
        and employment_service_country(user) is not None,
    }
