from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = _("Certification")

    def ready(self) -> None:
        from imdi_portal.profile import ProfileSection, nothing_published, register_section

        register_section(
            ProfileSection(
                key="certification",
                order=50,
                title=_("Labelled enterprises and twinnings"),
                empty_message=_(
                    "No enterprise in this country holds the IMDI quality label yet, "
                    "and the country takes part in no twinning."
                ),
                build=nothing_published,
            )
        )
