from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabourMarketConfig(AppConfig):
    name = "labour_market"
    verbose_name = _("Labour market and skills")

    def ready(self) -> None:
        from labour_market import importers, indicators, profile_sections, search

        importers.register()
        indicators.register()
        profile_sections.register()
        search.register()
