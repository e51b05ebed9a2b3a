from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from imdi_portal.profile import ProfileSection, register_section

        register_section(
            ProfileSection(
                key="projects",
                order=40,
                title=_("IMDI projects"),
                template="projects/_country_section.html",
                empty_message=_("No IMDI project involving this country has been approved yet."),
                build=_country_section,
            )
        )


def _country_section(country):
    from projects.selectors import country_projects

    projects = country_projects(country)
    return {"projects": projects, "country": country} if projects else None
