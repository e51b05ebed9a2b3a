from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from imdi_portal.profile import ProfileSection, nothing_published, register_section

        register_section(
            ProfileSection(
                key="projects",
                order=40,
                title=_("IMDI projects"),
                empty_message=_("No IMDI project involving this country has been approved yet."),
                build=nothing_published,
            )
        )
