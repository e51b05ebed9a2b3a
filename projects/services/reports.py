"""Progress and final reports of the organisations running a project."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from imdi_portal.core.exceptions import DomainError
from imdi_portal.core.models import User
from imdi_portal.core.notifications import notify
from projects import workflow
from projects.models import Proposal, Report
from projects.services._shared import _locked
from projects.services.notifications import _secretariat, admin_proposal_url

State = Proposal.State


@transaction.atomic
def report_submit(
    *,
    user: User,
    project: Proposal,
    kind: str,
    period_start: date,
    period_end: date,
    summary: str,
    achieved: dict[int, str] | None = None,
) -> Report:
    """A progress or final report by the executing organisation (or the submitter)."""
    project = _locked(project)
    is_partner = user.organisation_id and project.partners.filter(organisation=user.organisation_id)
    if not (workflow.is_member(user, project) or is_partner or workflow.is_secretariat(user)):
        raise DomainError(_("Only the organisations running the project report on it."))
    if project.state not in (State.FUNDED, State.IMPLEMENTATION):
        raise DomainError(_("Reports are made while a project is funded or in implementation."))
    if period_end < period_start:
        raise DomainError(_("The period ends before it starts."))
    if not summary.strip():
        raise DomainError(_("Write what was done in the period."))
    report = Report.objects.create(
        project=project,
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        summary=summary,
        submitted_by=user,
    )
    achieved = achieved or {}
    for result in project.results.filter(pk__in=list(achieved)):
        result.achieved = achieved[result.pk][:120]
        result.save(update_fields=["achieved"])
    notify(
        _secretariat(),
        _("%(kind)s received for %(ref)s")
        % {"kind": report.get_kind_display(), "ref": project.reference},
        summary[:500],
        admin_proposal_url(project),
        about=project,
    )
    return report
