from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemittancesConfig(AppConfig):
    name = "remittances"
    verbose_name = _("Remittances")

    def ready(self) -> None:
        from remittances import importers, indicators, profile_sections, search

        importers.register()
        indicators.register()
        profile_sections.register()
        search.register()
