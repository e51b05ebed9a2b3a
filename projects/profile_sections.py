"""The projects section of the country profile, cached until a public project changes."""

from django.utils.translation import gettext_lazy as _

from imdi_portal.core.cache import cached_on_data
from imdi_portal.core.profile import ProfileSection, register_section


def _build(country):
    from projects.selectors import country_project_list

    projects = cached_on_data(
        f"profile-projects:{country.iso3}", lambda: country_project_list(country), scope="projects"
    )
    return {"projects": projects, "country": country} if projects else None


def _updated(data):
    return max((p.state_changed_at for p in data["projects"] if p.state_changed_at), default=None)


def register() -> None:
    """Add the section to the profile (called by apps.py)."""
    register_section(
        ProfileSection(
            key="projects",
            order=40,
            title=_("IMDI projects"),
            template="projects/_country_section.html",
            empty_message=_("No IMDI project involving this country has been approved yet."),
            build=_build,
            updated=_updated,
        )
    )
