"""The permits section of the country profile."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from imdi_portal.core.profile import ProfileSection, register_section


def _build(country) -> dict[str, Any] | None:
    from legislation.selectors import country_section

    data = country_section(country=country)
    shown = ("regime", "laws", "categories", "agreements")
    return data if any(data[key] for key in shown) else None


def _updated(data):
    dates = [c.updated_at for c in data["categories"]]
    if data["regime"] is not None:
        dates.append(data["regime"].updated_at)
    return max(dates, default=None)


def register() -> None:
    """Add the section to the profile (called by apps.py)."""
    register_section(
        ProfileSection(
            key="permits",
            order=10,
            title=_("Permits and regulatory framework"),
            empty_message=_(
                "No permit categories or migration laws have been published for this "
                "country yet. National focal points enter them in IMDI's common "
                "format of twelve elements."
            ),
            build=_build,
            template="legislation/_country_section.html",
            country_joins=("regime",),
            updated=_updated,
        )
    )
