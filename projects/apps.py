from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from imdi_portal.core.cache import invalidate_on_save, register_scope
        from projects import profile_sections, receivers, search
        from projects.models import Proposal

        # The profile section is cached; an approved project's changes show at once.
        register_scope("projects")
        invalidate_on_save("projects", [Proposal], when=lambda p: p.is_public)
        profile_sections.register()
        search.register()
        receivers.connect()
