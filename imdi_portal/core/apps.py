from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs) -> None:
    from django.contrib.auth.models import Group, Permission

    from imdi_portal.core.roles import roles_sync

    roles_sync(Group, Permission)


def _track_site_changes() -> None:
    """Every app whose code lives in this repository shows content on public pages."""
    from django.apps import apps
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from imdi_portal.core.cache import track_site_changes

    ours = [
        config.label
        for config in apps.get_app_configs()
        if str(config.path).startswith(str(settings.BASE_DIR)) and ".venv" not in str(config.path)
    ]
    track_site_changes(ours, not_shown=[get_user_model()])


class ImdiPortalConfig(AppConfig):
    """The core: countries, regions, organisations and their accounts, users and roles, and
    what every app shares. Its label stays "imdi_portal" (tables, migrations, permissions and
    AUTH_USER_MODEL keep their names) although the code lives in imdi_portal.core."""

    name = "imdi_portal.core"
    label = "imdi_portal"
    verbose_name = _("IMDI core")

    def ready(self) -> None:
        # Runs after every app's permissions were created (auth's own post_migrate handler
        # is connected first), so the groups always hold the permissions listed in roles.py.
        post_migrate.connect(_sync_roles, dispatch_uid="imdi_portal.sync_roles")

        from imdi_portal.core import api_schema, search_sources

        api_schema.register()

        search_sources.register()
        _track_site_changes()
