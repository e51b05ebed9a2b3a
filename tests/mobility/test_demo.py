"""The sample agencies and vacancies are labelled and hold no personal data."""

import pytest

from mobility import demo
from mobility.models import RecruitmentAgency, Vacancy, WorkerProfile
from mobility.selectors import vacancy_list_public
from tests.imdi_portal.factories import OrganisationFactory
from tests.labour_market.factories import OccupationFactory

pytestmark = pytest.mark.django_db


def test_demo_load_is_labelled_idempotent_and_has_no_people():
    for code in ("2221", "7212", "3221", "2512"):
        OccupationFactory(code=code)
    OrganisationFactory(slug="sample-recruitment-agency", kind="business")
    demo.load()
    demo.load()
    assert RecruitmentAgency.objects.count() == len(demo.SAMPLE_AGENCIES)
    assert Vacancy.objects.count() == len(demo.SAMPLE_VACANCIES)
    assert not RecruitmentAgency.objects.filter(is_sample=False).exists()
    assert not Vacancy.objects.filter(is_sample=False).exists()
    assert not WorkerProfile.objects.exists()
    # The suspended and the blacklisted sample agencies post nothing publicly.
    assert {v.agency.slug for v in vacancy_list_public()} == {
        "sample-fair-recruitment-agency",
        "sample-manila-placements",
    }
