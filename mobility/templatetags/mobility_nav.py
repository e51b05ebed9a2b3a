"""The job-mobility menu: each signed-in person sees the links of the roles they hold, so no
link leads to a page that would answer "not found" (a verifier is not an agency); the page
shown is marked aria-current."""

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from imdi_portal.core.roles import Role
from mobility.permissions import agency_of, employment_service_country, verifier_organisation

register = template.Library()


def _links(user: Any) -> list[tuple[str, str]]:
    links = [
        ("mobility:vacancies", _("Vacancies")),
        ("mobility:agencies", _("Recruitment agencies")),
        ("mobility:blacklist", _("Blacklist")),
    ]
    if user is None or not user.is_authenticated:
        return [*links, ("mobility:register", _("Register as a worker"))]
    links += [
        ("mobility:my-profile", _("My profile")),
        ("mobility:my-applications", _("My applications")),
    ]
    if not user.organisation_id:
        return links
    # One query for the groups; the role checks run only for the roles held.
    groups = set(user.groups.values_list("name", flat=True))
    if agency_of(user) is not None:
        links.append(("mobility:agency", _("My agency")))
    if Role.VERIFIER in groups and verifier_organisation(user) is not None:
        links.append(("mobility:verify", _("Checks of qualifications and languages")))
    if Role.EMPLOYMENT_SERVICE in groups and employment_service_country(user) is not None:
        links.append(("mobility:service", _("Employment service")))
    return links


@register.inclusion_tag("mobility/_nav.html", takes_context=True)
def mobility_nav(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    path = request.path if request is not None else ""
    links = []
    for name, label in _links(context.get("user")):
        url = reverse(name)
        links.append({"url": url, "label": label, "current": url == path})
    return {"links": links}
