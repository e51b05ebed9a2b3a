"""The focal points' editor: own country only, by every path, guessed ids included."""

import pytest

from imdi_portal.core.models import Country
from legislation.models import PermitCategory
from tests.imdi_portal.factories import UserFactory
from tests.legislation.factories import PermitCategoryFactory

pytestmark = pytest.mark.django_db
State = PermitCategory.State


@pytest.fixture
def focal_client(client):
    client.force_login(UserFactory(focal_point=True, country=Country.objects.get(iso3="PHL")))
    return client


def form_data(**overrides):
    data = {
        "name_en": "Employment visa",
        "kind": "general_work",
        "processing_days_typical": "30",
        "processing_days_max": "60",
    }
    for prefix in ("requirements", "documents", "fees", "professional_bodies", "contact_points"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(overrides)
    return data


def test_focal_point_creates_edits_and_submits_a_draft(focal_client):
    response = focal_client.post("/legislation/manage/new/", form_data())
    category = PermitCategory.objects.get()
    assert response.status_code == 302 and category.country.iso3 == "PHL"
    response = focal_client.post(
        f"/legislation/manage/{category.pk}/",
        form_data(
            **{
                "summary": "For employees",
                "requirements-TOTAL_FORMS": "2",
                "requirements-0-text": "A job offer",
                "requirements-1-text": "A clean record",
                "fees-TOTAL_FORMS": "1",
                "fees-0-label": "Visa fee",
                "fees-0-amount": "50.00",
                "fees-0-currency": "PHP",
                "fees-0-payer": "employer",
            }
        ),
    )
    assert response.status_code == 302
    category.refresh_from_db()
    assert category.summary == "For employees"
    assert [r.text for r in category.requirements.all()] == ["A job offer", "A clean record"]
    assert category.fees.get().payer == "employer"
    focal_client.post(f"/legislation/manage/{category.pk}/submit/")
    category.refresh_from_db()
    assert category.state == State.SUBMITTED


def test_invalid_form_shows_field_messages_and_writes_nothing(focal_client):
    category = PermitCategoryFactory(summary="unchanged")
    response = focal_client.post(
        f"/legislation/manage/{category.pk}/",
        form_data(
            **{
                "summary": "changed",
                "processing_days_max": "10",
                "fees-TOTAL_FORMS": "1",
                "fees-0-label": "Fee",
                "fees-0-amount": "-5",
                "fees-0-currency": "PHP",
                "fees-0-payer": "applicant",
            }
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "The maximum cannot be shorter than the typical time." in html
    assert "Ensure this value is greater than or equal to 0." in html
    category.refresh_from_db()
    assert category.summary == "unchanged" and not category.fees.exists()


def test_focal_point_cannot_reach_another_countrys_drafts(focal_client):
    other = PermitCategoryFactory(country=Country.objects.get(iso3="SEN"), summary="theirs")
    assert focal_client.get(f"/legislation/manage/{other.pk}/").status_code == 404
    assert (
        focal_client.post(f"/legislation/manage/{other.pk}/", form_data(summary="mine")).status_code
        == 404
    )
    assert focal_client.post(f"/legislation/manage/{other.pk}/submit/").status_code == 404
    assert focal_client.get("/legislation/manage/999999/").status_code == 404
    other.refresh_from_db()
    assert (other.summary, other.state) == ("theirs", State.DRAFT)
    assert "theirs" not in focal_client.get("/legislation/manage/").content.decode()


def test_focal_point_cannot_publish_through_the_editor(focal_client):
    category = PermitCategoryFactory(submitted=True)
    focal_client.post(f"/legislation/manage/{category.pk}/publish/")
    category.refresh_from_db()
    assert category.state == State.SUBMITTED


def test_secretariat_publishes_and_the_public_sees_it(client):
    category = PermitCategoryFactory(submitted=True, slug="employment", name_en="Employment visa")
    client.force_login(UserFactory(secretariat=True))
    html = client.get(f"/legislation/manage/{category.pk}/").content.decode()
    assert "Publish" in html and "Return to the focal point" in html
    client.post(f"/legislation/manage/{category.pk}/publish/", {"comment": "ok"})
    client.logout()
    assert "Employment visa" in client.get("/legislation/PHL/employment/").content.decode()


def test_anonymous_users_are_sent_to_sign_in(client):
    category = PermitCategoryFactory()
    response = client.get(f"/legislation/manage/{category.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    response = client.post(f"/legislation/manage/{category.pk}/submit/")
    assert response.status_code == 302
    category.refresh_from_db()
    assert category.state == State.DRAFT


def test_users_without_a_role_see_nothing_to_edit(client):
    PermitCategoryFactory(summary="hidden draft")
    client.force_login(UserFactory(submitter=True))
    html = client.get("/legislation/manage/").content.decode()
    assert "There is nothing for you to edit yet." in html


def test_saving_without_touching_the_lists_keeps_them(focal_client):
    category = PermitCategoryFactory(with_elements=True)
    data = form_data(
        **{
            # the existing rows sent back unchanged, plus an empty extra requirement row
            "requirements-TOTAL_FORMS": "2",
            "requirements-INITIAL_FORMS": "1",
            "requirements-0-text": "A job offer",
            "requirements-1-text": "",
            "fees-TOTAL_FORMS": "1",
            "fees-INITIAL_FORMS": "1",
            "fees-0-label": "Application fee",
            "fees-0-amount": "100.00",
            "fees-0-currency": "PHP",
            "fees-0-payer": "applicant",
        }
    )
    response = focal_client.post(f"/legislation/manage/{category.pk}/", data)
    assert response.status_code == 302
    assert [r.text for r in category.requirements.all()] == ["A job offer"]
    assert category.fees.get().label == "Application fee"


def test_rows_marked_for_deletion_are_removed(focal_client):
    category = PermitCategoryFactory(with_elements=True)
    data = form_data(
        **{
            "requirements-TOTAL_FORMS": "1",
            "requirements-INITIAL_FORMS": "1",
            "requirements-0-text": "A job offer",
            "requirements-0-DELETE": "on",
        }
    )
    focal_client.post(f"/legislation/manage/{category.pk}/", data)
    assert not category.requirements.exists()


def test_a_draft_cites_laws_of_its_own_country_only(focal_client):
    from legislation.models import Law

    category = PermitCategoryFactory()
    ours = Law.objects.create(country=category.country, title="Labour Code", year=1974)
    theirs = Law.objects.create(country=Country.objects.get(iso3="SEN"), title="Other code")
    html = focal_client.get(f"/legislation/manage/{category.pk}/").content.decode()
    assert "Labour Code" in html and "Other code" not in html
    response = focal_client.post(
        f"/legislation/manage/{category.pk}/", form_data(laws=[str(theirs.pk)])
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    focal_client.post(f"/legislation/manage/{category.pk}/", form_data(laws=[str(ours.pk)]))
    assert list(category.laws.all()) == [ours]


def test_a_failing_list_writes_none_of_the_draft(focal_client, monkeypatch):
    from imdi_portal.core.exceptions import DomainError
    from legislation import services

    category = PermitCategoryFactory(summary="before")

    def refuse(**kwargs):
        raise DomainError("refused")

    monkeypatch.setattr(services, "category_set_elements", refuse)
    response = focal_client.post(f"/legislation/manage/{category.pk}/", form_data(summary="after"))
    assert "refused" in response.content.decode()
    category.refresh_from_db()
    assert category.summary == "before"
