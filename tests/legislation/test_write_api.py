"""Writes through the API follow the editor's rules: own country only, workflow moves."""

import pytest

from imdi_portal.core.models import Country
from legislation.models import PermitCategory
from tests.imdi_portal.factories import UserFactory
from tests.legislation.factories import PermitCategoryFactory

pytestmark = pytest.mark.django_db
State = PermitCategory.State
URL = "/api/v1/permit-category-drafts/"


@pytest.fixture
def focal_api(api_client):
    api_client.force_authenticate(
        UserFactory(focal_point=True, country=Country.objects.get(iso3="PHL"))
    )
    return api_client


def test_focal_point_creates_changes_and_submits_a_draft(focal_api):
    response = focal_api.post(
        URL,
        {
            "name_en": "Employment visa",
            "kind": "general_work",
            "processing_days_typical": 30,
            "requirements": [{"text": "A job offer"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["country"], body["state"], body["requirements"]) == (
        "PHL",
        "draft",
        [{"text": "A job offer"}],
    )
    response = focal_api.patch(
        f"{URL}{body['id']}/",
        {
            "summary": "Updated",
            "fees": [{"label": "Fee", "amount": "20.50", "currency": "PHP", "payer": "employer"}],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["fees"][0]["amount"] == "20.50"
    assert response.json()["requirements"] == [{"text": "A job offer"}]  # untouched list kept
    assert focal_api.post(f"{URL}{body['id']}/submit/").json()["state"] == "submitted"
    response = focal_api.post(f"{URL}{body['id']}/publish/", {}, format="json")
    assert response.status_code == 409
    assert "Only the Secretariat" in response.json()["detail"]
    assert PermitCategory.objects.get().state == State.SUBMITTED


def test_other_countries_are_not_found(focal_api):
    other = PermitCategoryFactory(country=Country.objects.get(iso3="SEN"), summary="theirs")
    assert focal_api.get(f"{URL}{other.pk}/").status_code == 404
    assert (
        focal_api.patch(f"{URL}{other.pk}/", {"summary": "mine"}, format="json").status_code == 404
    )
    assert focal_api.post(f"{URL}{other.pk}/submit/").status_code == 404
    assert focal_api.get(URL).json()["count"] == 0
    other.refresh_from_db()
    assert (other.summary, other.state) == ("theirs", State.DRAFT)


def test_bad_payloads_get_field_messages_and_write_nothing(focal_api):
    response = focal_api.post(
        URL,
        {
            "name_en": "",
            "kind": "astronaut",
            "fees": [{"label": "F", "amount": "x", "currency": "PHP", "payer": "applicant"}],
        },
        format="json",
    )
    assert response.status_code == 400
    assert {"name_en", "kind", "fees.0.amount"} <= set(response.json()["errors"])
    draft = PermitCategoryFactory(summary="before")
    response = focal_api.patch(
        f"{URL}{draft.pk}/",
        {
            "summary": "after",
            "fees": [{"label": "F", "amount": "-3", "currency": "PHP", "payer": "applicant"}],
        },
        format="json",
    )
    assert response.status_code == 409 and "fees, item 1" in response.json()["detail"]
    draft.refresh_from_db()
    assert draft.summary == "before" and not draft.fees.exists()
    assert PermitCategory.objects.count() == 1


def test_secretariat_publishes_and_returns_through_the_api(api_client):
    api_client.force_authenticate(UserFactory(secretariat=True))
    first = PermitCategoryFactory(submitted=True, slug="one")
    second = PermitCategoryFactory(submitted=True, slug="two")
    response = api_client.post(f"{URL}{first.pk}/publish/", {"comment": "ok"}, format="json")
    assert response.json()["state"] == "published"
    response = api_client.post(f"{URL}{second.pk}/return/", {"comment": ""}, format="json")
    assert response.status_code == 409 and "needs a comment" in response.json()["detail"]
    response = api_client.post(f"{URL}{second.pk}/return/", {"comment": "Add fees"}, format="json")
    assert (response.json()["state"], response.json()["review_comment"]) == ("returned", "Add fees")


def test_anonymous_clients_cannot_write(api_client):
    draft = PermitCategoryFactory()
    assert api_client.get(URL).status_code == 401
    assert api_client.post(f"{URL}{draft.pk}/submit/").status_code == 401
    draft.refresh_from_db()
    assert draft.state == State.DRAFT


def test_a_new_draft_with_an_invalid_list_is_not_created_at_all(focal_api):
    response = focal_api.post(
        URL,
        {
            "name_en": "Visa",
            "kind": "general_work",
            "fees": [{"label": "Fee", "amount": "-3", "currency": "PHP", "payer": "applicant"}],
        },
        format="json",
    )
    assert response.status_code == 409 and "fees, item 1" in response.json()["detail"]
    assert not PermitCategory.objects.exists()
