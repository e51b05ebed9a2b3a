from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = _("Certification")

    def ready(self) -> None:
        from imdi_portal.profile import ProfileSection, register_section

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
                build=_country_section,
            )
        )


def _country_section(country):
    from certification.selectors import country_section

    return country_section(country)
