"""The editorial workflow: focal points draft and submit for their own country only; the
Secretariat publishes or returns; every published version is kept."""

import datetime

import pytest
from django.utils import timezone

from imdi_portal.core.exceptions import DomainError
from imdi_portal.core.models import Country
from legislation.models import PermitCategory, PermitCategoryVersion, PermitKind, StateChange
from legislation.selectors import category_list_published, version_diff
from legislation.services import (
    category_create,
    category_publish,
    category_return,
    category_start_revision,
    category_submit,
    category_update,
)
from tests.imdi_portal.factories import UserFactory
from tests.legislation.factories import PermitCategoryFactory

pytestmark = pytest.mark.django_db
State = PermitCategory.State


@pytest.fixture
def philippines():
    return Country.objects.get(iso3="PHL")


@pytest.fixture
def focal_point(philippines):
    return UserFactory(focal_point=True, country=philippines)


@pytest.fixture
def secretariat():
    return UserFactory(secretariat=True)


def new_draft(user, country):
    return category_create(
        user=user,
        country=country,
        name_en="Employment visa",
        kind=PermitKind.GENERAL_WORK,
        processing_days_typical=30,
    )


def test_focal_point_drafts_submits_and_secretariat_publishes(
    focal_point, secretariat, philippines
):
    draft = new_draft(focal_point, philippines)
    assert not category_list_published(country=philippines).exists()
    category_submit(user=focal_point, category=draft)
    published = category_publish(user=secretariat, category=draft, comment="checked")
    assert published.pk == draft.pk and published.state == State.PUBLISHED
    assert published.last_verified_on == timezone.localdate()
    assert list(category_list_published(country=philippines)) == [published]
    version = published.versions.get()
    assert (version.number, version.data["name_en"], version.published_by) == (
        1,
        "Employment visa",
        secretariat,
    )
    moves = list(
        StateChange.objects.filter(category=published)
        .order_by("at", "id")
        .values_list("from_state", "to_state", "by")
    )
    assert moves == [
        ("", "draft", focal_point.pk),
        ("draft", "submitted", focal_point.pk),
        ("submitted", "published", secretariat.pk),
    ]


def test_focal_point_cannot_touch_another_country(focal_point):
    senegal = Country.objects.get(iso3="SEN")
    with pytest.raises(DomainError, match="another country"):
        new_draft(focal_point, senegal)
    other = PermitCategoryFactory(country=senegal)
    with pytest.raises(DomainError, match="another country"):
        category_update(user=focal_point, category=other, summary="changed")
    with pytest.raises(DomainError, match="another country"):
        category_submit(user=focal_point, category=other)
    other.refresh_from_db()
    assert (other.summary, other.state) == ("", State.DRAFT)


def test_focal_point_cannot_publish(focal_point, philippines):
    draft = new_draft(focal_point, philippines)
    category_submit(user=focal_point, category=draft)
    with pytest.raises(DomainError, match="Only the Secretariat"):
        category_publish(user=focal_point, category=draft)
    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED


def test_returned_draft_needs_a_reason_and_can_be_resubmitted(
    focal_point, secretariat, philippines
):
    draft = new_draft(focal_point, philippines)
    category_submit(user=focal_point, category=draft)
    with pytest.raises(DomainError, match="needs a comment"):
        category_return(user=secretariat, category=draft, reason="  ")
    category_return(user=secretariat, category=draft, reason="Add the fees")
    draft.refresh_from_db()
    assert (draft.state, draft.review_comment) == (State.RETURNED, "Add the fees")
    category_update(user=focal_point, category=draft, summary="Fees added")
    category_submit(user=focal_point, category=draft)
    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED and draft.review_comment == ""


def test_submitted_category_cannot_be_edited(focal_point, philippines):
    draft = new_draft(focal_point, philippines)
    category_submit(user=focal_point, category=draft)
    with pytest.raises(DomainError, match="Only drafts and returned drafts"):
        category_update(user=focal_point, category=draft, summary="late change")


def test_illegal_moves_are_refused(focal_point, secretariat, philippines):
    draft = new_draft(focal_point, philippines)
    with pytest.raises(DomainError, match="cannot go from"):
        category_publish(user=secretariat, category=draft)  # not submitted yet
    with pytest.raises(DomainError, match="cannot go from"):
        category_return(user=secretariat, category=draft, reason="x")


def test_a_revision_leaves_the_public_row_alone_until_published(
    focal_point, secretariat, philippines
):
    public = PermitCategoryFactory(
        country=philippines, published=True, with_elements=True, processing_days_typical=30
    )
    PermitCategoryVersion.objects.create(
        category=public, number=1, data={"processing_days_typical": 30, "name_en": public.name_en}
    )
    draft = category_start_revision(user=focal_point, category=public)
    assert draft.public == public and draft.state == State.DRAFT
    assert [r.text for r in draft.requirements.all()] == ["A job offer"]
    assert category_start_revision(user=focal_point, category=public) == draft  # one draft
    category_update(user=focal_point, category=draft, processing_days_typical=45)
    public.refresh_from_db()
    assert public.processing_days_typical == 30
    category_submit(user=focal_point, category=draft)
    published = category_publish(user=secretariat, category=draft)
    assert published.pk == public.pk and published.processing_days_typical == 45
    assert not PermitCategory.objects.filter(pk=draft.pk).exists()
    assert [r.text for r in published.requirements.all()] == ["A job offer"]
    assert published.versions.first().number == 2
    diff = version_diff(category=published, number=2)
    assert {"field": "processing_days_typical", "before": 30, "after": 45} in diff


def test_publishing_twice_at_once_is_refused(focal_point, secretariat, philippines):
    draft = new_draft(focal_point, philippines)
    category_submit(user=focal_point, category=draft)
    stale_copy = PermitCategory.objects.get(pk=draft.pk)
    category_return(user=secretariat, category=draft, reason="no")
    with pytest.raises(DomainError, match="changed by someone else"):
        category_publish(user=secretariat, category=stale_copy)


def test_published_short_names_are_unique_per_country(focal_point, secretariat, philippines):
    PermitCategoryFactory(country=philippines, published=True, slug="employment-visa")
    draft = new_draft(focal_point, philippines)
    category_submit(user=focal_point, category=draft)
    with pytest.raises(DomainError, match="already uses this short name"):
        category_publish(user=secretariat, category=draft)


def test_categories_unverified_for_a_year_are_flagged():
    today = timezone.localdate()
    fresh = PermitCategoryFactory.build(last_verified_on=today - datetime.timedelta(days=30))
    old = PermitCategoryFactory.build(last_verified_on=today - datetime.timedelta(days=400))
    assert not fresh.is_out_of_date and old.is_out_of_date
