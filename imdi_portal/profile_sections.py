"""Profile sections owned by the core app."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from imdi_portal.profile import ProfileSection, register_section
from imdi_portal.selectors import organisation_list_for_country


def _organisations(country: Any) -> dict[str, Any] | None:
    organisations = list(organisation_list_for_country(country=country))
    return {"organisations": organisations} if organisations else None


def register() -> None:
    register_section(
        ProfileSection(
            key="organisations",
            order=60,
            title=_("Organisations and focal points"),
            template="imdi_portal/profile/_organisations.html",
            empty_message=_(
                "No national focal point or organisation based in this country is listed yet."
            ),
            build=_organisations,
        )
    )
