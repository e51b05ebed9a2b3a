from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemittancesConfig(AppConfig):
    name = "remittances"
    verbose_name = _("Remittances")

    def ready(self) -> None:
        from imdi_portal.core.profile import ProfileSection, register_section, statistics_updated
        from remittances import (
            importers,  # noqa: F401 - registers the import sources
            indicators,  # noqa: F401 - registers derived indicators and cost averages
        )
        from remittances.selectors import country_section

        register_section(
            ProfileSection(
                key="remittances",
                order=30,
                title=_("Remittances"),
                empty_message=_(
                    "No remittance volumes or costs have been loaded for this country yet."
                ),
                build=country_section,
                template="remittances/_country_section.html",
                updated=statistics_updated,
                updated_label=_("Statistics last imported on %(date)s."),
            )
        )
