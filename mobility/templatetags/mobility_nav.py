"""The job-mobility menu: each signed-in person sees the links of the roles they hold, so no
link leads to a page that would answer "not found" (a verifier is not an agency)."""

from typing import Any

from django import template

from mobility.permissions import agency_of, verifier_organisation

register = template.Library()


@register.inclusion_tag("mobility/_nav.html", takes_context=True)
def mobility_nav(context: template.Context) -> dict[str, Any]:
    user = context.get("user")
    signed_in = bool(user is not None and user.is_authenticated)
    return {
        "signed_in": signed_in,
        "is_agency": signed_in and agency_of(user) is not None,
        "is_verifier": signed_in and verifier_organisation(user) is not None,
    }
