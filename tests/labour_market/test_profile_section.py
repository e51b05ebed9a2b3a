"""The labour market section of the country profile."""

import pytest

from imdi_portal.core.cache import statistics_changed
from imdi_portal.core.models import Country
from imdi_portal.stats.breakdowns import breakdown_label
from tests.labour_market.factories import ShortageEntryFactory
from tests.stats.factories import IndicatorFactory, ObservationFactory

pytestmark = pytest.mark.django_db


def test_stocks_top_partners_and_shortage_lists(client):
    phl = Country.objects.get(iso3="PHL")
    stock = IndicatorFactory(code="UNDESA.MIGSTOCK")
    ObservationFactory(indicator=stock, country=phl, year=2015, value=211862)  # all origins
    ObservationFactory(
        indicator=stock,
        country=phl,
        counterpart=Country.objects.get(iso3="CHN"),
        year=2015,
        value=35952,
    )
    for iso3, value in (("USA", 1896031), ("CAN", 545321)):
        ObservationFactory(
            indicator=stock,
            country=Country.objects.get(iso3=iso3),
            counterpart=phl,
            year=2015,
            value=value,
        )
    ShortageEntryFactory(shortage_list__country=phl, shortage_list__title="Nurses wanted")
    html = client.get("/countries/PHL/").content.decode()
    assert "211,862" in html and "China" in html  # immigrants and their main origin
    assert "2,441,352" in html  # nationals abroad: 1,896,031 + 545,321
    assert html.index("United States") < html.index("Canada")
    assert "Nurses wanted" in html


def test_a_newer_total_does_not_hide_the_older_bilateral_tables(client):
    # UN DESA publishes totals by destination (2020) more often than origins (2017).
    phl = Country.objects.get(iso3="PHL")
    stock = IndicatorFactory(code="UNDESA.MIGSTOCK")
    ObservationFactory(indicator=stock, country=phl, year=2017, value=218530)
    ObservationFactory(indicator=stock, country=phl, year=2020, value=225525)
    ObservationFactory(
        indicator=stock,
        country=phl,
        counterpart=Country.objects.get(iso3="CHN"),
        year=2017,
        value=37083,
    )
    ObservationFactory(
        indicator=stock,
        country=Country.objects.get(iso3="USA"),
        counterpart=phl,
        year=2017,
        value=2076253,
    )
    html = client.get("/countries/PHL/").content.decode()
    assert "225,525" in html and "International migrant stock, 2020." in html
    assert "Main origins in 2017:" in html and "37,083" in html
    assert "2,076,253" in html  # born in the Philippines, living in the United States


def test_a_country_without_figures_says_so(client):
    html = client.get("/countries/SEN/").content.decode()
    assert "No labour market, skills or migrant stock figures have been loaded" in html


def test_ilostat_breakdowns_by_activity_occupation_and_age(client):
    from tests.labour_market.factories import OccupationFactory

    sen = Country.objects.get(iso3="SEN")
    employment = IndicatorFactory(
        code="EMP_TEMP_SEX_OCU_NB_A", source="ILOSTAT", name_en="Employment by occupation"
    )
    OccupationFactory(code="2", title_en="Professionals")
    OccupationFactory(code="9", title_en="Elementary occupations")
    for classification, value in (
        ("OCU_ISCO08_TOTAL", 1000.0),
        ("OCU_ISCO08_2", 100.0),
        ("OCU_ISCO08_9", 400.0),
    ):
        ObservationFactory(
            indicator=employment, country=sen, year=2019, classification=classification, value=value
        )
    ObservationFactory(
        indicator=employment, country=sen, year=2010, classification="OCU_ISCO08_2", value=5.0
    )  # older year: not shown
    unemployment = IndicatorFactory(
        code="UNE_DEAP_SEX_AGE_RT_A", source="ILOSTAT", name_en="Unemployment rate"
    )
    for sex, age, value in (
        ("T", "AGE_YTHADULT_Y15-24", 8.5),
        ("F", "AGE_YTHADULT_Y15-24", 9.5),
        ("T", "AGE_YTHADULT_YGE25", 3.0),
    ):
        ObservationFactory(
            indicator=unemployment, country=sen, year=2019, sex=sex, age=age, value=value
        )
    response = client.get("/countries/SEN/")
    html = response.content.decode()
    section = next(s for s in response.context["sections"] if s["section"].key == "labour-market")
    [dist] = section["data"]["distributions"]
    assert [(r["label"], r["share"]) for r in dist.rows] == [
        ("Professionals", 10.0),
        ("Elementary occupations", 40.0),
    ]
    assert [(s["level"], s["share"]) for s in dist.skill_levels] == [("1", 40.0), ("4", 10.0)]
    [table] = section["data"]["age_tables"]
    assert table.sexes == ["T", "F"]
    assert [(r["age"], r["values"]) for r in table.rows] == [
        ("15-24", [8.5, 9.5]),
        ("25+", [3.0, None]),
    ]
    assert "Employment by occupation, 2019" in html and "Unemployment rate, 2019" in html


def test_breakdown_groups_are_titled_in_the_readers_language(client):
    from labour_market.models import Industry
    from tests.labour_market.factories import OccupationFactory

    sen = Country.objects.get(iso3="SEN")
    OccupationFactory(code="2", title_en="Professionals", title_fr="Professions intellectuelles")
    OccupationFactory(code="9", title_en="Elementary occupations", title_fr="")
    Industry.objects.create(code="A", level=1, title_en="Agriculture", title_fr="Agriculture FR")
    by_occupation = IndicatorFactory(code="EMP_TEMP_SEX_OCU_NB_A", source="ILOSTAT")
    by_activity = IndicatorFactory(code="EMP_TEMP_SEX_ECO_NB_A", source="ILOSTAT")
    for indicator, classification in (
        (by_occupation, "OCU_ISCO08_2"),
        (by_occupation, "OCU_ISCO08_9"),
        (by_activity, "ECO_ISIC4_A"),
        (by_activity, "ECO_ISIC4_B"),  # no such section loaded: the code's own label
    ):
        ObservationFactory(
            indicator=indicator, country=sen, year=2019, classification=classification, value=1
        )
    response = client.get("/countries/SEN/", HTTP_ACCEPT_LANGUAGE="fr")
    section = next(s for s in response.context["sections"] if s["section"].key == "labour-market")
    labels = {r["code"]: r["label"] for d in section["data"]["distributions"] for r in d.rows}
    assert labels["OCU_ISCO08_2"] == "Professions intellectuelles"
    assert labels["OCU_ISCO08_9"] == "Elementary occupations"  # not translated: English
    assert labels["ECO_ISIC4_A"] == "Agriculture FR"
    assert labels["ECO_ISIC4_B"] == breakdown_label("ECO_ISIC4_B")


def test_the_latest_unemployment_rate_with_its_year_and_source(client):
    """Test values, not statistics."""
    phl = Country.objects.get(iso3="PHL")
    rate = IndicatorFactory(
        code="SL.UEM.TOTL.ZS",
        name_en="Unemployment, total (% of total labor force) (modeled ILO estimate)",
        unit="% of total labor force",
        source="WDI",
        vintage="2025-07-01",
    )
    ObservationFactory(indicator=rate, country=phl, year=2022, value=2.61)
    ObservationFactory(indicator=rate, country=phl, year=2023, value=2.24)
    html = client.get("/countries/PHL/").content.decode()
    card = html.split('id="unemployment"')[1].split("</div>")[0]
    assert "2.2 %" in card and "labour force, 2023" in card and "2.6" not in card
    assert "Source: WDI, release 2025-07-01" in card
    assert "/data/indicators/SL.UEM.TOTL.ZS/" in card


def test_profile_query_budget(client, django_assert_max_num_queries):
    test_stocks_top_partners_and_shortage_lists(client)  # data of every section kind
    statistics_changed()  # as after an import: nothing is cached, the version is read again
    with django_assert_max_num_queries(12):
        client.get("/countries/PHL/")
    with django_assert_max_num_queries(7):  # cached figures
        client.get("/countries/PHL/")
