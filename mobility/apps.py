from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MobilityConfig(AppConfig):
    name = "mobility"
    verbose_name = _("Job mobility")

    def ready(self) -> None:
        from imdi_portal.core.cache import invalidate_on_save, register_scope
        from mobility import profile_sections, retention, statistics

        register_scope(statistics.SCOPE)
        invalidate_on_save(statistics.SCOPE, statistics.CACHED_MODELS)
        profile_sections.register()
        retention.register()
