from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabourMarketConfig(AppConfig):
    name = "labour_market"
    verbose_name = _("Labour market and skills")

    def ready(self) -> None:
        from imdi_portal.core.profile import ProfileSection, register_section, statistics_updated
        from labour_market import (
            importers,  # noqa: F401 - registers the import sources
            indicators,  # noqa: F401 - registers derived indicators
        )
        from labour_market.selectors import country_section

        register_section(
            ProfileSection(
                key="labour-market",
                order=20,
                title=_("Labour market and skills"),
                empty_message=_(
                    "No labour market, skills or migrant stock figures have been loaded "
                    "for this country yet."
                ),
                build=country_section,
                template="labour_market/_country_section.html",
                updated=statistics_updated,
                updated_label=_("Statistics last imported on %(date)s."),
            )
        )
