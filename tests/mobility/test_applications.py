"""An application's way from the shortlist to the placement: the transition table by role,
withdrawal, the pre-selection checklist, the preparation steps, the history and the pages of
the agency and of the worker. Every person here is invented test data."""

from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from imdi_portal.core.exceptions import DomainError
from legislation.models import Agreement
from mobility import services
from mobility.models import Application, ApplicationTransition, ChecklistTick, PreparationStep
from mobility.workflow import APPLICATIONS
from tests.imdi_portal.factories import UserFactory
from tests.mobility.factories import (
    PreselectionItemFactory,
    VacancyFactory,
    WorkerProfileFactory,
    agency_member,
    application,
    licensed_agency,
)

State = Application.State
pytestmark = pytest.mark.django_db

# The table as the brief states it: (action, from) -> who takes it.
OPEN = [
    State.SHORTLISTED,
    State.INVITED,
    State.ACCEPTED,
    State.PRESELECTED,
    State.SELECTED,
    State.PREPARING,
]
EXPECTED = {
    ("invite", State.SHORTLISTED): ("recruiter", State.INVITED),
    ("accept", State.INVITED): ("worker", State.ACCEPTED),
    ("decline", State.INVITED): ("worker", State.DECLINED),
    ("preselect", State.ACCEPTED): ("recruiter", State.PRESELECTED),
    ("select", State.PRESELECTED): ("recruiter", State.SELECTED),
    ("prepare", State.SELECTED): ("recruiter", State.PREPARING),
    ("place", State.PREPARING): ("recruiter", State.PLACED),
    **{("withdraw", s): ("worker", State.WITHDRAWN) for s in OPEN},
    **{("not_select", s): ("recruiter", State.NOT_SELECTED) for s in OPEN},
}
ACTORS = ["worker", "recruiter", "other_recruiter", "stranger"]


@dataclass
class Setup:
    vacancy: Any
    profile: Any
    users: dict


@pytest.fixture
def setup() -> Setup:
    vacancy = VacancyFactory()
    profile = WorkerProfileFactory(
        occupations=[(vacancy.occupation.code, 4)], consent_to=[vacancy.destination]
    )
    return Setup(
        vacancy=vacancy,
        profile=profile,
        users={
            "worker": profile.user,
            "recruiter": agency_member(vacancy.agency),
            "other_recruiter": agency_member(licensed_agency()),
            "stranger": UserFactory(),
        },
    )


def _client(client, user):
    client.force_login(user)
    return client


def test_the_table_has_exactly_the_moves_of_the_brief():
    table = {(a.name, s): a.target for a in APPLICATIONS.actions for s in a.sources}
    assert table == {key: target for key, (_who, target) in EXPECTED.items()}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("action", sorted({a.name for a in APPLICATIONS.actions}))
def test_each_move_is_allowed_only_from_its_states_to_its_actor(setup, action, state, actor):
    app = application(vacancy=setup.vacancy, profile=setup.profile, state=state)
    user = setup.users[actor]
    expected = EXPECTED.get((action, state))
    allowed = expected is not None and expected[0] == actor
    assert APPLICATIONS.can(user, app, action)[0] is allowed
    if allowed:
        services.application_move(user=user, application=app, action=action, reason="why")
        app.refresh_from_db()
        assert app.state == expected[1]
        last = app.transitions.order_by("-pk").first()
        assert (last.from_state, last.to_state, last.action, last.by, last.reason) == (
            state,
            expected[1],
            action,
            user,
            "why",
        )
    else:
        with pytest.raises(DomainError):
            services.application_move(user=user, application=app, action=action)
        app.refresh_from_db()
        assert app.state == state
        assert app.transitions.count() == 1  # only the shortlisting


def test_a_suspended_agency_can_no_longer_move_its_applications(setup):
    from mobility.models import Licence

    app = application(vacancy=setup.vacancy, profile=setup.profile)
    Licence.objects.filter(agency=setup.vacancy.agency).update(status=Licence.Status.SUSPENDED)
    with pytest.raises(DomainError, match="Only the agency"):
        services.application_move(user=setup.users["recruiter"], application=app, action="invite")


# --- Shortlisting from the ranked candidates -------------------------------------------------


def test_the_agency_shortlists_a_ranked_candidate_with_a_button(client, setup):
    c = _client(client, setup.users["recruiter"])
    page = c.get(reverse("mobility:candidates", args=[setup.vacancy.pk]))
    url = reverse("mobility:candidate-shortlist", args=[setup.vacancy.pk, setup.profile.reference])
    assert url in page.content.decode()
    response = c.post(url)
    app = Application.objects.get(vacancy=setup.vacancy, profile=setup.profile)
    assert response.status_code == 302 and app.state == State.SHORTLISTED
    first = app.transitions.get()
    assert (first.from_state, first.to_state, first.by) == (
        "",
        State.SHORTLISTED,
        setup.users["recruiter"],
    )
    again = c.get(reverse("mobility:candidates", args=[setup.vacancy.pk])).content.decode()
    assert url not in again and reverse("mobility:application", args=[app.pk]) in again
    c.post(url)
    assert Application.objects.filter(vacancy=setup.vacancy).count() == 1


@pytest.mark.parametrize("who", ["other_recruiter", "stranger", "worker"])
def test_nobody_else_shortlists(client, setup, who):
    url = reverse("mobility:candidate-shortlist", args=[setup.vacancy.pk, setup.profile.reference])
    assert _client(client, setup.users[who]).post(url).status_code == 404
    assert not Application.objects.exists()


def test_a_profile_without_consent_for_the_destination_cannot_be_shortlisted(client, setup):
    elsewhere = WorkerProfileFactory(occupations=[(setup.vacancy.occupation.code, 4)])
    url = reverse("mobility:candidate-shortlist", args=[setup.vacancy.pk, elsewhere.reference])
    assert _client(client, setup.users["recruiter"]).post(url).status_code == 404
    assert not Application.objects.exists()


# --- Withdrawal ------------------------------------------------------------------------------


@pytest.mark.parametrize("state", OPEN)
def test_the_worker_withdraws_from_each_open_state_and_leaves_the_agency_lists(
    client, setup, state
):
    app = application(vacancy=setup.vacancy, profile=setup.profile, state=state)
    worker = _client(client, setup.users["worker"])
    response = worker.post(
        reverse("mobility:my-application-move", args=[app.pk]),
        {"action": "withdraw", "reason": "Found work at home"},
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.state == State.WITHDRAWN
    row = app.transitions.order_by("-pk").first()
    assert (row.from_state, row.action, row.by, row.reason) == (
        state,
        "withdraw",
        setup.users["worker"],
        "Found work at home",
    )
    recruiter = _client(client, setup.users["recruiter"])
    listed = recruiter.get(reverse("mobility:vacancy-applications", args=[setup.vacancy.pk]))
    assert setup.profile.short_reference not in listed.content.decode()
    assert recruiter.get(reverse("mobility:application", args=[app.pk])).status_code == 404
    ranked = recruiter.get(reverse("mobility:candidates", args=[setup.vacancy.pk]))
    assert setup.profile.short_reference not in ranked.content.decode()


def test_withdrawing_a_closed_application_is_refused_with_a_message(client, setup):
    app = application(vacancy=setup.vacancy, profile=setup.profile, state=State.PLACED)
    response = _client(client, setup.users["worker"]).post(
        reverse("mobility:my-application-move", args=[app.pk]), {"action": "withdraw"}, follow=True
    )
    assert "cannot be moved" in response.content.decode()
    app.refresh_from_db()
    assert app.state == State.PLACED


def test_another_worker_cannot_touch_the_application(client, setup):
    app = application(vacancy=setup.vacancy, profile=setup.profile, state=State.INVITED)
    other = WorkerProfileFactory().user
    url = reverse("mobility:my-application-move", args=[app.pk])
    assert _client(client, other).post(url, {"action": "withdraw"}).status_code == 404
    app.refresh_from_db()
    assert app.state == State.INVITED


def test_withdrawn_consent_or_deleted_profile_removes_the_application_from_the_agency(
    client, setup
):
    app = application(vacancy=setup.vacancy, profile=setup.profile, state=State.ACCEPTED)
    recruiter = _client(client, setup.users["recruiter"])
    url = reverse("mobility:vacancy-applications", args=[setup.vacancy.pk])
    assert setup.profile.short_reference in recruiter.get(url).content.decode()
    consent = setup.profile.consents.get()
    services.consent_withdraw(profile=setup.profile, consent_id=consent.pk)
    assert setup.profile.short_reference not in recruiter.get(url).content.decode()
    services.delete_profile(setup.profile)
    assert not Application.objects.filter(pk=app.pk).exists()
    assert not ApplicationTransition.objects.filter(application_id=app.pk).exists()


# --- Pre-selection checklist -----------------------------------------------------------------


@pytest.fixture
def agreed(setup):
    agreement = Agreement.objects.create(title="Test labour agreement", kind=Agreement.Kind.MOU)
    setup.vacancy.agreement = agreement
    setup.vacancy.save()
    required = PreselectionItemFactory(agreement=agreement, text="Medical fitness declared")
    optional = PreselectionItemFactory(agreement=agreement, text="Interview", is_required=False)
    PreselectionItemFactory(agreement=Agreement.objects.create(title="Other", kind="mou"))
    app = application(vacancy=setup.vacancy, profile=setup.profile, state=State.ACCEPTED)
    return app, required, optional


def test_preselection_waits_for_every_required_criterion(client, setup, agreed):
    app, required, optional = agreed
    recruiter = _client(client, setup.users["recruiter"])
    move = reverse("mobility:application-move", args=[app.pk])
    page = recruiter.post(move, {"action": "preselect"}, follow=True).content.decode()
    assert "Tick every required pre-selection criterion first" in page
    assert "Medical fitness declared" in page
    app.refresh_from_db()
    assert app.state == State.ACCEPTED and app.transitions.count() == 1
    recruiter.post(
        reverse("mobility:application-tick", args=[app.pk, optional.pk]), {"ticked": "1"}
    )
    with pytest.raises(DomainError):
        services.application_move(
            user=setup.users["recruiter"], application=app, action="preselect"
        )
    recruiter.post(
        reverse("mobility:application-tick", args=[app.pk, required.pk]), {"ticked": "1"}
    )
    tick = ChecklistTick.objects.get(application=app, item=required)
    assert tick.ticked_by == setup.users["recruiter"] and tick.ticked_at is not None
    recruiter.post(move, {"action": "preselect"})
    app.refresh_from_db()
    assert app.state == State.PRESELECTED


def test_a_criterion_of_another_agreement_cannot_be_ticked(setup, agreed):
    app, _required, _optional = agreed
    foreign = PreselectionItemFactory(agreement=Agreement.objects.create(title="X", kind="mou"))
    with pytest.raises(DomainError, match="does not apply"):
        services.checklist_tick(
            user=setup.users["recruiter"], application=app, item_id=foreign.pk, ticked=True
        )


def test_only_the_agency_ticks(client, setup, agreed):
    app, required, _optional = agreed
    url = reverse("mobility:application-tick", args=[app.pk, required.pk])
    for who in ("worker", "other_recruiter", "stranger"):
        assert _client(client, setup.users[who]).post(url, {"ticked": "1"}).status_code == 404
    assert not ChecklistTick.objects.exists()


def test_twinning_criteria_apply_to_a_vacancy_under_the_twinning(setup):
    from tests.certification.factories import TwinningFactory

    twinning = TwinningFactory()
    setup.vacancy.twinning = twinning
    setup.vacancy.save()
    PreselectionItemFactory(twinning=twinning, text="Twinning language course")
    app = application(vacancy=setup.vacancy, profile=setup.profile, state=State.ACCEPTED)
    with pytest.raises(DomainError, match="Twinning language course"):
        services.application_move(
            user=setup.users["recruiter"], application=app, action="preselect"
        )


# --- Preparation -----------------------------------------------------------------------------


def test_placement_waits_for_every_preparation_step(client, setup):
    app = application(vacancy=setup.vacancy, profile=setup.profile, state=State.SELECTED)
    recruiter = _client(client, setup.users["recruiter"])
    move = reverse("mobility:application-move", args=[app.pk])
    recruiter.post(move, {"action": "prepare"})
    app.refresh_from_db()
    assert app.state == State.PREPARING
    assert sorted(app.steps.values_list("kind", flat=True)) == sorted(PreparationStep.FIXED_KINDS)
    page = recruiter.post(move, {"action": "place"}, follow=True).content.decode()
    assert "Every preparation step is done or not needed" in page
    app.refresh_from_db()
    assert app.state == State.PREPARING
    steps = list(app.steps.all())
    for step in steps[:-1]:
        recruiter.post(
            reverse("mobility:application-step", args=[app.pk, step.pk]),
            {"status": "done", "on": "2026-11-02"},
        )
    recruiter.post(
        reverse("mobility:application-step", args=[app.pk, steps[-1].pk]), {"status": "not_needed"}
    )
    recruiter.post(
        reverse("mobility:application-step-add", args=[app.pk]),
        {"status": "to_do", "details": "Housing visit"},
    )
    with pytest.raises(DomainError, match="Other"):
        services.application_move(user=setup.users["recruiter"], application=app, action="place")
    extra = app.steps.get(kind=PreparationStep.Kind.OTHER)
    recruiter.post(
        reverse("mobility:application-step", args=[app.pk, extra.pk]), {"status": "done"}
    )
    recorded = app.steps.get(pk=steps[0].pk)
    assert recorded.recorded_by == setup.users["recruiter"] and str(recorded.on) == "2026-11-02"
    recruiter.post(move, {"action": "place", "reason": "Arrived"})
    app.refresh_from_db()
    assert app.state == State.PLACED


def test_the_worker_cannot_record_preparation_steps(client, setup):
    app = application(vacancy=setup.vacancy, profile=setup.profile, state=State.SELECTED)
    services.application_move(user=setup.users["recruiter"], application=app, action="prepare")
    step = app.steps.first()
    url = reverse("mobility:application-step", args=[app.pk, step.pk])
    assert _client(client, setup.users["worker"]).post(url, {"status": "done"}).status_code == 404
    step.refresh_from_db()
    assert step.status == PreparationStep.Status.TO_DO


# --- Pages: the worker sees every step; the agency's list stays bounded ----------------------


def test_the_worker_sees_every_step_with_who_and_when(client, setup):
    app = application(
        vacancy=setup.vacancy,
        profile=setup.profile,
        by=setup.users["recruiter"],
        state=State.SELECTED,
    )
    recruiter, worker = setup.users["recruiter"], setup.users["worker"]
    services.application_move(user=recruiter, application=app, action="prepare", reason="Go")
    step = app.steps.get(kind=PreparationStep.Kind.MEDICAL)
    services.preparation_step_save(user=recruiter, application=app, step_id=step.pk, status="done")
    services.application_move(user=worker, application=app, action="withdraw", reason="Family")
    page = _client(client, worker).get(reverse("mobility:my-applications")).content.decode()
    assert setup.vacancy.title in page
    for text in (
        "Shortlisted",
        "Preparing departure",
        "Withdrawn by the worker",
        "by you",
        "Family",
    ):
        assert text in page
    assert f"by {setup.vacancy.agency.name}" in page
    assert "Medical examination" in page and "Done" in page


def test_my_applications_tells_a_person_without_a_profile_to_create_one(client):
    response = _client(client, UserFactory()).get(reverse("mobility:my-applications"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "You have no worker profile yet" in page
    assert f'href="{reverse("mobility:my-profile")}">Create your worker profile' in page


def _fill(vacancy, n):
    for _ in range(n):
        application(vacancy=vacancy, state=State.ACCEPTED)


@pytest.mark.parametrize("count", [3, 20])
def test_the_agency_list_takes_a_bounded_number_of_queries(
    client, setup, count, django_assert_max_num_queries
):
    _fill(setup.vacancy, count)
    recruiter = _client(client, setup.users["recruiter"])
    url = reverse("mobility:vacancy-applications", args=[setup.vacancy.pk])
    # 12: two of them are the menu's role checks (agency, verifier), whatever the count.
    with django_assert_max_num_queries(12):
        response = recruiter.get(url)
    assert response.content.decode().count("Profile ") >= count
    assert response.context["rows"].__len__() == count


@pytest.mark.parametrize("who", ["other_recruiter", "stranger", "worker"])
def test_nobody_else_sees_the_agency_pages(client, setup, who):
    app = application(vacancy=setup.vacancy, profile=setup.profile, state=State.ACCEPTED)
    c = _client(client, setup.users[who])
    assert (
        c.get(reverse("mobility:vacancy-applications", args=[setup.vacancy.pk])).status_code == 404
    )
    assert c.get(reverse("mobility:application", args=[app.pk])).status_code == 404
    response = c.post(reverse("mobility:application-move", args=[app.pk]), {"action": "invite"})
    assert response.status_code == 404
    app.refresh_from_db()
    assert app.state == State.ACCEPTED


def test_the_agency_pages_are_logged_in_the_worker_view_log(client, setup):
    app = application(vacancy=setup.vacancy, profile=setup.profile, state=State.ACCEPTED)
    recruiter = _client(client, setup.users["recruiter"])
    recruiter.get(reverse("mobility:vacancy-applications", args=[setup.vacancy.pk]))
    recruiter.get(reverse("mobility:application", args=[app.pk]))
    assert setup.profile.views.filter(context="application").count() == 2


def test_the_logs_name_no_person(setup, caplog):
    caplog.set_level("DEBUG")
    worker, recruiter = setup.users["worker"], setup.users["recruiter"]
    app = services.application_shortlist(
        user=recruiter, vacancy=setup.vacancy, profile=setup.profile
    )
    services.application_move(user=recruiter, application=app, action="invite")
    services.application_move(user=worker, application=app, action="withdraw", reason="Private")
    assert "mobility: application" in caplog.text
    for secret in (worker.username, worker.email, str(setup.profile.reference), "Private"):
        assert secret not in caplog.text
