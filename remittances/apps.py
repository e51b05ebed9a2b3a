from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemittancesConfig(AppConfig):
    name = "remittances"
    verbose_name = _("Remittances")

    def ready(self) -> None:
        from imdi_portal.profile import ProfileSection, nothing_published, register_section

        register_section(
            ProfileSection(
                key="remittances",
                order=30,
                title=_("Remittances"),
                empty_message=_(
                    "No remittance volumes or costs have been loaded for this country yet."
                ),
                build=nothing_published,
            )
        )
