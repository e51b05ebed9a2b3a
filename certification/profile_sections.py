"""The certification section of the country profile, cached until a label, an enterprise
or a twinning changes (a suspension shows at once all the same)."""

from django.utils.translation import gettext_lazy as _

from imdi_portal.core.cache import cached_on_data
from imdi_portal.core.profile import ProfileSection, register_section


def _build(country):
    from certification.selectors import country_section

    return cached_on_data(
        f"profile-certification:{country.iso3}",
        lambda: country_section(country),
        scope="certification",
    )


def register() -> None:
    """Add the section to the profile (called by apps.py)."""
    register_section(
        ProfileSection(
            key="certification",
            order=50,
            title=_("Labelled enterprises and twinnings"),
            template="certification/_country_section.html",
            empty_message=_(
                "No enterprise in this country holds the IMDI quality label yet, "
                "and the country takes part in no twinning."
            ),
            build=_build,
        )
    )
