"""Aggregate statistics of the registry: counts by hand-built profiles and vacancies, primary
and secondary suppression, no individual on the public pages, one query per table."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from imdi_portal.core.cache import forget_versions
from mobility.models import Licence, Vacancy
from mobility.statistics import (
    CITIZENS,
    INTERESTED,
    VACANCIES,
    Cell,
    by_country,
    by_occupation_group,
    country_counts,
    country_table,
    supply_against_shortages,
    suppress,
)
from tests.imdi_portal.factories import CountryFactory, UserFactory
from tests.labour_market.factories import OccupationFactory, ShortageEntryFactory
from tests.mobility.factories import (
    LicenceFactory,
    RecruitmentAgencyFactory,
    VacancyFactory,
    WorkerProfileFactory,
    licensed_agency,
)

pytestmark = pytest.mark.django_db


# --- Suppression rules -----------------------------------------------------------------------


def test_cells_below_the_minimum_are_hidden_and_zeros_shown():
    cells, total = suppress({"a": 7, "b": 4, "c": 0, "d": 1}, minimum=5)
    assert cells == {"a": Cell(7), "b": Cell(None), "c": Cell(0), "d": Cell(None)}
    assert total is None


def test_a_lone_hidden_cell_hides_the_next_smallest_when_a_total_is_shown():
    cells, total = suppress({"a": 9, "b": 3, "c": 6, "d": 12}, minimum=5, total=30)
    assert [k for k, c in cells.items() if c.suppressed] == ["b", "c"]  # 6: the next smallest
    assert total == Cell(30)


def test_two_hidden_cells_need_no_secondary_suppression():
    cells, total = suppress({"a": 9, "b": 3, "c": 2}, minimum=5, total=14)
    assert [k for k, c in cells.items() if c.suppressed] == ["b", "c"]
    assert cells["a"] == Cell(9) and total == Cell(14)


def test_a_lone_hidden_cell_without_another_hides_the_total():
    cells, total = suppress({"a": 3, "b": 0}, minimum=5, total=8 - 5)
    assert cells["a"].suppressed and cells["b"] == Cell(0) and total.suppressed


def test_a_small_total_is_hidden_with_its_cells():
    cells, total = suppress({"a": 2, "b": 1}, minimum=5, total=3)
    assert all(c.suppressed for c in cells.values()) and total.suppressed


def test_the_minimum_is_a_setting(settings):
    settings.MOBILITY_STATS_MIN_COUNT = 3
    world = _world()
    table = country_table(world["origin"])
    assert table.minimum == 3
    assert _column(table, 0)["7"] == Cell(3)  # 3 is no longer below the minimum


# --- The registry in numbers -----------------------------------------------------------------


def _profiles(n, code, *, home, destinations, **kwargs):
    for _ in range(n):
        profile = WorkerProfileFactory(occupations=[(code, 4)], home_country=home, **kwargs)
        profile.destinations.set(destinations)


def _world():
    """Origin A: 7 nurses (2221), 3 welders (7212, one of them also a nurse with less
    experience), 6 cleaners (9111), all interested in destination D. Origin B: 2 office
    clerks (4110) interested in E. An account closed: not counted. Vacancies in D: 2 for
    nurses and 1 for welders from a licensed agency; one closed and one of a suspended agency
    not counted."""
    origin, other, destination, elsewhere = (CountryFactory() for _ in range(4))
    _profiles(7, "2221", home=origin, destinations=[destination])
    _profiles(2, "7212", home=origin, destinations=[destination])
    main_welder = WorkerProfileFactory(occupations=[("7212", 10), ("2221", 1)], home_country=origin)
    main_welder.destinations.set([destination])
    _profiles(6, "9111", home=origin, destinations=[destination])
    _profiles(2, "4110", home=other, destinations=[elsewhere])
    _profiles(1, "2221", home=origin, destinations=[destination], user=UserFactory(is_active=False))
    agency = licensed_agency(country=other)
    for code in ("2221", "2221", "7212"):
        VacancyFactory(
            agency=agency, destination=destination, occupation=OccupationFactory(code=code)
        )
    VacancyFactory(agency=agency, destination=destination, status=Vacancy.Status.CLOSED)
    suspended = RecruitmentAgencyFactory()
    LicenceFactory(agency=suspended, status=Licence.Status.SUSPENDED)
    VacancyFactory(agency=suspended, destination=destination)
    return {
        "origin": origin,
        "other": other,
        "destination": destination,
        "elsewhere": elsewhere,
        "welder": main_welder,
    }


def _column(table, index):
    return {row.key: row.cells[index] for row in table.rows}


def test_profiles_count_once_in_the_group_of_their_main_occupation():
    _world()
    table = by_occupation_group()
    seekers, vacancies = _column(table, 0), _column(table, 1)
    assert [row.key for row in table.rows] == ["2", "4", "7", "9"]
    # 7 nurses (the welder who is also a nurse counts with the welders), 2 clerks, 3 welders
    assert seekers == {"2": Cell(7), "4": Cell(None), "7": Cell(None), "9": Cell(6)}
    assert table.totals == [Cell(18), Cell(3)]
    assert vacancies == {"2": Cell(2), "4": Cell(0), "7": Cell(1), "9": Cell(0)}
    assert table.rows[0].label == "2 · Occupation group 2"


def test_country_table_counts_citizens_interest_and_vacancies_with_secondary_suppression():
    world = _world()
    origin = country_table(world["origin"])
    # welders (3) hidden; the cleaners (6), the next smallest, too: 16 - 7 would give 3
    assert _column(origin, 0) == {"2": Cell(7), "7": Cell(None), "9": Cell(None)}
    assert origin.totals[0] == Cell(16)
    assert set(_column(origin, 1).values()) == {Cell(0)}  # nobody wants to work in the origin
    destination = country_table(world["destination"])
    assert _column(destination, 1) == {"2": Cell(7), "7": Cell(None), "9": Cell(None)}
    assert _column(destination, 2) == {"2": Cell(2), "7": Cell(1), "9": Cell(0)}  # public
    assert destination.totals[2] == Cell(3)
    licensed_in_other = country_table(world["other"])
    assert _column(licensed_in_other, 3)["2"] == Cell(2)
    assert _column(licensed_in_other, 0)["4"] == Cell(None)
    assert licensed_in_other.totals[0] == Cell(None)  # 2 people in all


def test_a_country_without_records_has_no_table():
    assert country_table(CountryFactory()) is None


def test_by_country_counts_citizenship_destinations_of_interest_and_vacancies():
    world = _world()
    table = by_country()
    rows = {row.key: row.cells for row in table.rows}
    # citizenship: 2 people of the other origin are hidden, and so the 16 of the origin,
    # which the total (18) would give away
    assert rows[world["other"].iso3][0] == Cell(None)
    assert rows[world["origin"].iso3] == [Cell(None), Cell(0), Cell(0)]
    assert table.totals[0] == Cell(18)
    # destinations of interest: 16 in the destination, 2 elsewhere (hidden), no total
    assert rows[world["destination"].iso3] == [Cell(0), Cell(16), Cell(3)]
    assert rows[world["elsewhere"].iso3][1] == Cell(None)
    assert table.totals[1] is None


def test_supply_against_shortages_shows_the_cells_of_the_country_table():
    world = _world()
    table = supply_against_shortages(world["destination"], {"2", "7"})
    assert [r.key for r in table.rows] == ["2", "7"]
    assert [r.cells for r in table.rows] == [[Cell(7), Cell(2)], [Cell(None), Cell(1)]]


def test_counts_follow_a_deleted_profile_after_the_commit(django_capture_on_commit_callbacks):
    from mobility.services import delete_profile

    world = _world()
    assert country_counts(world["origin"])[0][CITIZENS]["7"] == 3
    with django_capture_on_commit_callbacks(execute=True):
        delete_profile(world["welder"])
    counts = country_counts(world["origin"])[0]
    assert counts[CITIZENS]["7"] == 2 and INTERESTED not in counts
    assert by_occupation_group().totals[0] == Cell(17)
    assert VACANCIES in country_counts(world["destination"])[0]


# --- Pages --------------------------------------------------------------------------------


def _assert_no_individual(html, profiles):
    for profile in profiles:
        assert profile.user.email not in html and profile.user.username not in html
        assert profile.short_reference not in html


def test_labour_market_page_shows_aggregates_and_nobody(client):
    from mobility.models import WorkerProfile

    world = _world()
    html = client.get("/labour-market/").content.decode()
    section = html.split('id="mobility-statistics-title"')[1]
    assert "Registered job seekers and vacancies" in html
    assert "fewer than 5" in section and '<td class="num">18</td>' in section
    assert world["origin"].name in section
    _assert_no_individual(html, WorkerProfile.objects.select_related("user"))


def test_labour_market_page_without_profiles_shows_no_section(client):
    assert "mobility-statistics-title" not in client.get("/labour-market/").content.decode()


def test_country_profile_has_a_section_with_suppressed_cells(client):
    from mobility.models import WorkerProfile

    world = _world()
    response = client.get(f"/countries/{world['origin'].iso3}/")
    entry = next(s for s in response.context["sections"] if s["section"].key == "job-mobility")
    assert entry["data"]["table"].totals[0] == Cell(16)
    html = response.content.decode()
    section = html.split('id="job-mobility"')[1].split("</section>")[0]
    assert "fewer than 5" in section and "Occupation group 7" in section
    _assert_no_individual(html, WorkerProfile.objects.select_related("user"))


def test_country_profile_section_is_empty_without_records(client):
    country = CountryFactory()
    response = client.get(f"/countries/{country.iso3}/")
    entry = next(s for s in response.context["sections"] if s["section"].key == "job-mobility")
    assert entry["data"] is None
    assert "No job seeker from or for this country" in response.content.decode()


def test_matching_view_sets_registered_supply_against_the_shortage_lists(client):
    world = _world()
    ShortageEntryFactory(shortage_list__country=world["destination"], occupation__code="2221")
    ShortageEntryFactory(shortage_list__country=world["destination"], occupation__code="7212")
    response = client.get(f"/labour-market/matching/?destination={world['destination'].iso3}")
    html = response.content.decode()
    part = html.split("Registered job seekers against the shortage lists")[1]
    rows = part.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert len(rows) == 2  # the groups of the shortage occupations only, not the cleaners
    assert "Occupation group 2" in rows[0] and ">7</td>" in rows[0] and ">2</td>" in rows[0]
    assert "fewer than 5" in rows[1] and ">1</td>" in rows[1]


# --- Queries ------------------------------------------------------------------------------


def _queries(call) -> int:
    cache.clear()
    # The content versions are read at most once a second: read them in every measure, so
    # that a measure does not depend on how long the previous one took.
    forget_versions()
    with CaptureQueriesContext(connection) as ctx:
        call()
    return len(ctx.captured_queries)


def test_each_table_is_one_query_whatever_the_number_of_profiles():
    world = _world()
    _profiles(1, "2221", home=world["origin"], destinations=[world["destination"]])
    counts = {
        "groups": _queries(by_occupation_group),
        "country": _queries(lambda: country_table(world["destination"])),
        "countries": _queries(by_country),
    }
    _profiles(12, "9111", home=CountryFactory(), destinations=[world["elsewhere"]])
    assert {
        "groups": _queries(by_occupation_group),
        "country": _queries(lambda: country_table(world["destination"])),
        "countries": _queries(by_country),
    } == counts
    # one query for each table (with the titles of the groups); the names of the countries
    # are read once and cached
    # (and one more in each: the content versions, read afresh in every measure)
    assert counts == {"groups": 2, "country": 2, "countries": 3}
    by_occupation_group(), by_country(), country_table(world["destination"])
    with CaptureQueriesContext(connection) as ctx:
        by_occupation_group(), by_country(), country_table(world["destination"])
    assert len(ctx.captured_queries) == 0  # all cached


def test_labour_market_page_queries_do_not_grow_with_the_registry(
    client, django_assert_max_num_queries
):
    world = _world()
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        client.get("/labour-market/")
    _profiles(10, "7212", home=world["other"], destinations=[world["elsewhere"]])
    cache.clear()
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        client.get("/labour-market/")
