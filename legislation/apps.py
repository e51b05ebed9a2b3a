from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegislationConfig(AppConfig):
    name = "legislation"
    verbose_name = _("Regulatory frameworks")

    def ready(self) -> None:
        from legislation import importers, profile_sections, search

        importers.register()
        profile_sections.register()
        search.register()
