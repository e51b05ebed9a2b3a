"""Moderation of the information gateway on the core's workflow engine: every move, and the
submission, is a row of the kind's log, shown read-only in the admin."""

import pytest

from imdi_portal.core.exceptions import DomainError
from imdi_portal.core.models import Component
from imdi_portal.gateway.models import (
    Activity,
    ActivityTransition,
    GCMObjective,
    GoodPractice,
    GoodPracticeTransition,
)
from imdi_portal.gateway.services import entry_moderate, entry_submit
from tests.gateway.factories import ActivityFactory
from tests.imdi_portal.factories import CountryFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
State = GoodPractice.State


def submit_practice(editor) -> GoodPractice:
    return entry_submit(
        GoodPractice,
        user=editor,
        title_en="Mobile consular days for seafarers",
        summary_en="Consular staff visit ports to renew documents.",
        what_was_done="Monthly visits to three ports.",
        results="2,000 documents renewed in a year.",
        lessons="Announce the visits through crewing agencies.",
        countries=[CountryFactory()],
        components=list(Component.objects.filter(code="III")),
        objectives=list(GCMObjective.objects.filter(number=14)),
    )


def submit_activity(editor) -> Activity:
    return entry_submit(
        Activity,
        user=editor,
        title_en="Seasonal agricultural worker scheme",
        summary_en="Circular migration of farm workers between two countries.",
        start_year=2021,
        status=Activity.Status.ONGOING,
        components=list(Component.objects.filter(code="I")),
    )


@pytest.fixture
def editor():
    return UserFactory(submitter=True, organisation=OrganisationFactory())


@pytest.fixture
def secretariat():
    return UserFactory(secretariat=True)


def test_the_submission_is_recorded_from_the_empty_state(editor):
    practice = submit_practice(editor)
    (row,) = practice.transitions.all()
    assert (row.from_state, row.to_state, row.action, row.by) == (
        "",
        State.SUBMITTED,
        "submit",
        editor,
    )


def test_publishing_writes_one_row_with_all_six_fields(editor, secretariat):
    practice = submit_practice(editor)
    moved = entry_moderate(user=secretariat, entry=practice, publish=True, note="Clear and useful.")
    assert moved.state == State.PUBLISHED and moved.published_at is not None
    assert moved.reviewed_by == secretariat and moved.review_note == "Clear and useful."
    row = GoodPracticeTransition.objects.filter(entry=practice).exclude(action="submit").get()
    assert row.from_state == State.SUBMITTED
    assert row.to_state == State.PUBLISHED
    assert row.action == "publish"
    assert row.by == secretariat
    assert row.at is not None
    assert row.reason == "Clear and useful."
    assert practice.transitions.count() == 2


def test_rejecting_writes_one_row_and_keeps_the_note_on_the_entry(editor, secretariat):
    activity = submit_activity(editor)
    with pytest.raises(DomainError, match="Say why the entry is not published"):
        entry_moderate(user=secretariat, entry=activity, publish=False, note="  ")
    assert activity.transitions.count() == 1  # the submission only
    moved = entry_moderate(user=secretariat, entry=activity, publish=False, note="No results yet.")
    activity.refresh_from_db()
    assert moved.state == activity.state == State.REJECTED
    assert activity.review_note == "No results yet." and activity.reviewed_by == secretariat
    assert activity.published_at is None
    row = ActivityTransition.objects.get(entry=activity, action="reject")
    assert (row.from_state, row.to_state, row.by, row.reason) == (
        State.SUBMITTED,
        State.REJECTED,
        secretariat,
        "No results yet.",
    )
    assert row.at is not None
    assert activity.transitions.count() == 2


def test_only_the_secretariat_moderates_and_a_refusal_logs_nothing(editor):
    practice = submit_practice(editor)
    with pytest.raises(DomainError) as refused:
        entry_moderate(user=editor, entry=practice, publish=True)
    assert str(refused.value) == "Only the Secretariat moderates the information gateway."
    practice.refresh_from_db()
    assert practice.state == State.SUBMITTED
    assert list(practice.transitions.values_list("action", flat=True)) == ["submit"]


def test_a_published_entry_can_be_withdrawn_but_not_published_twice(secretariat):
    activity = ActivityFactory()  # published
    with pytest.raises(DomainError, match="cannot be moved that way"):
        entry_moderate(user=secretariat, entry=activity, publish=True)
    assert not activity.transitions.exists()
    withdrawn = entry_moderate(user=secretariat, entry=activity, publish=False, note="Outdated.")
    assert withdrawn.state == State.REJECTED and withdrawn.review_note == "Outdated."
    assert list(withdrawn.transitions.values_list("from_state", "to_state", "action")) == [
        (State.PUBLISHED, State.REJECTED, "reject")
    ]
    republished = entry_moderate(user=secretariat, entry=withdrawn, publish=True)
    assert republished.state == State.PUBLISHED and republished.published_at is not None


@pytest.mark.parametrize("kind", ["practice", "activity"])
def test_the_admin_change_page_lists_the_log_read_only(client, editor, secretariat, kind):
    entry = submit_practice(editor) if kind == "practice" else submit_activity(editor)
    entry_moderate(user=secretariat, entry=entry, publish=False, note="Name the countries served.")
    client.force_login(secretariat)
    page = client.get(f"/admin/gateway/{entry._meta.model_name}/{entry.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "moderation log" in html.lower()
    assert "Name the countries served." in html
    assert "Awaiting moderation" in html and "Not published" in html
    assert html.count('<td class="field-action">') == 2  # submit, reject
    for column in ("from_state", "to_state", "action", "by", "at", "reason"):
        assert f'class="column-{column}"' in html
    assert 'name="transitions-0-reason"' not in html  # nothing editable
