"""Posting vacancies, the public search and detail (shortage mark, licence and label), the
agencies and the blacklist, and the API sharing the page's FilterSet."""

import pytest
from django.urls import reverse

from mobility.models import Licence, Vacancy, VacancyLanguage
from mobility.selectors import vacancy_list_public
from tests.imdi_portal.factories import CountryFactory
from tests.labour_market.factories import OccupationFactory, ShortageEntryFactory
from tests.mobility.factories import (
    BlacklistEntryFactory,
    LicenceFactory,
    RecruitmentAgencyFactory,
    VacancyFactory,
    WorkerProfileFactory,
    agency_member,
    licensed_agency,
)

pytestmark = pytest.mark.django_db


def _vacancy_post(destination, **overrides):
    data = {
        "title": "Nurses for a hospital",
        "destination": destination.iso3,
        "occupation": "2221",
        "posts": "4",
        "min_education": "6",
        "min_experience_years": "2",
        "salary_min": "1000",
        "salary_max": "1500",
        "currency": "eur",
        "contract_months": "24",
        "lang-TOTAL_FORMS": "2",
        "lang-INITIAL_FORMS": "0",
        "lang-0-language": "de",
        "lang-0-min_level": "3",
    }
    data.update(overrides)
    return data


@pytest.fixture
def poster(client):
    OccupationFactory(code="2221")
    agency = licensed_agency()
    client.force_login(agency_member(agency))
    return agency


def test_licensed_agency_posts_a_vacancy(client, poster):
    destination = CountryFactory()
    response = client.post(reverse("mobility:vacancy-new"), _vacancy_post(destination))
    assert response.status_code == 302
    vacancy = Vacancy.objects.get()
    assert (vacancy.agency, vacancy.currency, vacancy.destination) == (poster, "EUR", destination)
    assert list(VacancyLanguage.objects.values_list("language", "min_level")) == [("de", 3)]


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"salary_min": "2000", "salary_max": "1500"}, "salary range"),
        ({"currency": "QQQ"}, "ISO 4217"),
        ({"currency": "EURO"}, "at most 3 characters"),
        ({"lang-1-language": "de", "lang-1-min_level": "5"}, "listed once"),
    ],
)
def test_bad_vacancy_input_gives_form_errors_and_writes_nothing(client, poster, overrides, message):
    response = client.post(
        reverse("mobility:vacancy-new"), _vacancy_post(CountryFactory(), **overrides)
    )
    assert response.status_code == 400
    assert message in response.content.decode(), (
        response.context["form"].errors,
        response.context["language_forms"].non_form_errors(),
    )
    assert not Vacancy.objects.exists() and not VacancyLanguage.objects.exists()


def test_public_search_lists_only_agencies_that_may_recruit(client):
    shown = VacancyFactory()
    suspended = RecruitmentAgencyFactory()
    LicenceFactory(agency=suspended, status=Licence.Status.SUSPENDED)
    hidden = VacancyFactory(agency=suspended)
    blacklisted = licensed_agency()
    BlacklistEntryFactory(agency=blacklisted)
    also_hidden = VacancyFactory(agency=blacklisted)
    closed = VacancyFactory(status=Vacancy.Status.CLOSED)
    assert list(vacancy_list_public()) == [shown]
    page = client.get(reverse("mobility:vacancies")).content.decode()
    assert shown.title in page
    for vacancy in (hidden, also_hidden, closed):
        assert vacancy.title not in page
        assert client.get(reverse("mobility:vacancy", args=[vacancy.pk])).status_code == 404


def test_shortage_occupation_is_marked_from_the_shortage_lists(client):
    vacancy = VacancyFactory(is_sample=True)
    other = VacancyFactory()
    # The destination lists the minor group 222, which contains 2221.
    ShortageEntryFactory(
        shortage_list__country=vacancy.destination, occupation=OccupationFactory(code="222")
    )
    flags = {v.pk: v.in_shortage for v in vacancy_list_public()}
    assert flags == {vacancy.pk: True, other.pk: False}
    page = client.get(reverse("mobility:vacancy", args=[vacancy.pk])).content.decode()
    assert "Shortage occupation" in page and "Sample data" in page
    found = client.get(reverse("mobility:vacancies"), {"shortage": "true"}).context["page"]
    assert list(found.object_list) == [vacancy]


def test_search_filters_by_occupation_country_and_sector(client):
    from tests.certification.factories import SectorFactory

    nurse = VacancyFactory(sector=SectorFactory(code="Q", title_en="Health"))
    welder = VacancyFactory(occupation=OccupationFactory(code="7212"))
    url = reverse("mobility:vacancies")

    def found(**params):
        return list(client.get(url, params).context["page"].object_list)

    assert found(occupation="22") == [nurse]
    assert found(occupation="7") == [welder]
    assert found(country=welder.destination.iso3) == [welder]
    assert found(sector="Q") == [nurse]
    response = client.get(url, {"occupation": "nurse"})
    assert response.status_code == 200 and "ISCO-08 code" in response.content.decode()


def test_vacancy_detail_shows_the_licence(client):
    vacancy = VacancyFactory()
    page = client.get(reverse("mobility:vacancy", args=[vacancy.pk])).content.decode()
    assert "Holds a valid licence today." in page
    assert "Does not hold the IMDI quality label." in page


def test_agencies_and_blacklist_pages(client):
    agency = licensed_agency(is_sample=True)
    bad = licensed_agency()
    entry = BlacklistEntryFactory(agency=bad)
    page = client.get(reverse("mobility:agencies"), {"country": agency.country.iso3})
    html = page.content.decode()
    assert agency.name in html and bad.name not in html
    assert agency.licences.get().number in html and "Sample data" in html
    html = client.get(reverse("mobility:blacklist")).content.decode()
    assert entry.decision_reference in html and bad.name in html


def test_api_vacancies_share_the_filters(client):
    nurse = VacancyFactory()
    VacancyFactory(occupation=OccupationFactory(code="7212"))
    data = client.get("/api/v1/vacancies/", {"occupation": "222"}).json()
    assert [row["id"] for row in data["results"]] == [nurse.pk]
    row = client.get(f"/api/v1/vacancies/{nurse.pk}/").json()
    assert (row["occupation"], row["destination"], row["in_shortage"]) == (
        "2221",
        nurse.destination.iso3,
        False,
    )
    assert client.get("/api/v1/vacancies/", {"occupation": "x"}).status_code == 400


def test_api_agencies_with_licence_status(client):
    agency = licensed_agency()
    suspended = RecruitmentAgencyFactory()
    LicenceFactory(agency=suspended, status=Licence.Status.SUSPENDED)
    rows = {r["slug"]: r for r in client.get("/api/v1/recruitment-agencies/").json()["results"]}
    assert rows[agency.slug]["may_recruit"] is True
    assert rows[suspended.slug]["may_recruit"] is False
    assert rows[suspended.slug]["licences"][0]["status"] == "suspended"


def test_no_profile_in_the_api(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/vacancies/" in schema["paths"]
    assert not [path for path in schema["paths"] if "profile" in path]


def test_vacancies_for_me_page_and_agency_page(client):
    vacancy = VacancyFactory()
    profile = WorkerProfileFactory(occupations=[("2221", 5)], consent_to=[vacancy.destination])
    client.force_login(profile.user)
    response = client.get(reverse("mobility:my-vacancies"))
    assert [row.obj for row in response.context["rows"]] == [vacancy]
    assert "same ISCO-08 unit group" in response.content.decode()
    client.force_login(agency_member(vacancy.agency))
    page = client.get(reverse("mobility:agency")).content.decode()
    assert vacancy.title in page and reverse("mobility:vacancy-new") in page


def test_a_word_in_the_occupation_code_gets_one_clear_message_linked_to_the_field(client):
    """The field does not cut what is typed (no maxlength): "nurse" is refused as it is, with
    one message that the invalid input names in aria-describedby."""
    response = client.get(reverse("mobility:vacancies"), {"occupation": "nurse"})
    page = response.content.decode()
    assert "No open vacancy matches." in page
    field = page.split('name="occupation"', 1)[1].split(">", 1)[0]
    assert "maxlength" not in field
    assert 'aria-invalid="true"' in field
    assert 'aria-describedby="id_occupation_helptext id_occupation_error"' in field
    errors = page.split('id="id_occupation_error">', 1)[1].split("</div>", 1)[0]
    assert errors.count("field-message") == 1
    assert "Give an ISCO-08 code of 1 to 4 digits." in errors
    assert "at most 4 characters" not in page
