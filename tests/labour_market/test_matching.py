"""Matching shortage occupations with origin countries, on pages and in the API."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from imdi_portal.core.cache import forget_versions
from imdi_portal.core.models import Country
from legislation.models import Agreement, PermitKind
from tests.labour_market.factories import ShortageEntryFactory
from tests.legislation.factories import PermitCategoryFactory
from tests.stats.factories import IndicatorFactory, ObservationFactory

pytestmark = pytest.mark.django_db


def country(iso3: str) -> Country:
    return Country.objects.get(iso3=iso3)


@pytest.fixture
def malaysia():
    """Malaysia is short of nurses (skill level 4) and welders (2); nationals of Indonesia,
    the Philippines and Nepal live there; India employs many professionals at home."""
    mys = country("MYS")
    ShortageEntryFactory(shortage_list__country=mys, occupation__code="2221")
    ShortageEntryFactory(shortage_list__country=mys, occupation__code="7212")
    stock = IndicatorFactory(code="UNDESA.MIGSTOCK")
    for iso3, value in (("IDN", 1000.0), ("PHL", 300.0), ("NPL", 500.0)):
        ObservationFactory(
            indicator=stock, country=mys, counterpart=country(iso3), year=2015, value=value
        )
    ObservationFactory(
        indicator=IndicatorFactory(code="EMP_TEMP_SEX_OCU_NB_A"),
        country=country("IND"),
        classification="OCU_ISCO08_2",
        year=2022,
        value=25000.0,
    )
    PermitCategoryFactory(
        country=mys, name_en="Expert pass", kind=PermitKind.HIGHLY_SKILLED, published=True
    )
    PermitCategoryFactory(
        country=mys, name_en="Seasonal pass", kind=PermitKind.SEASONAL, published=True
    )
    agreement = Agreement.objects.create(title="MYS-PHL labour MoU (test)", kind="mou")
    agreement.countries.set([mys, country("PHL")])
    return mys


def test_destination_view_ranks_origins_and_fits_permits_to_skill(client, malaysia):
    response = client.get("/labour-market/matching/", {"destination": "MYS"})
    match = response.context["match"]
    assert [d.occupation.code for d in match.demands] == ["2221", "7212"]
    nurses, welders = match.demands
    assert [c.name_en for c in nurses.permit_categories] == ["Expert pass"]
    assert [c.name_en for c in welders.permit_categories] == ["Seasonal pass"]
    origins = [s.country.iso3 for s in match.origins]
    assert origins[:3] == ["IDN", "NPL", "PHL"]  # by nationals living in Malaysia
    assert "IND" in origins  # supply at home in the professionals' group
    india = next(s for s in match.origins if s.country.iso3 == "IND")
    assert india.employed["2"][0] == 25000.0 and india.stock is None
    philippines = next(s for s in match.origins if s.country.iso3 == "PHL")
    assert [a.title for a in philippines.agreements] == ["MYS-PHL labour MoU (test)"]
    html = response.content.decode()
    assert "Employed at home, ISCO major group 2" in html and "25,000" in html


def test_origin_view_lists_destinations_where_its_occupations_are_wanted(client, malaysia):
    response = client.get("/labour-market/matching/", {"origin": "PHL"})
    [opportunity] = response.context["opportunities"]
    assert opportunity.destination.iso3 == "MYS" and opportunity.stock == 300.0
    assert [o.code for o in opportunity.occupations] == ["2221", "7212"]
    assert response.context["opportunities"][0].agreements


def test_bad_requests_say_what_is_wrong(client, api_client, malaysia):
    assert client.get("/labour-market/matching/", {"destination": "ZZZ"}).status_code == 400
    both = client.get("/labour-market/matching/", {"destination": "MYS", "origin": "PHL"})
    assert both.status_code == 400 and "either a destination or an origin" in both.content.decode()
    assert api_client.get("/api/v1/matching/").status_code == 400
    # A well-formed code of no country: not found, which the schema documents (#21).
    unknown = api_client.get("/api/v1/matching/", {"origin": "ZZZ"})
    assert unknown.status_code == 404 and "Unknown country" in unknown.json()["detail"]


def test_api_matches_the_page_with_a_constant_number_of_queries(api_client, malaysia):
    def call():
        forget_versions()  # both calls read the cache versions (once a second otherwise)
        with CaptureQueriesContext(connection) as queries:
            body = api_client.get("/api/v1/matching/", {"destination": "MYS"}).json()
        return body, len(queries)

    body, few = call()
    assert [d["isco_code"] for d in body["demands"]] == ["2221", "7212"]
    assert body["origins"][0]["country"]["iso3"] == "IDN"
    for code in ("2211", "3221", "7115", "8332", "5321"):
        ShortageEntryFactory(shortage_list__country=malaysia, occupation__code=code)
    body, many = call()
    assert len(body["demands"]) == 7
    assert many == few <= 10
