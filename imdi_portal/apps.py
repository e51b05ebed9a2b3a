from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs) -> None:
    from django.contrib.auth.models import Group, Permission

    from imdi_portal.roles import roles_sync

    roles_sync(Group, Permission)


class ImdiPortalConfig(AppConfig):
    name = "imdi_portal"
    verbose_name = _("IMDI core")

    def ready(self) -> None:
        # Runs after every app's permissions were created (auth's own post_migrate handler
        # is connected first), so the groups always hold the permissions listed in roles.py.
        post_migrate.connect(_sync_roles, dispatch_uid="imdi_portal.sync_roles")

        from imdi_portal import profile_sections, search_sources
        from imdi_portal.cache import GATEWAY, invalidate_on_save
        from imdi_portal.models import Activity, Contact, GoodPractice, Organisation

        invalidate_on_save(GATEWAY, [Activity, GoodPractice, Contact, Organisation])

        profile_sections.register()
        search_sources.register()
