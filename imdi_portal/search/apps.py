from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "imdi_portal.search"
    label = "search"
    verbose_name = _("Search")
