"""Every write of the projects app: proposals, their lifecycle, reviews and funding.

Each public function checks who may do it (projects.workflow), runs in one transaction and
records what happened. Pages, admin and API call these and nothing else, as
`from projects import services; services.proposal_submit(...)`. One module per concept:

    proposals       content, attachments, submission, endorsements, moves, TAP decision
    reviews         eligibility screening, TAP assignments, conflicts, reviews
    funding         contributions, allocations, disbursements
    reports         progress and final reports
    notifications   who hears of what (delivered by imdi_portal.core.notifications)
"""

from projects.services.funding import (
    allocation_create,
    contribution_receive,
    contribution_record,
    disbursement_create,
)
from projects.services.notifications import (
    AUDIENCES,
    admin_proposal_url,
    admin_review_url,
    notify_transition,
    proposal_url_for,
)
from projects.services.proposals import (
    CHILDREN,
    FIELDS,
    attachment_add,
    attachment_delete,
    countries_without_focal_point,
    endorsement_record_received,
    proposal_act,
    proposal_approve,
    proposal_create,
    proposal_endorse,
    proposal_snapshot,
    proposal_submit,
    proposal_update,
)
from projects.services.reports import report_submit
from projects.services.reviews import (
    review_declare_conflict,
    review_submit,
    reviewer_assign,
    screening_save,
)

__all__ = [
    "AUDIENCES",
    "CHILDREN",
    "FIELDS",
    "admin_proposal_url",
    "admin_review_url",
    "allocation_create",
    "attachment_add",
    "attachment_delete",
    "contribution_receive",
    "contribution_record",
    "countries_without_focal_point",
    "disbursement_create",
    "endorsement_record_received",
    "notify_transition",
    "proposal_act",
    "proposal_approve",
    "proposal_create",
    "proposal_endorse",
    "proposal_snapshot",
    "proposal_submit",
    "proposal_update",
    "proposal_url_for",
    "report_submit",
    "review_declare_conflict",
    "review_submit",
    "reviewer_assign",
    "screening_save",
]
