from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GatewayConfig(AppConfig):
    """The information gateway (programmes and activities, good practices, the objectives of
    the Global Compact for Migration) and the directory of focal points and contact points."""

    name = "imdi_portal.gateway"
    label = "gateway"
    verbose_name = _("Information gateway")

    def ready(self) -> None:
        from imdi_portal.core.cache import GATEWAY, invalidate_on_save, register_scope
        from imdi_portal.core.models import Organisation
        from imdi_portal.gateway import profile_sections, search
        from imdi_portal.gateway.models import Activity, Contact, GoodPractice

        register_scope(GATEWAY)
        # Organisations count too: the directory section lists those based in a country.
        invalidate_on_save(GATEWAY, [Activity, GoodPractice, Contact, Organisation])
        profile_sections.register()
        search.register()
