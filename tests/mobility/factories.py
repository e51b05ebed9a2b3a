"""Factories for the job-mobility app: agencies that may recruit (or not), vacancies and
worker profiles with their consents. Every person here is invented test data."""

import datetime

import factory
from django.utils import timezone

from imdi_portal.core.models import Organisation
from mobility.models import (
    Application,
    Audience,
    BlacklistEntry,
    Consent,
    EducationLevel,
    LanguageSkill,
    Licence,
    PreselectionItem,
    ProfileOccupation,
    RecruitmentAgency,
    Vacancy,
    VacancyLanguage,
    WorkerProfile,
)
from mobility.services import consent_text
from tests.imdi_portal.factories import CountryFactory, OrganisationFactory, UserFactory
from tests.labour_market.factories import OccupationFactory


class RecruitmentAgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecruitmentAgency

    name = factory.Sequence(lambda n: f"Test Recruiters {n}")
    slug = factory.Sequence(lambda n: f"test-recruiters-{n}")
    country = factory.SubFactory(CountryFactory)
    organisation = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.BUSINESS)


class LicenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Licence

    agency = factory.SubFactory(RecruitmentAgencyFactory)
    number = factory.Sequence(lambda n: f"LIC-{n:05d}")
    issuing_authority = "Test licensing authority"
    status = Licence.Status.VALID
    valid_from = datetime.date(2020, 1, 1)
    valid_to = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365))


class BlacklistEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlacklistEntry

    agency = factory.SubFactory(RecruitmentAgencyFactory)
    decision_reference = factory.Sequence(lambda n: f"DEC-{n:04d}")
    decided_on = datetime.date(2025, 6, 1)
    reason = "Charged workers a placement fee (test record)."


def licensed_agency(**kwargs) -> RecruitmentAgency:
    agency = RecruitmentAgencyFactory(**kwargs)
    LicenceFactory(agency=agency)
    return agency


def agency_member(agency: RecruitmentAgency):
    return UserFactory(organisation=agency.organisation)


class VacancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vacancy
        skip_postgeneration_save = True

    agency = factory.LazyFunction(licensed_agency)
    title = factory.Sequence(lambda n: f"Test vacancy {n}")
    destination = factory.SubFactory(CountryFactory)
    occupation = factory.LazyFunction(lambda: OccupationFactory(code="2221"))
    posts = 2
    min_experience_years = 0
    salary_min = 1000
    salary_max = 1500
    currency = "EUR"
    contract_months = 24

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        for code, level in extracted or []:
            VacancyLanguage.objects.create(vacancy=self, language=code, min_level=level)


class WorkerProfileFactory(factory.django.DjangoModelFactory):
    """A profile; `occupations=[("2221", 5)]`, `languages=[("en", 4)]`, `consent_to=[country]`."""

    class Meta:
        model = WorkerProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    home_country = factory.SubFactory(CountryFactory)
    education_level = EducationLevel.BACHELOR

    @factory.post_generation
    def occupations(self, create, extracted, **kwargs):
        for code, years in extracted or []:
            ProfileOccupation.objects.create(
                profile=self, occupation=OccupationFactory(code=code), years_experience=years
            )

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        for code, level in extracted or []:
            LanguageSkill.objects.create(profile=self, language=code, level=level)

    @factory.post_generation
    def consent_to(self, create, extracted, **kwargs):
        for country in extracted or []:
            Consent.objects.create(
                profile=self,
                audience=Audience.RECRUITERS,
                country=country,
                text=consent_text(Audience.RECRUITERS, country),
            )

    @factory.post_generation
    def service_consent(self, create, extracted, **kwargs):
        """`service_consent=True`: she lets her own country's employment service see her."""
        if extracted:
            Consent.objects.create(
                profile=self,
                audience=Audience.EMPLOYMENT_SERVICE,
                country=self.home_country,
                text=consent_text(Audience.EMPLOYMENT_SERVICE, self.home_country),
            )


# --- Applications (phase 2) ------------------------------------------------------------------


class PreselectionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PreselectionItem

    text = factory.Sequence(lambda n: f"Test criterion {n}")
    is_required = True


def verifier(organisation=None):
    """A user with the Verifier role acting for an authorised body (a government body)."""
    from django.contrib.auth.models import Group

    from imdi_portal.core.roles import Role

    user = UserFactory(
        organisation=organisation or OrganisationFactory(kind=Organisation.Kind.GOVERNMENT)
    )
    user.groups.add(Group.objects.get(name=Role.VERIFIER))
    return user


def application(*, vacancy=None, profile=None, state=Application.State.SHORTLISTED, by=None):
    """An application in `state`, its history written as if each move had been taken (one
    transition row per step of the usual way there)."""
    from mobility.workflow import APPLICATIONS

    vacancy = vacancy or VacancyFactory()
    profile = profile or WorkerProfileFactory(
        occupations=[(vacancy.occupation.code, 3)], consent_to=[vacancy.destination]
    )
    created = Application.objects.create(vacancy=vacancy, profile=profile, state=state)
    APPLICATIONS.record(
        created, "shortlist", by, from_state="", to_state=Application.State.SHORTLISTED
    )
    return created


def employment_service(country, organisation=None):
    """A user of the country's public employment service (a government body of that country)."""
    from django.contrib.auth.models import Group

    from imdi_portal.core.roles import Role

    user = UserFactory(
        organisation=organisation
        or OrganisationFactory(kind=Organisation.Kind.GOVERNMENT, country=country)
    )
    user.groups.add(Group.objects.get(name=Role.EMPLOYMENT_SERVICE))
    return user
