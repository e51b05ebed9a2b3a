"""The enterprise's pages and the officers' and auditors' admin pages, through HTTP."""

import pytest
from django.urls import reverse

from certification.models import Application, Complaint, Enterprise, Label
from tests.certification.factories import Certification, SectorFactory, principle_set
from tests.imdi_portal.factories import CountryFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_enterprise_describes_itself_assesses_and_submits(client):
    principle_set()
    SectorFactory()
    organisation = OrganisationFactory(kind="business")
    user = UserFactory(organisation=organisation)
    country = CountryFactory()
    client.force_login(user)
    response = client.post(
        reverse("certification:enterprise-edit"),
        {
            "legal_name": "Honest Hiring Ltd",
            "registration_number": "C-1",
            "country": country.iso3,
            "sector": "N",
            "kind": "recruiter",
            "size": "small",
            "website": "",
        },
    )
    assert response.status_code == 302
    enterprise = Enterprise.objects.get()
    assert (enterprise.organisation, enterprise.country) == (organisation, country)
    client.post(reverse("certification:application-new"), {"scope": "Nurses to the Gulf"})
    application = Application.objects.get()
    url = reverse("certification:application", args=[application.pk])
    page = client.get(url).content.decode()
    assert "Answer every indicator before submitting" in page
    indicators = application.principle_set.principles.first().indicators.all()
    answers = {f"answer_{i.pk}": "yes" for i in indicators}
    client.post(url, answers)
    submit = reverse("certification:application-action", args=[application.pk, "submit"])
    response = client.post(submit, follow=True)
    assert "Answer every indicator first" in response.content.decode()
    from certification.models import PrincipleIndicator

    all_answers = {f"answer_{i.pk}": "partly" for i in PrincipleIndicator.objects.all()}
    client.post(url, all_answers)
    client.post(submit)
    application.refresh_from_db()
    assert application.state == Application.State.SUBMITTED
    assert "Submit the application" not in client.get(url).content.decode()


def test_invalid_enterprise_input_is_refused(client):
    SectorFactory()
    client.force_login(UserFactory(organisation=OrganisationFactory(kind="business")))
    response = client.post(
        reverse("certification:enterprise-edit"),
        {
            "legal_name": "",
            "registration_number": "C-1",
            "country": "ZZZ",
            "sector": "Q",
            "kind": "pirate",
            "size": "small",
            "website": "not a url",
        },
    )
    text = response.content.decode()
    assert response.status_code == 200 and "This field is required" in text
    assert "Enter a valid URL" in text
    assert not Enterprise.objects.exists()


def test_others_do_not_see_an_application(client):
    c = Certification()
    url = reverse("certification:application", args=[c.application.pk])
    for user in (
        UserFactory(),
        UserFactory(auditor=True),
        UserFactory(organisation=OrganisationFactory(kind="business")),
    ):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_auditor_records_findings_and_officer_decides_in_the_admin(client):
    c = Certification()
    c.to("audit")
    client.force_login(c.auditor)
    change = reverse("admin:certification_application_change", args=[c.application.pk])
    assert "Audit findings (round 1)" in client.get(change).content.decode()
    findings = {}
    for i in c.indicators:
        findings[f"rating_{i.pk}"] = "conform"
    first = c.indicators[0]
    findings[f"rating_{first.pk}"] = "minor"
    response = client.post(
        reverse("admin:certification_application_findings", args=[c.application.pk]),
        {**findings, "complete": "1"},
        follow=True,
    )
    assert "needs a corrective action and a deadline" in response.content.decode()
    assert c.refresh().state == Application.State.AUDIT
    findings[f"corrective_action_{first.pk}"] = "Translate contracts"
    findings[f"deadline_{first.pk}"] = "2027-03-01"
    client.post(
        reverse("admin:certification_application_findings", args=[c.application.pk]),
        {**findings, "complete": "1"},
    )
    assert c.refresh().state == Application.State.AUDITED
    client.force_login(c.officer)
    client.post(
        reverse("admin:certification_application_decide", args=[c.application.pk]),
        {"decision": "accept", "reason": "Minor finding to correct by March"},
    )
    assert c.refresh().state == Application.State.ACCEPTED
    assert Label.objects.get().enterprise == c.enterprise


def test_auditors_see_only_their_assignments_in_the_admin(client):
    c = Certification()
    c.to("audit")
    other = Certification()
    other.to("submitted")
    client.force_login(c.auditor)
    listing = client.get(reverse("admin:certification_application_changelist")).content.decode()
    assert c.enterprise.legal_name in listing and other.enterprise.legal_name not in listing
    response = client.get(
        reverse("admin:certification_application_change", args=[other.application.pk])
    )
    assert response.status_code in (302, 403, 404)


def test_officer_handles_a_complaint_and_withdraws_the_label(client):
    c = Certification()
    label = c.to("accepted").label
    from certification import services

    complaint = services.complaint_file(
        number=label.number, description="Passports were kept by the agency."
    )
    client.force_login(c.officer)
    client.post(reverse("admin:certification_complaint_investigate", args=[complaint.pk]))
    client.post(
        reverse("admin:certification_complaint_close", args=[complaint.pk]),
        {"outcome": "withdrawn", "notes": "Confirmed on site"},
    )
    complaint.refresh_from_db()
    label.refresh_from_db()
    assert (complaint.status, complaint.outcome) == (Complaint.Status.CLOSED, "withdrawn")
    assert label.status == Label.Status.WITHDRAWN
    client.post(
        reverse("admin:certification_label_status", args=[label.pk]),
        {"move": "reinstate", "reason": "x"},
    )
    label.refresh_from_db()
    assert label.status == Label.Status.WITHDRAWN  # a withdrawal is final


def test_the_secretariat_signs_a_twinning_in_the_admin_and_cannot_set_its_status_by_hand(client):
    from certification import services
    from certification.models import Twinning

    secretariat = UserFactory(secretariat=True)
    twinning = services.twinning_create(
        user=secretariat, origin=CountryFactory(), destination=CountryFactory(), title="Pact"
    )
    client.force_login(secretariat)
    changelist = reverse("admin:certification_twinning_changelist")
    response = client.post(
        changelist, {"action": "sign_today", "_selected_action": [twinning.pk]}, follow=True
    )
    assert "A twinning is signed with its commitments." in response.content.decode()
    twinning.commitments.create(party="origin", area="Orientation", text="Orient workers")
    client.post(changelist, {"action": "sign_today", "_selected_action": [twinning.pk]})
    twinning.refresh_from_db()
    assert twinning.status == Twinning.Status.SIGNED and twinning.signed_on is not None
    form = client.get(reverse("admin:certification_twinning_change", args=[twinning.pk]))
    assert 'name="status"' not in form.content.decode()


def _twinning_form(twinning_fields: dict) -> dict:
    empty = {
        "TOTAL_FORMS": "0",
        "INITIAL_FORMS": "0",
        "MIN_NUM_FORMS": "0",
        "MAX_NUM_FORMS": "1000",
    }
    data = dict(twinning_fields)
    for prefix in ("commitments", "benefits"):
        data.update({f"{prefix}-{key}": value for key, value in empty.items()})
    return data


def test_twinnings_added_and_edited_in_the_admin_go_through_the_services(client):
    from certification.models import Twinning

    secretariat = UserFactory(secretariat=True)
    origin, destination = CountryFactory(), CountryFactory()
    client.force_login(secretariat)
    fields = {
        "title": "Care workers pact",
        "slug": "care-workers-pact",
        "origin": origin.pk,
        "destination": destination.pk,
        "summary": "Orientation and fair recruitment of care workers.",
        "is_sample": "on",
    }
    added = client.post(reverse("admin:certification_twinning_add"), _twinning_form(fields))
    assert added.status_code == 302, added.content.decode()[:2000]
    twinning = Twinning.objects.get()
    # The service names it from the two countries and the title, and keeps the sample flag.
    assert twinning.slug.startswith(f"{origin.iso3.lower()}-{destination.iso3.lower()}-")
    assert twinning.is_sample and twinning.status == Twinning.Status.NEGOTIATION

    change = reverse("admin:certification_twinning_change", args=[twinning.pk])
    edited = {**fields, "slug": twinning.slug, "title": "Care and health workers pact"}
    assert client.post(change, _twinning_form(edited)).status_code == 302
    twinning.refresh_from_db()
    assert twinning.title == "Care and health workers pact"
    assert twinning.status == Twinning.Status.NEGOTIATION and twinning.signed_on is None
