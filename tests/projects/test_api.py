"""The API: public projects and contributions; proposals with the same rules as the site."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Proposal
from tests.imdi_portal.factories import CountryFactory, OrganisationFactory, UserFactory
from tests.projects.factories import Journey

pytestmark = pytest.mark.django_db


def test_public_projects_list_and_detail(api_client):
    j = Journey()
    project = j.to("funded")
    Journey().to("tap_review")  # not public
    body = api_client.get(reverse("api:project-list")).json()
    assert body["count"] == 1
    (row,) = body["results"]
    assert row["reference"] == project.reference
    assert row["allocated"] == "90000.00" and row["approved_amount"] == "90000.00"
    assert [c["country"] for c in row["countries"]] == [c.iso3 for c in j.countries]
    detail = api_client.get(reverse("api:project-detail", args=[project.reference])).json()
    assert detail["results"][1]["target"] == "200"
    assert detail["allocations"][0]["amount"] == "90000.00"
    filtered = api_client.get(reverse("api:project-list"), {"component": "II"}).json()
    assert filtered["count"] == 0
    bad = api_client.get(reverse("api:project-list"), {"status": "draft"})
    assert bad.status_code == 400 and "status" in bad.json()["errors"]


def test_the_project_list_runs_a_fixed_number_of_queries(api_client, monkeypatch):
    for _ in range(3):
        Journey().to("funded")
    # The HTTP validator's read of the content versions happens at most once a second per
    # process, not per request: take it out of the comparison, however slow the machine.
    monkeypatch.setattr("imdi_portal.core.cache.VERSION_TTL", 3600.0)
    api_client.get(reverse("api:project-list"), {"limit": 1})
    with CaptureQueriesContext(connection) as few:
        api_client.get(reverse("api:project-list"), {"limit": 1})
    with CaptureQueriesContext(connection) as many:
        api_client.get(reverse("api:project-list"), {"limit": 100})
    assert len(many) == len(few) <= 6


def test_contributions_are_public(api_client):
    j = Journey()
    j.to("funded")
    (row,) = api_client.get(reverse("api:contribution-list")).json()["results"]
    assert (row["amount"], row["allocated"], row["pool"]) == ("90000.00", "90000.00", "core")


def test_submitter_creates_edits_and_submits_through_the_api(api_client):
    ngo = OrganisationFactory()
    agency = OrganisationFactory(kind="international")
    user = UserFactory(submitter=True, organisation=ngo)
    countries = [CountryFactory(), CountryFactory()]
    api_client.force_authenticate(user)
    created = api_client.post(
        reverse("api:proposal-list"), {"title": "Diaspora skills"}, format="json"
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    assert "a budget" in created.json()["missing"]
    url = reverse("api:proposal-detail", args=[pk])
    response = api_client.patch(
        url,
        {
            "summary": "Map the skills of the diaspora.",
            "components": ["II"],
            "duration_months": 12,
            "prsp_statement": "Plan, pillar 1",
            "countries": [
                {"country": countries[0].iso3, "role": "origin"},
                {"country": countries[1].iso3, "role": "destination"},
            ],
            "partners": [{"organisation": agency.slug, "role": "lead"}],
            "results": [{"level": "objective", "statement": "Skills known"}],
            "budget_lines": [
                {"category": "contracts", "description": "Survey", "amount": "25000.00"}
            ],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["missing"] == []
    submitted = api_client.post(reverse("api:proposal-submit", args=[pk]))
    assert submitted.json()["state"] == "endorsement"
    again = api_client.patch(url, {"title": "Changed"}, format="json")
    assert again.status_code == 409
    assert "Only drafts" in again.json()["detail"]
    assert Proposal.objects.get(pk=pk).title == "Diaspora skills"


def test_wrong_payloads_get_field_errors_and_write_nothing(api_client):
    j = Journey()
    api_client.force_authenticate(j.submitter)
    url = reverse("api:proposal-detail", args=[j.proposal.pk])
    response = api_client.patch(
        url,
        {"countries": [{"country": "ZZZ", "role": "origin"}], "budget_lines": [{"amount": "abc"}]},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"countries.0.country", "budget_lines.0.amount"}
    response = api_client.patch(url, {"currency": "XYZ"}, format="json")
    assert response.status_code == 409 and "ISO 4217" in response.json()["detail"]
    assert j.refresh().countries.count() == 2 and j.proposal.currency == "USD"


def test_endorsement_through_the_api_follows_the_same_rules(api_client):
    j = Journey()
    proposal = j.to("endorsement")
    url = reverse("api:proposal-endorse", args=[proposal.pk])
    api_client.force_authenticate(j.focal_points[0])
    wrong = api_client.post(url, {"country": j.countries[1].iso3, "endorse": True}, format="json")
    assert wrong.status_code == 409
    ok = api_client.post(url, {"country": j.countries[0].iso3, "endorse": True}, format="json")
    assert ok.status_code == 200
    assert ok.json()["countries"][0]["endorsement"] == "endorsed"


@pytest.mark.parametrize("who", ["anonymous", "other_submitter", "unassigned_tap"])
def test_others_cannot_see_or_change_a_proposal(api_client, who):
    j = Journey()
    j.to("endorsement")
    user = {
        "anonymous": None,
        "other_submitter": UserFactory(submitter=True, organisation=OrganisationFactory()),
        "unassigned_tap": j.tap[0],
    }[who]
    if user:
        api_client.force_authenticate(user)
    detail = reverse("api:proposal-detail", args=[j.proposal.pk])
    expected = 401 if user is None else 404
    assert api_client.get(detail).status_code in (expected, 403)
    assert api_client.patch(detail, {"title": "x"}, format="json").status_code in (expected, 403)
    listing = api_client.get(reverse("api:proposal-list"))
    assert listing.status_code in (401, 403) if user is None else listing.json()["count"] == 0
    assert j.refresh().title == "Fair recruitment corridor"


def test_a_submitter_without_an_approved_organisation_cannot_create(api_client):
    pending = OrganisationFactory(is_approved=False)
    api_client.force_authenticate(UserFactory(submitter=True, organisation=pending))
    response = api_client.post(reverse("api:proposal-list"), {"title": "x"}, format="json")
    assert response.status_code == 409
    assert "waiting for the Secretariat" in response.json()["detail"]
    assert not Proposal.objects.exists()


def test_nested_errors_are_summarised_with_their_path(api_client):
    j = Journey()
    api_client.force_authenticate(j.submitter)
    response = api_client.patch(
        reverse("api:proposal-detail", args=[j.proposal.pk]),
        {"budget_lines": [{"category": "staff", "description": "x", "amount": "-1"}]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Invalid input. budget_lines.0.amount: Ensure this value is greater than or equal to 0.01."
    )
