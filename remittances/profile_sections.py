"""The remittances section of the country profile."""

from django.utils.translation import gettext_lazy as _

from imdi_portal.core.profile import ProfileSection, register_section, statistics_updated


def _build(country):
    from remittances.presenters import profile_charts
    from remittances.selectors import country_section

    data = country_section(country)
    # The figures are cached in every language; the charts' words are drawn per request.
    return {**data, **profile_charts(data)} if data else data


def register() -> None:
    """Add the section to the profile (called by apps.py)."""
    register_section(
        ProfileSection(
            key="remittances",
            order=30,
            title=_("Remittances"),
            empty_message=_(
                "No remittance volumes or costs have been loaded for this country yet."
            ),
            build=_build,
            template="remittances/_country_section.html",
            updated=statistics_updated,
            updated_label=_("Statistics last imported on %(date)s."),
        )
    )
