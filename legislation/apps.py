from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegislationConfig(AppConfig):
    name = "legislation"
    verbose_name = _("Regulatory frameworks")

    def ready(self) -> None:
        from imdi_portal.profile import ProfileSection, nothing_published, register_section

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
                build=nothing_published,
            )
        )
