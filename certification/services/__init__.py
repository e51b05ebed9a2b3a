"""Every write of the certification app: enterprises, applications, audits, decisions,
labels, complaints, the daily expiry and reminders, and twinnings.

Pages, admin, API and tasks call these as `from certification import services;
services.application_act(...)`. One module per concept:

    applications    enterprises, self-assessments, evidence, audits, the application's moves
    labels          issue, status changes, daily expiry, renewal reminders
    complaints      complaints from anyone and their handling
    twinnings       twinnings, their commitments, reviews and benefits
"""

from certification.services.applications import (
    application_act,
    application_create,
    application_missing,
    audit_round,
    enterprise_save,
    evidence_add,
    findings_save,
    notify_transition,
    self_assessment_save,
)
from certification.services.complaints import (
    complaint_close,
    complaint_file,
    complaint_file_false_claim,
    complaint_investigate,
)
from certification.services.labels import (
    label_change_status,
    label_issue,
    labels_expire,
    labels_remind,
)
from certification.services.twinnings import (
    benefit_add,
    twinning_create,
    twinning_review,
    twinning_sign,
    twinning_update,
)

__all__ = [
    "application_act",
    "application_create",
    "application_missing",
    "audit_round",
    "benefit_add",
    "complaint_close",
    "complaint_file",
    "complaint_file_false_claim",
    "complaint_investigate",
    "enterprise_save",
    "evidence_add",
    "findings_save",
    "label_change_status",
    "label_issue",
    "labels_expire",
    "labels_remind",
    "notify_transition",
    "self_assessment_save",
    "twinning_create",
    "twinning_review",
    "twinning_sign",
    "twinning_update",
]
