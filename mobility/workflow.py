"""An application's way from the agency's shortlist to the placement, in one table.

    (agency shortlists a candidate) ──▶ shortlisted ──invite──▶ invited
    invited ──accept (worker)──▶ accepted        invited ──decline (worker)──▶ declined
    accepted ──preselect──▶ preselected (every required criterion of the agreement or
                                         Twinning ticked)
    preselected ──select──▶ selected ──prepare──▶ preparing ──place──▶ placed (every
                                                  preparation step done or not needed)
    any open state ──withdraw (worker)──▶ withdrawn
    any open state ──not_select (agency)──▶ not_selected

The core's engine (imdi_portal.core.workflow) runs the table: every move is an
ApplicationTransition row (from, to, action, who, when, why). Only the worker moves for
herself; only members of the posting agency, while it may recruit (mobility.permissions),
move for the employer. The guards read what the application itself lacks.
"""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imdi_portal.core.workflow import Action, Messages, Workflow
from mobility.models import (
    Application,
    ApplicationTransition,
    PreparationStep,
    PreselectionItem,
)
from mobility.permissions import can_manage_vacancy

State = Application.State
WORKER = "worker"
AGENCY = "agency"
OPEN = Application.OPEN_STATES


def checklist_items(application: Application) -> list[PreselectionItem]:
    """The criteria agreed for the vacancy's agreement or Twinning (none without either)."""
    vacancy = application.vacancy
    if vacancy.agreement_id:
        return list(PreselectionItem.objects.filter(agreement_id=vacancy.agreement_id))
    if vacancy.twinning_id:
        return list(PreselectionItem.objects.filter(twinning_id=vacancy.twinning_id))
    return []


def checklist_missing(application: Application) -> list[PreselectionItem]:
    ticked = set(application.ticks.values_list("item_id", flat=True))
    return [i for i in checklist_items(application) if i.is_required and i.pk not in ticked]


def _checklist_done(application: Application) -> str | None:
    missing = checklist_missing(application)
    if missing:
        return _("Tick every required pre-selection criterion first. Missing: %(items)s") % {
            "items": "; ".join(item.text for item in missing)
        }
    return None


def _preparation_done(application: Application) -> str | None:
    left = application.steps.filter(status=PreparationStep.Status.TO_DO)
    if left.exists():
        labels = [step.get_kind_display() for step in left]
        return _(
            "Every preparation step is done or not needed before the placement. Left: %(steps)s"
        ) % {"steps": ", ".join(labels)}
    return None


ACTIONS = (
    Action("invite", gettext_lazy("Invite"), (State.SHORTLISTED,), State.INVITED, AGENCY),
    Action(
        "accept", gettext_lazy("Accept the invitation"), (State.INVITED,), State.ACCEPTED, WORKER
    ),
    Action(
        "decline", gettext_lazy("Decline the invitation"), (State.INVITED,), State.DECLINED, WORKER
    ),
    Action(
        "preselect",
        gettext_lazy("Pre-select"),
        (State.ACCEPTED,),
        State.PRESELECTED,
        AGENCY,
        guards=(_checklist_done,),
    ),
    Action("select", gettext_lazy("Select"), (State.PRESELECTED,), State.SELECTED, AGENCY),
    Action(
        "prepare", gettext_lazy("Start the preparation"), (State.SELECTED,), State.PREPARING, AGENCY
    ),
    Action(
        "place",
        gettext_lazy("Record the placement"),
        (State.PREPARING,),
        State.PLACED,
        AGENCY,
        guards=(_preparation_done,),
    ),
    Action("withdraw", gettext_lazy("Withdraw"), OPEN, State.WITHDRAWN, WORKER),
    Action("not_select", gettext_lazy("Not selected"), OPEN, State.NOT_SELECTED, AGENCY),
)


def is_worker(user: Any, application: Application) -> bool:
    return bool(user.is_authenticated and application.profile.user_id == user.pk)


def _worker(user: Any, application: Application) -> tuple[bool, str]:
    if not is_worker(user, application):
        return False, _("Only the worker does this.")
    return True, ""


def _agency(user: Any, application: Application) -> tuple[bool, str]:
    if not can_manage_vacancy(user, application.vacancy):
        return False, _("Only the agency that posted the vacancy does this.")
    return True, ""


APPLICATIONS = Workflow(
    model=Application,
    log_model=ApplicationTransition,
    log_object="application",
    actions=ACTIONS,
    actors={WORKER: _worker, AGENCY: _agency},
    messages=Messages(
        wrong_state=gettext_lazy(
            "An application that is “%(state)s” cannot be moved by “%(action)s”."
        ),
        needs_reason=gettext_lazy("Give the reason."),
    ),
)


def actions_of(actor: str, state: str) -> list[Action]:
    """The table's actions an actor takes from a state: a list page that checked once that
    the user acts as `actor` shows these without asking again per row."""
    return [a for a in ACTIONS if a.actor == actor and state in a.sources]
