"""Profile sections owned by the core app: the information gateway (activities and good
practices naming the country) and the directory (focal points, contact points and the
organisations based there). Both are cached until gateway content changes."""

from typing import Any

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from imdi_portal.core.cache import GATEWAY, cached_on_data
from imdi_portal.core.profile import ProfileSection, flagged_empty, register_section


def _gateway_flags() -> dict[str, Any]:
    from imdi_portal.gateway.models import Activity, GoodPractice

    return {
        f"_has_{name}": Exists(model.objects.published().filter(countries=OuterRef("pk")))
        for name, model in (("activities", Activity), ("practices", GoodPractice))
    }


def _directory_flags() -> dict[str, Any]:
    from imdi_portal.core.models import Organisation
    from imdi_portal.gateway.models import Contact

    return {
        "_has_contacts": Exists(Contact.objects.public().filter(country=OuterRef("pk"))),
        "_has_organisations": Exists(Organisation.objects.filter(country=OuterRef("pk"))),
    }


def _gateway(country: Any) -> dict[str, Any] | None:
    from imdi_portal.gateway.services import country_gateway

    if flagged_empty(country, "_has_activities", "_has_practices"):
        return None
    items = cached_on_data(
        f"profile-gateway:{country.iso3}", lambda: country_gateway(country), scope=GATEWAY
    )
    if not items:
        return None
    return {
        "activities": [i for i in items if i.kind == "activity"],
        "practices": [i for i in items if i.kind == "practice"],
        "country": country,
        "updated": max(i.published_at for i in items),
    }


def _contacts(country: Any) -> dict[str, Any] | None:
    from imdi_portal.gateway.directory import country_directory

    if flagged_empty(country, "_has_contacts", "_has_organisations"):
        return None
    data = cached_on_data(
        f"profile-contacts:{country.iso3}", lambda: country_directory(country), scope=GATEWAY
    )
    if not (data["contacts"] or data["organisations"]):
        return None
    return {**data, "country": country}


def register() -> None:
    register_section(
        ProfileSection(
            key="gateway",
            order=55,
            title=_("Programmes, activities and good practices"),
            template="gateway/_country_section.html",
            empty_message=_(
                "No programme, activity or good practice naming this country is published yet."
            ),
            build=_gateway,
            country_flags=_gateway_flags,
            updated=lambda data: data["updated"],
        )
    )
    register_section(
        ProfileSection(
            key="organisations",
            order=60,
            title=_("Focal points and contacts"),
            template="gateway/_directory_section.html",
            empty_message=_(
                "No national focal point, contact point or organisation based in this country "
                "is listed yet."
            ),
            build=_contacts,
            country_flags=_directory_flags,
            updated=lambda data: data["updated"],
        )
    )
