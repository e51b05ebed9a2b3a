"""UN DESA's migrant stock is about international migrants, mostly by country of birth, never
"nationals" (issue 20, defect 5)."""

import re

import pytest

from imdi_portal.core.models import Country
from imdi_portal.stats import catalogue
from imdi_portal.stats.indicators import REGISTRY
from tests.stats.factories import IndicatorFactory, ObservationFactory

UN_DEFINITION = "https://www.un.org/development/desa/pd/content/international-migrant-stock"
STOCK_SUMS = (
    "IMDI.MIGSTOCK.ABROAD",
    "IMDI.MIGSTOCK.ABROAD.GR5",
    "IMDI.MIGSTOCK.ABROAD.GR10",
)


@pytest.mark.parametrize("code", STOCK_SUMS)
def test_emigrant_indicators_say_born_in_the_country_in_every_language(code):
    definition = REGISTRY[code]
    names = (definition.name_en, definition.name_fr, definition.name_es)
    nationals = re.compile(r"\b(nationals?|ressortissants?|nacionales)\b", re.IGNORECASE)
    assert not any(nationals.search(name) for name in names), names
    assert "born in the country" in definition.name_en
    assert "nés dans le pays" in definition.name_fr
    assert "nacidos en el país" in definition.name_es
    # The catalogue names them the same way, with UN DESA's definition linked.
    assert catalogue.entry(code)["name_en"] == definition.name_en
    assert catalogue.entry(code)["source_url"] == UN_DEFINITION


@pytest.mark.django_db
def test_the_profile_says_emigrants_born_here_and_links_the_un_definition(client):
    phl = Country.objects.get(iso3="PHL")
    stock = IndicatorFactory(code="UNDESA.MIGSTOCK")
    ObservationFactory(
        indicator=stock, country=Country.objects.get(iso3="USA"), counterpart=phl, value=1896031
    )
    html = client.get("/countries/PHL/").content.decode()
    assert "Emigrants: born here, living abroad" in html
    assert "Nationals living abroad" not in html
    assert UN_DEFINITION in html
    assert 'href="/data/indicators/UNDESA.MIGSTOCK/"' in html
