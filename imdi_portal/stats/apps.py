from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    """The statistical store and what reads it generically: the import pipeline, derived
    indicators, projections, the explorer, the world map and the charts."""

    name = "imdi_portal.stats"
    label = "stats"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from imdi_portal.core.cache import STATISTICS, register_scope
        from imdi_portal.stats import importers, search

        register_scope(STATISTICS)
        importers.register()
        search.register()
