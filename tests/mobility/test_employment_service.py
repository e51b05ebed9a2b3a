"""A country's public employment service sees the profiles of its own nationals who let it,
returning talent first, and no one else's; each view is logged for the owner; the menu
leads there."""

import pytest
from django.urls import reverse

from mobility import services
from mobility.models import Audience, ProfileView
from tests.imdi_portal.factories import CountryFactory, OrganisationFactory, UserFactory
from tests.mobility.factories import (
    VacancyFactory,
    WorkerProfileFactory,
    agency_member,
    employment_service,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return CountryFactory(name_en="Testland")


def _ref(profile):
    return profile.short_reference


def test_the_service_sees_its_consenting_nationals_only(client, home):
    consenting = WorkerProfileFactory(home_country=home, service_consent=True)
    silent = WorkerProfileFactory(home_country=home)  # gave no consent to the service
    recruiters_only = WorkerProfileFactory(home_country=home, consent_to=[CountryFactory()])
    foreign = WorkerProfileFactory(service_consent=True)  # another country's national
    client.force_login(employment_service(home))
    page = client.get(reverse("mobility:service")).content.decode()
    assert "Employment service of Testland" in page
    assert _ref(consenting) in page
    for other in (silent, recruiters_only, foreign):
        assert _ref(other) not in page
    detail = reverse("mobility:service-profile", args=[consenting.reference])
    assert client.get(detail).status_code == 200
    for other in (silent, recruiters_only, foreign):
        url = reverse("mobility:service-profile", args=[other.reference])
        assert client.get(url).status_code == 404


def test_returning_talent_comes_first_and_can_be_picked(client, home):
    at_home = WorkerProfileFactory(home_country=home, service_consent=True)
    returning = WorkerProfileFactory(
        home_country=home, is_abroad=True, wants_to_return=True, service_consent=True
    )
    client.force_login(employment_service(home))
    page = client.get(reverse("mobility:service")).content.decode()
    assert page.index(_ref(returning)) < page.index(_ref(at_home))
    picked = client.get(reverse("mobility:service"), {"situation": "returning"}).content.decode()
    assert _ref(returning) in picked and _ref(at_home) not in picked
    bad = client.get(reverse("mobility:service"), {"occupation": "nurse"})
    assert bad.status_code == 400
    assert "Give an ISCO-08 code of 1 to 4 digits." in bad.content.decode()


def test_withdrawing_the_consent_removes_her_at_once(client, home):
    profile = WorkerProfileFactory(home_country=home, service_consent=True)
    client.force_login(employment_service(home))
    url = reverse("mobility:service-profile", args=[profile.reference])
    assert client.get(url).status_code == 200
    consent = profile.consents.get(audience=Audience.EMPLOYMENT_SERVICE)
    services.consent_withdraw(profile=profile, consent_id=consent.pk)
    assert client.get(url).status_code == 404
    assert _ref(profile) not in client.get(reverse("mobility:service")).content.decode()


@pytest.mark.parametrize(
    "who",
    ["no_role", "ngo_with_role", "other_country", "agency_with_role", "anonymous", "superuser"],
)
def test_nobody_else_opens_the_service_pages(client, home, who):
    profile = WorkerProfileFactory(home_country=home, service_consent=True)
    if who == "no_role":
        user = UserFactory(organisation=OrganisationFactory(kind="government", country=home))
    elif who == "ngo_with_role":
        user = employment_service(home, OrganisationFactory(kind="ngo", country=home))
    elif who == "other_country":
        user = employment_service(CountryFactory())
    elif who == "agency_with_role":
        agency = VacancyFactory().agency
        agency.organisation.country, agency.organisation.kind = home, "government"
        agency.organisation.save()
        user = employment_service(home, agency.organisation)
    elif who == "superuser":
        user = UserFactory(is_superuser=True, is_staff=True)
    else:
        user = None
    if user is not None:
        client.force_login(user)
    urls = [
        reverse("mobility:service"),
        reverse("mobility:service-profile", args=[profile.reference]),
    ]
    for url in urls:
        response = client.get(url)
        if user is None:
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        elif who == "other_country" and url == urls[0]:
            # Their own country's (empty) list, never this profile.
            assert response.status_code == 200 and _ref(profile) not in response.content.decode()
        else:
            assert response.status_code == 404, (who, url)
    assert not ProfileView.objects.exists()


def test_the_owner_reads_who_of_the_service_saw_her(client, home):
    profile = WorkerProfileFactory(home_country=home, service_consent=True)
    service = employment_service(home)
    service.organisation.name = "Testland Public Employment Service"
    service.organisation.save()
    client.force_login(service)
    client.get(reverse("mobility:service"))
    client.get(reverse("mobility:service-profile", args=[profile.reference]))
    views = ProfileView.objects.filter(profile=profile)
    assert views.count() == 2
    assert set(views.values_list("context", flat=True)) == {"service"}
    client.force_login(profile.user)
    log = client.get(reverse("mobility:my-profile")).content.decode().split("Who", 1)[1]
    assert log.count("Testland Public Employment Service") == 2
    assert "Public employment service of your country" in log


def test_the_menu_leads_the_service_to_its_page(client, home):
    client.force_login(employment_service(home))
    page = client.get(reverse("mobility:vacancies")).content.decode()
    menu = page.split('aria-label="Job mobility"', 1)[1].split("</nav>", 1)[0]
    assert f'href="{reverse("mobility:service")}">Employment service' in menu
    client.force_login(agency_member(VacancyFactory().agency))
    page = client.get(reverse("mobility:vacancies")).content.decode()
    assert f'href="{reverse("mobility:service")}"' not in page
