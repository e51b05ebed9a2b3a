"""The finder shows the regimes that apply to a nationality before the permit categories."""

import json

import pytest

from imdi_portal.core.models import Country
from legislation.models import Agreement
from legislation.regimes import DATA_FILE, free_movement_regimes
from tests.legislation.factories import PermitCategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def german_permit():
    return PermitCategoryFactory(
        country=Country.objects.get(iso3="DEU"),
        published=True,
        slug="skilled",
        name_en="Skilled worker residence permit",
    )


def finder(client, nationality, destination):
    response = client.get(
        "/legislation/finder/", {"nationality": nationality, "destination": destination}
    )
    assert response.status_code == 200
    return response.content.decode()


def test_a_french_national_in_germany_sees_free_movement_first(client, german_permit):
    html = finder(client, "FRA", "DEU")
    assert "As a national of France you do not need a work permit in Germany" in html
    regime = "Free movement of workers in the European Union and the European Economic Area"
    assert regime in html
    assert "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:12012E045" in html
    assert "https://european-union.europa.eu/principles-countries-history/eu-countries_en" in html
    assert "members as of 2026-01-01" in html
    assert html.index(regime) < html.index("Skilled worker residence permit")


def test_a_filipino_national_in_germany_gets_the_permit_categories(client, german_permit):
    html = finder(client, "PHL", "DEU")
    assert "do not need a work permit" not in html
    assert "Free movement of workers" not in html
    assert "No free-movement regime or agreement between Philippines and Germany" in html
    assert "Skilled worker residence permit" in html


def test_an_agreement_in_the_database_appears_for_its_parties_only(client, german_permit):
    agreement = Agreement.objects.create(
        title="Placement of Filipino nurses in Germany",
        kind=Agreement.Kind.LABOUR,
        signed_year=2013,
        url="https://example.org/agreement",
        summary="Recruitment of nurses through the public employment services.",
    )
    agreement.countries.set(Country.objects.filter(iso3__in=["PHL", "DEU"]))
    html = finder(client, "PHL", "DEU")
    assert "Placement of Filipino nurses in Germany" in html
    assert "Recruitment of nurses through the public employment services." in html
    assert "signed in 2013" in html
    assert "do not need a work permit" not in html  # an agreement is not free movement
    assert html.index("Placement of Filipino nurses") < html.index("Skilled worker residence")
    assert "Placement of Filipino nurses" not in finder(client, "SEN", "DEU")


def test_switzerland_and_the_eu_are_linked_by_their_agreement_not_by_eu_law():
    titles = [r.title for r in free_movement_regimes(nationality="ITA", destination="CHE")]
    assert titles == [
        "Agreement between the European Union and Switzerland on the free movement of persons"
    ]
    assert [r.title for r in free_movement_regimes(nationality="NOR", destination="CHE")] == [
        "Free movement of persons under the EFTA Convention"
    ]
    assert free_movement_regimes(nationality="PHL", destination="FRA") == []
    assert free_movement_regimes(nationality="FRA", destination="FRA") == []


def test_the_data_file_names_its_sources_and_only_known_countries():
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    assert data["as_of"]
    assert len(data["groups"]["EU"]["members"]) == 27
    known = set(Country.objects.values_list("iso3", flat=True))
    for group in data["groups"].values():
        assert group["source"].startswith("https://")
        assert set(group["members"]) <= known
    for regime in data["regimes"]:
        assert regime["sources"] and all(s.startswith("https://") for s in regime["sources"])
