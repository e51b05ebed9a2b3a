"""Ranking by hand-built profiles, reasons and unmet requirements, constant queries."""

import pytest
from django.urls import reverse

from mobility.models import Consent, EducationLevel
from mobility.selectors import candidate_rows, candidates_for, vacancies_for, vacancy_rows
from mobility.services import consent_withdraw
from tests.imdi_portal.factories import CountryFactory
from tests.labour_market.factories import OccupationFactory
from tests.mobility.factories import VacancyFactory, WorkerProfileFactory, agency_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def vacancy():
    # Nursing professionals (2221), 3 years, English B2 (4), a bachelor's degree (ISCED 6).
    return VacancyFactory(
        languages=[("en", 4)],
        min_experience_years=3,
        min_education=EducationLevel.BACHELOR,
    )


def _profile(vacancy, occupations, languages=(), education=EducationLevel.BACHELOR, **kw):
    return WorkerProfileFactory(
        occupations=occupations,
        languages=list(languages),
        education_level=education,
        consent_to=kw.pop("consent_to", [vacancy.destination]),
        home_country=vacancy.agency.country,  # test countries are few (two-letter codes)
        **kw,
    )


def test_ranking_follows_the_isco_level_then_the_other_requirements(vacancy):
    best = _profile(vacancy, [("2221", 5)], [("en", 5)], EducationLevel.MASTER)  # 40+15+10+10
    minor = _profile(vacancy, [("2222", 6)], [("en", 4)])  # 30+15+10+10 = 65
    unit_no_experience = _profile(vacancy, [("2221", 1)])  # 40+0+0+10 = 50
    sub_major = _profile(
        vacancy, [("2211", 10)], [("en", 6)], EducationLevel.UPPER_SECONDARY
    )  # 20+15+10+0 = 45
    major = _profile(vacancy, [("2512", 4)])  # 10+15+0+10 = 35
    _profile(vacancy, [("7212", 9)], [("en", 6)])  # another major group: not a candidate
    _profile(vacancy, [("2221", 9)], consent_to=[])  # no consent
    _profile(vacancy, [("2221", 9)], consent_to=[CountryFactory()])  # another destination
    ranked = list(candidates_for(vacancy))
    assert ranked == [best, minor, unit_no_experience, sub_major, major]
    assert [p.score for p in ranked] == [75, 65, 50, 45, 35]


def test_the_best_matching_occupation_of_a_profile_counts(vacancy):
    profile = _profile(vacancy, [("7212", 9), ("2222", 1), ("2221", 4)], [("en", 4)])
    (row,) = candidate_rows(vacancy, candidates_for(vacancy))
    assert (row.obj, row.obj.occ_code, row.obj.occ_years) == (profile, "2221", 4)
    assert row.score == 75


def test_reasons_and_unmet_requirements(vacancy):
    _profile(vacancy, [("2222", 1)], [("en", 3), ("fr", 6)], EducationLevel.POST_SECONDARY)
    (row,) = candidate_rows(vacancy, candidates_for(vacancy))
    assert row.reasons == ["Occupation 2222: same ISCO-08 minor group"]
    assert row.unmet == [
        "Not the same unit group as 2221",
        "1 year of experience (at least 3 asked)",
        "English at B2 or above",
        "Education: ISCED 6 · Bachelor's or equivalent level or higher",
    ]


def test_consent_withdrawn_removes_the_profile_at_once(client, vacancy):
    profile = _profile(vacancy, [("2221", 5)])
    assert list(candidates_for(vacancy)) == [profile]
    consent = Consent.objects.get(profile=profile)
    consent_withdraw(profile=profile, consent_id=consent.pk)
    assert list(candidates_for(vacancy)) == []
    client.force_login(agency_member(vacancy.agency))
    url = reverse("mobility:candidate", args=[vacancy.pk, profile.reference])
    assert client.get(url).status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.text  # the record stays, closed


@pytest.mark.parametrize("count", [3, 30])
def test_candidates_cost_a_constant_number_of_queries(
    vacancy, count, django_assert_max_num_queries
):
    for i in range(count):
        _profile(vacancy, [("2221", i % 7)], [("en", 1 + i % 6)])
    vacancy.refresh_from_db()
    with django_assert_max_num_queries(4):
        rows = candidate_rows(vacancy, candidates_for(vacancy))
    assert len(rows) == count


@pytest.mark.parametrize("count", [3, 30])
def test_candidate_page_costs_a_constant_number_of_queries(
    client, vacancy, count, django_assert_max_num_queries
):
    for i in range(count):
        _profile(vacancy, [("2221", i % 7)])
    client.force_login(agency_member(vacancy.agency))
    url = reverse("mobility:candidates", args=[vacancy.pk])
    client.get(url)  # sessions, content types and the like are warm afterwards
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["rows"]) == min(count, 25)


def test_vacancies_for_a_profile_ranked(vacancy):
    destination = vacancy.destination
    midwives = VacancyFactory(destination=destination, occupation=OccupationFactory(code="2222"))
    profile = WorkerProfileFactory(
        occupations=[("2221", 5)], languages=[("en", 5)], consent_to=[destination]
    )
    elsewhere = VacancyFactory()  # a destination the profile did not choose
    closed = VacancyFactory(destination=destination, status="closed")
    ranked = list(vacancies_for(profile))
    assert vacancy in ranked and midwives in ranked
    assert elsewhere not in ranked and closed not in ranked
    assert ranked == [vacancy, midwives]  # same unit group first
    rows = vacancy_rows(ranked)
    assert [row.score for row in rows] == [75, 65]
    assert rows[0].unmet == [] and rows[1].reasons[0] == "Occupation: same ISCO-08 minor group"


def test_the_candidate_page_shows_destinations_and_sectors_but_not_the_diploma(client, vacancy):
    from labour_market.models import Industry

    sector, _ = Industry.objects.get_or_create(
        code="Q", defaults={"level": Industry.Level.SECTION, "title_en": "Test health sector"}
    )
    profile = _profile(vacancy, [("2221", 5)])
    profile.destinations.add(vacancy.destination)
    profile.sectors.add(sector)
    client.force_login(agency_member(vacancy.agency))
    page = client.get(
        reverse("mobility:candidate", args=[vacancy.pk, profile.reference])
    ).content.decode()
    facts = page.split("Destination countries of interest", 1)[1]
    assert vacancy.destination.name in facts.split("</dd>", 1)[0]
    assert f"Q · {sector.title}" in facts.split("Sectors of interest", 1)[1].split("</dd>", 1)[0]
    assert "/mobility/me/documents/" not in page
