"""The workflow engine (imdi_portal.workflow) on a table of the test's own, run over permit
categories and their StateChange log: the table, who may, guards, reasons, the log row, the
hook after the commit and the lock against a stale copy."""

from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from imdi_portal.core.exceptions import DomainError
from imdi_portal.core.workflow import AUTOMATIC, SYSTEM, Action, Messages, Workflow
from legislation.models import PermitCategory, StateChange
from tests.imdi_portal.factories import UserFactory
from tests.legislation.factories import PermitCategoryFactory

pytestmark = pytest.mark.django_db
State = PermitCategory.State


def editors_only(user, category):
    return (True, "") if user.is_staff else (False, "Only editors do this.")


def needs_a_summary(category):
    return None if category.summary else "Write the summary first."


def workflow(**options):
    """Submit (by an editor, with a summary), return (with a reason), publish (system)."""
    settings = {
        "model": PermitCategory,
        "log_model": StateChange,
        "log_object": "category",
        "actions": (
            Action(
                "submit",
                "Submit",
                (State.DRAFT, State.RETURNED),
                State.SUBMITTED,
                "editor",
                guards=(needs_a_summary,),
            ),
            Action("return", "Return", (State.SUBMITTED,), State.RETURNED, "editor", True),
            Action("publish", "Publish", (State.SUBMITTED,), State.PUBLISHED, SYSTEM),
        ),
        "actors": {"editor": editors_only},
        "messages": Messages(
            wrong_state="“%(action)s” leads from nowhere near %(state)s to %(to)s.",
            needs_reason="Say why.",
            stale="Someone was faster.",
        ),
        **options,
    }
    return Workflow(**settings)


@pytest.fixture
def editor():
    return UserFactory(is_staff=True)


@pytest.fixture
def draft():
    return PermitCategoryFactory(summary="Who may come and how")


def test_it_refuses_an_action_from_a_state_it_does_not_leave_and_changes_nothing(editor, draft):
    flow = workflow()
    assert flow.can(editor, draft, "return") == (
        False,
        "“Return” leads from nowhere near Draft to Returned for changes.",
    )
    with pytest.raises(DomainError, match="nowhere near Draft"):
        flow.move(draft, "return", editor, "No")
    draft.refresh_from_db()
    assert draft.state == State.DRAFT
    assert not StateChange.objects.filter(category=draft).exists()


def test_it_refuses_an_unknown_action_and_says_which(editor, draft):
    assert workflow().can(editor, draft, "burn") == (False, "Unknown action “burn”.")


def test_only_the_actor_of_the_table_may_act(editor, draft):
    flow = workflow()
    stranger = UserFactory()
    assert flow.can(stranger, draft, "submit") == (False, "Only editors do this.")
    with pytest.raises(DomainError, match="Only editors"):
        flow.move(draft, "submit", stranger)
    assert flow.can(editor, draft, "submit") == (True, "")
    assert [a.name for a in flow.available(editor, draft)] == ["submit"]
    assert flow.available(stranger, draft) == []


def test_a_system_step_is_never_taken_by_hand_but_the_services_take_it(editor):
    flow = workflow()
    submitted = PermitCategoryFactory(submitted=True)
    assert flow.can(editor, submitted, "publish") == (False, str(AUTOMATIC))
    flow.move(submitted, "publish", None, "All checks passed")
    submitted.refresh_from_db()
    assert submitted.state == State.PUBLISHED


def test_a_guard_refuses_with_its_own_message(editor):
    flow = workflow()
    bare = PermitCategoryFactory(summary="")
    assert flow.can(editor, bare, "submit") == (True, "")  # guards are for the move
    with pytest.raises(DomainError, match="Write the summary first"):
        flow.move(bare, "submit", editor)
    bare.refresh_from_db()
    assert bare.state == State.DRAFT
    assert not StateChange.objects.filter(category=bare).exists()


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_action_that_needs_a_reason_is_refused_without_one(editor, reason):
    flow = workflow()
    submitted = PermitCategoryFactory(submitted=True)
    with pytest.raises(DomainError, match="Say why"):
        flow.move(submitted, "return", editor, reason)
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED


def test_a_move_writes_one_log_row_with_the_six_fields_and_the_side_fields(editor, draft):
    def stamp(category, action, reason):
        category.review_comment = f"{action.name}: {reason}"
        return ["review_comment"]

    log = workflow(on_move=stamp).move(draft, "submit", editor, "Ready for review")
    assert draft.state == State.SUBMITTED  # the caller's object follows
    draft.refresh_from_db()
    assert (draft.state, draft.review_comment) == (State.SUBMITTED, "submit: Ready for review")
    row = StateChange.objects.get(category=draft)
    assert row == log
    assert (row.from_state, row.to_state, row.action, row.by, row.reason) == (
        State.DRAFT,
        State.SUBMITTED,
        "submit",
        editor,
        "Ready for review",
    )
    assert timezone.now() - row.at < timedelta(minutes=1)


def test_record_writes_a_log_row_without_moving(editor, draft):
    flow = workflow()
    flow.record(draft, "create", editor, "New", from_state="", to_state=State.DRAFT)
    draft.refresh_from_db()
    assert draft.state == State.DRAFT
    assert list(StateChange.objects.values_list("from_state", "to_state", "action")) == [
        ("", State.DRAFT, "create")
    ]


def test_the_hook_runs_after_the_commit_with_the_state_of_its_move(
    editor, draft, django_capture_on_commit_callbacks
):
    heard = []
    flow = workflow(after_commit=lambda category, log: heard.append((category.pk, log.to_state)))
    with django_capture_on_commit_callbacks(execute=True):
        flow.move(draft, "submit", editor)
        flow.move(draft, "publish", None)
        assert heard == []  # nothing before the commit
    assert heard == [(draft.pk, State.SUBMITTED), (draft.pk, State.PUBLISHED)]


def test_the_hook_does_not_run_for_a_move_that_rolls_back(
    editor, draft, django_capture_on_commit_callbacks
):
    heard = []
    flow = workflow(after_commit=lambda category, log: heard.append(log.action))
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        flow.move(draft, "submit", editor)
        raise RuntimeError("the rest of the service failed")
    assert callbacks == [] and heard == []
    draft.refresh_from_db()
    assert draft.state == State.DRAFT
    assert not StateChange.objects.filter(category=draft).exists()


def test_a_failing_hook_does_not_undo_the_committed_move(
    editor, draft, django_capture_on_commit_callbacks, caplog
):
    def broken(category, log):
        raise ConnectionError("mail server away")

    with django_capture_on_commit_callbacks(execute=True):
        workflow(after_commit=broken).move(draft, "submit", editor)
    assert "mail server away" in caplog.text
    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED


def test_a_stale_copy_cannot_move_the_record_a_second_time(editor, draft):
    flow = workflow()
    stale = PermitCategory.objects.get(pk=draft.pk)
    flow.move(draft, "submit", editor)
    with pytest.raises(DomainError, match="Someone was faster"):
        flow.move(stale, "submit", editor)
    assert stale.state == State.DRAFT
    assert StateChange.objects.filter(category=draft).count() == 1
    # Without its own words, the workflow names the state the record is in now.
    quiet = workflow(messages=Messages(wrong_state="It is %(state)s now.", needs_reason="Why?"))
    with pytest.raises(DomainError, match="It is Submitted for review now"):
        quiet.move(stale, "submit", editor)


def test_the_lock_is_taken_inside_the_move_with_select_for_update(editor, draft):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        workflow().move(draft, "submit", editor)
    reads = [q["sql"] for q in queries if q["sql"].startswith("SELECT")]
    # The re-read of the state is the lock (FOR UPDATE where the database has it).
    suffix = " FOR UPDATE" if connection.features.has_select_for_update else ""
    assert any(
        '"legislation_permitcategory"."state"' in sql and sql.endswith(suffix) for sql in reads
    )


@pytest.mark.parametrize(
    "actions, problem",
    [
        (
            (
                Action("submit", "Submit", (State.DRAFT,), State.SUBMITTED, SYSTEM),
                Action("submit", "Again", (State.RETURNED,), State.SUBMITTED, SYSTEM),
            ),
            "declared twice",
        ),
        ((Action("burn", "Burn", (State.DRAFT,), "ashes", SYSTEM),), "unknown state"),
        ((Action("submit", "Submit", (State.DRAFT,), State.SUBMITTED, "nobody"),), "unknown actor"),
    ],
)
def test_a_mistake_in_the_table_stops_the_app_from_loading(actions, problem):
    with pytest.raises(ImproperlyConfigured, match=problem):
        workflow(actions=actions)


def test_edges_are_every_pair_the_table_allows():
    assert workflow().edges() == {
        (State.DRAFT, State.SUBMITTED),
        (State.RETURNED, State.SUBMITTED),
        (State.SUBMITTED, State.RETURNED),
        (State.SUBMITTED, State.PUBLISHED),
    }
