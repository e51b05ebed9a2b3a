"""Applications: the lifecycle, the audit and the decision; labels and their numbers."""

from datetime import date

import pytest

from certification import numbers, services, workflow
from certification.models import Application, AuditFinding, Label
from imdi_portal.core.exceptions import DomainError
from tests.certification.factories import Certification, EnterpriseFactory
from tests.imdi_portal.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
State = Application.State


def test_an_accepted_application_issues_a_label_for_three_years():
    c = Certification()
    application = c.to("accepted")
    assert application.state == State.ACCEPTED
    label = application.label
    assert label.status == Label.Status.ACTIVE
    assert (label.issued_on, label.expires_on) == (date(2026, 12, 1), date(2029, 12, 1))
    assert numbers.normalise(label.number) == label.number
    assert [t.to_state for t in application.transitions.all()] == [
        State.SUBMITTED,
        State.AUDIT,
        State.AUDITED,
        State.ACCEPTED,
    ]
    assert [t.by for t in application.transitions.all()] == [
        c.member,
        c.officer,
        c.auditor,
        c.officer,
    ]
    assert list(label.history.values_list("to_state", flat=True)) == ["active"]


def test_submission_needs_every_indicator_answered():
    c = Certification()
    first = c.indicators[0]
    services.self_assessment_save(
        user=c.member, application=c.application, answers={first.pk: ("yes", "")}
    )
    with pytest.raises(DomainError, match="Answer every indicator first"):
        services.application_act(user=c.member, application=c.application, action="submit")
    assert c.refresh().state == State.DRAFT


def test_a_major_non_conformity_prevents_the_label_and_defer_leads_to_a_new_audit_round():
    c = Certification()
    c.to("audited", rating="major")
    with pytest.raises(DomainError, match="major non-conformity"):
        services.application_act(
            user=c.officer, application=c.refresh(), action="accept", reason="x"
        )
    services.application_act(
        user=c.officer,
        application=c.refresh(),
        action="defer",
        reason="Stop charging fees, then a new audit",
    )
    assert c.refresh().state == State.DEFERRED
    assert not Label.objects.exists()
    services.application_act(
        user=c.officer, application=c.refresh(), action="reaudit", auditor=c.auditor
    )
    assert services.audit_round(c.refresh()) == 2
    with pytest.raises(DomainError, match="Rate every indicator"):
        services.application_act(user=c.auditor, application=c.refresh(), action="complete_audit")
    findings = {i.pk: {"rating": "conform"} for i in c.indicators}
    services.findings_save(user=c.auditor, application=c.refresh(), findings=findings)
    services.application_act(user=c.auditor, application=c.refresh(), action="complete_audit")
    services.application_act(
        user=c.officer, application=c.refresh(), action="accept", reason="Corrected"
    )
    assert c.label.status == Label.Status.ACTIVE
    # Both rounds are kept.
    assert sorted(set(AuditFinding.objects.values_list("round", flat=True))) == [1, 2]


def test_a_non_conformity_needs_a_corrective_action_and_a_deadline():
    c = Certification()
    c.to("audit")
    first = c.indicators[0]
    with pytest.raises(DomainError, match="corrective action and a deadline"):
        services.findings_save(
            user=c.auditor,
            application=c.refresh(),
            findings={first.pk: {"rating": "minor", "finding": "x"}},
        )
    assert not AuditFinding.objects.exists()


@pytest.mark.parametrize(
    "state, who, action, message",
    [
        ("audited", "member", "accept", "Only a Certification officer"),
        ("audited", "auditor", "accept", "Only a Certification officer"),
        ("audit", "officer", "complete_audit", "Only the auditor assigned"),
        ("audit", "other_auditor", "complete_audit", "Only the auditor assigned"),
        ("audit", "officer", "accept", "cannot be moved"),
        ("submitted", "auditor", "withdraw", "Only the enterprise itself"),
    ],
)
def test_each_step_belongs_to_its_role(state, who, action, message):
    c = Certification()
    c.to(state)
    users = {
        "member": c.member,
        "auditor": c.auditor,
        "officer": c.officer,
        "other_auditor": UserFactory(auditor=True),
    }
    with pytest.raises(DomainError, match=message):
        services.application_act(
            user=users[who], application=c.refresh(), action=action, reason="r", auditor=c.auditor
        )
    assert c.refresh().state == state


def test_only_enterprises_of_approved_organisations_apply():
    ngo_user = UserFactory(organisation=OrganisationFactory(kind="ngo"))
    assert workflow.can_apply(ngo_user) == (
        False,
        "Only enterprises (employers and recruitment agencies) apply.",
    )
    pending = EnterpriseFactory(
        organisation=OrganisationFactory(kind="business", is_approved=False)
    )
    with pytest.raises(DomainError, match="waiting for the Secretariat"):
        services.application_create(user=UserFactory(organisation=pending.organisation), scope="x")


def test_one_application_at_a_time():
    c = Certification()
    with pytest.raises(DomainError, match="already has an application under way"):
        services.application_create(user=c.member, scope="Another")


def test_an_auditor_never_audits_their_own_organisation():
    c = Certification()
    c.to("submitted")
    insider = UserFactory(auditor=True, organisation=c.enterprise.organisation)
    with pytest.raises(DomainError, match="own organisation"):
        services.application_act(
            user=c.officer, application=c.refresh(), action="assign_auditor", auditor=insider
        )


def test_label_numbers_are_random_and_check_typing_mistakes():
    drawn = {numbers.new_number() for _ in range(200)}
    assert len(drawn) == 200
    number = drawn.pop()
    assert re_match(number)
    assert numbers.normalise(number.lower().replace("-", " ")) == number
    # One wrong character is caught by the check character.
    body = number.replace("-", "")[4:]
    wrong = body[:3] + ("1" if body[3] != "1" else "2") + body[4:]
    assert numbers.normalise(wrong) is None
    # Crockford reading: O is read as 0, I and L as 1.
    assert (
        numbers.normalise(
            numbers.format_number("0000000000" + numbers.check_character("0000000000")).replace(
                "0", "O"
            )
        )
        is not None
    )


def re_match(number: str) -> bool:
    import re

    return bool(
        re.fullmatch(r"IMDI-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]", number)
    )


def test_the_enterprise_hears_of_each_move_after_the_commit(django_capture_on_commit_callbacks):
    from django.core import mail

    c = Certification()
    with django_capture_on_commit_callbacks(execute=True):
        c.to("audit")
        assert mail.outbox == []
    assert [m.subject for m in mail.outbox] == [
        f"[IMDI] Your label application: {State.SUBMITTED.label}",
        f"[IMDI] Your label application: {State.AUDIT.label}",
    ]
    assert mail.outbox[1].body.startswith("Auditor: ")
