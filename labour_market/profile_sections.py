"""The labour market section of the country profile."""

from django.utils.translation import gettext_lazy as _

from imdi_portal.core.profile import ProfileSection, register_section, statistics_updated


def _build(country):
    from labour_market.presenters import stock_chart
    from labour_market.selectors import country_section

    data = country_section(country)
    if data and data["immigrants"]:
        # Drawn per request: the figures are cached in every language, the chart's words not.
        data = {**data, "stock_chart": stock_chart(data["immigrants"]["trend"])}
    return data


def register() -> None:
    """Add the section to the profile (called by apps.py)."""
    register_section(
        ProfileSection(
            key="labour-market",
            order=20,
            title=_("Labour market and skills"),
            empty_message=_(
                "No labour market, skills or migrant stock figures have been loaded "
                "for this country yet."
            ),
            build=_build,
            template="labour_market/_country_section.html",
            updated=statistics_updated,
            updated_label=_("Statistics last imported on %(date)s."),
        )
    )
