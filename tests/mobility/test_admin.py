"""The agencies, licences and blacklist in the admin: each focal point keeps their own
country's, the Secretariat all of them."""

import pytest

from imdi_portal.core.models import Country
from tests.imdi_portal.factories import UserFactory
from tests.mobility.factories import LicenceFactory, RecruitmentAgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agencies():
    phl = RecruitmentAgencyFactory(name="Manila Placement", country=Country.objects.get(iso3="PHL"))
    npl = RecruitmentAgencyFactory(name="Kathmandu Jobs", country=Country.objects.get(iso3="NPL"))
    LicenceFactory(agency=phl, number="PHL-0001")
    LicenceFactory(agency=npl, number="NPL-0001")
    return phl, npl


def test_a_focal_point_keeps_only_their_countrys_agencies_and_licences(client, agencies):
    phl, npl = agencies
    client.force_login(UserFactory(focal_point=True, country=phl.country))
    listed = client.get("/admin/mobility/recruitmentagency/").content.decode()
    assert "Manila Placement" in listed and "Kathmandu Jobs" not in listed
    licences = client.get("/admin/mobility/licence/").content.decode()
    assert "PHL-0001" in licences and "NPL-0001" not in licences
    assert client.get(f"/admin/mobility/recruitmentagency/{npl.pk}/change/").status_code == 302
    assert client.get(f"/admin/mobility/recruitmentagency/{phl.pk}/change/").status_code == 200


def test_the_secretariat_keeps_every_countrys_agencies(client, agencies):
    client.force_login(UserFactory(secretariat=True))
    listed = client.get("/admin/mobility/recruitmentagency/").content.decode()
    assert "Manila Placement" in listed and "Kathmandu Jobs" in listed


def test_a_tap_member_cannot_open_the_agencies(client, agencies):
    client.force_login(UserFactory(tap_member=True))
    assert client.get("/admin/mobility/recruitmentagency/").status_code == 403


def test_the_secretariat_keeps_the_preselection_criteria_of_an_agreement(client):
    from legislation.models import Agreement
    from mobility.models import PreselectionItem

    agreement = Agreement.objects.create(title="Test accord", kind=Agreement.Kind.MOU)
    client.force_login(UserFactory(secretariat=True))
    url = "/admin/mobility/preselectionitem/add/"
    base = {"text": "Medical fitness", "is_required": "on", "order": "0"}
    refused = client.post(url, base)
    assert "Choose either a bilateral agreement or a Twinning" in refused.content.decode()
    assert not PreselectionItem.objects.exists()
    client.post(url, {**base, "agreement": agreement.pk})
    assert PreselectionItem.objects.get().agreement == agreement


def test_a_focal_point_does_not_edit_the_preselection_criteria(client):
    client.force_login(UserFactory(focal_point=True))
    assert client.get("/admin/mobility/preselectionitem/add/").status_code == 403
