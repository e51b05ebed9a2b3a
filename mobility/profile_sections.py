"""What the job-mobility area adds to other pages: its section of the country profile and
its panels on the labour-market overview and matching pages (aggregates only, see
mobility.statistics). Registered by apps.py."""

from typing import Any

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from imdi_portal.core.profile import ProfileSection, flagged_empty, register_section


def _flags() -> dict[str, Any]:
    from mobility.models import Vacancy, WorkerProfile

    through = WorkerProfile.destinations.through
    return {
        "_has_job_seekers": Exists(WorkerProfile.objects.filter(home_country=OuterRef("pk"))),
        "_has_job_seekers_for": Exists(through.objects.filter(country=OuterRef("pk"))),
        "_has_vacancies": Exists(Vacancy.objects.open().filter(destination=OuterRef("pk"))),
        "_has_vacancies_from": Exists(
            Vacancy.objects.open().filter(agency__country=OuterRef("pk"))
        ),
    }


def _country(country: Any) -> dict[str, Any] | None:
    from mobility.statistics import country_table

    names = ("_has_job_seekers", "_has_job_seekers_for", "_has_vacancies", "_has_vacancies_from")
    if flagged_empty(country, *names):
        return None
    table = country_table(country)
    return {"table": table, "country": country} if table else None


def _index() -> dict[str, Any] | None:
    from mobility.statistics import by_country, by_occupation_group

    groups = by_occupation_group()
    if not groups.rows:
        return None
    return {"groups": groups, "countries": by_country()}


def _matching(*, destination: Any, groups: set[str]) -> dict[str, Any] | None:
    from mobility.statistics import supply_against_shortages

    if not groups:
        return None
    return {"table": supply_against_shortages(destination, groups), "destination": destination}


def register() -> None:
    from labour_market.panels import Panel, register_panel

    register_section(
        ProfileSection(
            key="job-mobility",
            order=35,
            title=_("Registered job seekers and vacancies"),
            empty_message=_(
                "No job seeker from or for this country is registered on the portal, and no "
                "vacancy is open there or posted by an agency licensed there."
            ),
            build=_country,
            template="mobility/_statistics_country.html",
            country_flags=_flags,
        )
    )
    register_panel(
        Panel(
            key="job-mobility",
            page="index",
            template="mobility/_statistics_index.html",
            build=_index,
        )
    )
    register_panel(
        Panel(
            key="job-mobility",
            page="matching",
            template="mobility/_statistics_matching.html",
            build=_matching,
        )
    )
