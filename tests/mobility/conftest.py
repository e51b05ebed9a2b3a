"""A small world for the permission matrix: one worker's profile consenting to recruiters
of one destination, agencies in every standing, and the other roles."""

from dataclasses import dataclass
from typing import Any

import pytest

from mobility.models import Licence
from tests.imdi_portal.factories import CountryFactory, UserFactory
from tests.mobility.factories import (
    BlacklistEntryFactory,
    LicenceFactory,
    RecruitmentAgencyFactory,
    VacancyFactory,
    WorkerProfileFactory,
    agency_member,
    licensed_agency,
)


@dataclass
class World:
    destination: Any
    elsewhere: Any
    profile: Any
    vacancy: Any  # of the licensed agency, in the destination the profile consented to
    vacancy_elsewhere: Any  # same agency, a destination without consent
    vacancy_suspended: Any
    vacancy_blacklisted: Any
    users: dict


@pytest.fixture
def world(db) -> World:
    destination, elsewhere = CountryFactory(), CountryFactory()
    profile = WorkerProfileFactory(
        occupations=[("2221", 5)], languages=[("en", 5)], consent_to=[destination]
    )
    licensed = licensed_agency()
    suspended = RecruitmentAgencyFactory()
    LicenceFactory(agency=suspended, status=Licence.Status.SUSPENDED)
    blacklisted = licensed_agency()
    BlacklistEntryFactory(agency=blacklisted)
    vacancy = VacancyFactory(agency=licensed, destination=destination)
    other_worker = WorkerProfileFactory(occupations=[("2221", 2)]).user
    licensed_user = agency_member(licensed)
    return World(
        destination=destination,
        elsewhere=elsewhere,
        profile=profile,
        vacancy=vacancy,
        vacancy_elsewhere=VacancyFactory(agency=licensed, destination=elsewhere),
        vacancy_suspended=VacancyFactory(agency=suspended, destination=destination),
        vacancy_blacklisted=VacancyFactory(agency=blacklisted, destination=destination),
        users={
            "anonymous": None,
            "other_worker": other_worker,
            "owner": profile.user,
            "agency_valid": licensed_user,
            "agency_no_consent": licensed_user,
            "agency_suspended": agency_member(suspended),
            "agency_blacklisted": agency_member(blacklisted),
            "staff": UserFactory(secretariat=True),
        },
    )


def vacancy_for(world: World, role: str):
    return {
        "agency_no_consent": world.vacancy_elsewhere,
        "agency_suspended": world.vacancy_suspended,
        "agency_blacklisted": world.vacancy_blacklisted,
    }.get(role, world.vacancy)
