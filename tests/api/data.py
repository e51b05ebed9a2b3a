"""One record of each kind the API lists, made with the apps' factories, including the values
that once broke the schema: blank links (null in the API), contributions without a
component, country or project, a top-level ISCO group without a parent, cost averages
without a receiving country."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from imdi_portal.core.models import Component, Country
from imdi_portal.gateway.models import GoodPractice
from imdi_portal.search.services import search_index_rebuild
from imdi_portal.stats.models import Projection
from labour_market.models import Industry
from legislation.models import Agreement, PermitCategoryVersion
from legislation.services import category_snapshot
from projects.models import Proposal
from remittances.costs import cost_averages_recompute
from tests.certification.factories import Certification, TwinningFactory
from tests.gateway.factories import ActivityFactory, ContactFactory
from tests.imdi_portal.factories import OrganisationFactory
from tests.labour_market.factories import (
    OccupationFactory,
    ShortageEntryFactory,
    ShortageListFactory,
)
from tests.legislation.factories import PermitCategoryFactory
from tests.projects.factories import ContributionFactory, Journey
from tests.remittances.factories import RemittanceServiceFactory
from tests.stats.factories import ImportJobFactory, IndicatorFactory, ObservationFactory


def one_of_each() -> dict:
    """Create the records; returns a few of them by name."""
    phl, mex = Country.objects.get(iso3="PHL"), Country.objects.get(iso3="MEX")
    _gateway(phl)
    _legislation(phl, mex)
    _labour_market(phl)
    _statistics(phl, mex)
    _remittances(phl, mex)
    project = _projects()
    Certification().to("accepted")
    TwinningFactory(origin=phl, destination=mex)
    search_index_rebuild()
    return {"project": project}


def _gateway(country: Country) -> None:
    ActivityFactory(url="", countries=[country])
    practice = GoodPractice.objects.create(
        slug="a-practice",
        organisation=OrganisationFactory(),
        title_en="A practice",
        summary_en="What it is.",
        what_was_done="Training.",
        results="Fewer fees.",
        lessons="Start early.",
        document_url="",
        state=GoodPractice.State.PUBLISHED,
        published_at=timezone.now(),
    )
    practice.countries.set([country])
    practice.components.set(Component.objects.filter(code="I"))
    ContactFactory(country=country, website="")


def _legislation(country: Country, other: Country) -> None:
    category = PermitCategoryFactory(
        country=country, published=True, with_elements=True, application_url=""
    )
    PermitCategoryVersion.objects.create(
        category=category, number=1, data=category_snapshot(category)
    )
    agreement = Agreement.objects.create(title="A labour agreement", kind="labour", url="")
    agreement.countries.set([country, other])


def _labour_market(country: Country) -> None:
    OccupationFactory(code="2")  # a major group: no parent
    ShortageEntryFactory(
        shortage_list=ShortageListFactory(country=country, source_url=""),
        occupation=OccupationFactory(code="2221"),
    )
    Industry.objects.get_or_create(
        code="Q", defaults={"level": Industry.Level.SECTION, "title_en": "Health"}
    )


def _statistics(country: Country, other: Country) -> None:
    indicator = IndicatorFactory(code="SM.POP.TOTL", source_url="")
    for year in range(2015, 2023):
        ObservationFactory(indicator=indicator, country=country, year=year)
    ObservationFactory(
        indicator=IndicatorFactory(code="KNOMAD.BILATERAL"),
        country=country,
        counterpart=other,
        year=2017,
        value=12.5,
    )
    ObservationFactory(indicator=IndicatorFactory(code="BX.TRF.PWKR.CD.DT"), country=country)
    Projection.objects.create(
        indicator=indicator,
        area_code=country.iso3,
        country=country,
        year=2027,
        value=110.0,
        lower=100.0,
        upper=120.0,
        method="log-linear",
        base_first_year=2015,
        base_last_year=2022,
        base_points=8,
        computed_at=timezone.now(),
    )
    ImportJobFactory()


def _remittances(sending: Country, receiving: Country) -> None:
    RemittanceServiceFactory(sending=sending, receiving=receiving, fee_200=Decimal("5.000"))
    # The global averages have neither a sending nor a receiving country.
    cost_averages_recompute()


def _projects() -> Proposal:
    journey = Journey()
    project = journey.to("funded")
    # Pooled money: no project, component or country.
    ContributionFactory(amount=Decimal("5000.00"), pledged_on=date(2026, 3, 1))
    return project
