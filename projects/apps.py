from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from imdi_portal.core.cache import invalidate_on_save, register_scope
        from imdi_portal.core.profile import ProfileSection, register_section
        from projects import receivers, search
        from projects.models import Proposal

        search.register()
        receivers.connect()

        # The profile section is cached; an approved project's changes show at once.
        register_scope("projects")
        invalidate_on_save("projects", [Proposal], when=lambda p: p.is_public)

        register_section(
            ProfileSection(
                key="projects",
                order=40,
                title=_("IMDI projects"),
                template="projects/_country_section.html",
                empty_message=_("No IMDI project involving this country has been approved yet."),
                build=_country_section,
                updated=lambda data: max(
                    (p.state_changed_at for p in data["projects"] if p.state_changed_at),
                    default=None,
                ),
            )
        )


def _country_section(country):
    from imdi_portal.core.cache import cached_on_data
    from projects.selectors import country_project_list

    projects = cached_on_data(
        f"profile-projects:{country.iso3}", lambda: country_project_list(country), scope="projects"
    )
    return {"projects": projects, "country": country} if projects else None
