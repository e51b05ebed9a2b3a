"""An enterprise applies for the quality label, is audited and labelled; the registry and the
verification page show the label valid; an anonymous complaint leads to its suspension and
the verification page says so. A reviewed twinning shows on both countries' profiles."""

from datetime import date

import pytest
from playwright.sync_api import expect

from certification import services
from certification.models import Application, Label, TemplateCommitment
from imdi_portal.core.models import Country
from tests.certification.factories import SectorFactory, TwinningTemplateFactory, principle_set
from tests.e2e.helpers import signed_in
from tests.imdi_portal.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("reference_data")]


def test_label_from_application_to_suspension(live_server, browser, artifacts):
    base = live_server.url
    principle_set(indicators_per_principle=1, principles=2)
    SectorFactory()
    business = OrganisationFactory(name="Honest Hiring", kind="business")
    UserFactory(username="hr", organisation=business)
    UserFactory(username="officer", certification_officer=True)
    UserFactory(username="auditor", auditor=True, first_name="Ada", last_name="Auditor")

    # 1. The enterprise describes itself, assesses itself and submits.
    context, page = signed_in(browser, base, "hr")
    page.goto(base + "/certification/applications/")
    page.get_by_role("link", name="Describe your enterprise").click()
    page.get_by_label("Legal name").fill("Honest Hiring Sdn Bhd")
    page.get_by_label("Registration number").fill("MY-123456")
    page.get_by_label("Country").select_option("MYS")
    page.get_by_label("Sector (ISIC Rev.4 section)").select_option("N")
    page.get_by_label("Kind", exact=True).select_option("recruiter")
    page.get_by_label("Size").select_option("small")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Apply for the label", exact=True).click()
    page.get_by_label("Scope of the label").fill("Recruitment of care workers for Malaysia")
    page.get_by_role("button", name="Start the application").click()
    for radio in page.get_by_label("Yes, fully").all():
        radio.check()
    page.get_by_role("button", name="Save the self-assessment").click()
    expect(page.get_by_text("Self-assessment saved.")).to_be_visible()
    page.get_by_role("button", name="Submit the application").click()
    expect(page.get_by_text("State: Submitted")).to_be_visible()
    context.close()
    application = Application.objects.get()

    # 2. The officer assigns the auditor; the auditor rates every indicator; the officer accepts.
    admin_page = f"{base}/admin/certification/application/{application.pk}/change/"
    context, page = signed_in(browser, base, "officer")
    page.goto(admin_page)
    page.get_by_label("Auditor").select_option(label="auditor")
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_text("Auditor assigned.")).to_be_visible()
    context.close()
    context, page = signed_in(browser, base, "auditor")
    page.goto(admin_page)
    for select in page.locator("select[name^=rating_]").all():
        select.select_option("conform")
    page.get_by_role("button", name="Save and complete the audit").click()
    expect(page.get_by_text("Findings saved.")).to_be_visible()
    context.close()
    context, page = signed_in(browser, base, "officer")
    page.goto(admin_page)
    page.get_by_label("Accept and issue the label").check()
    page.get_by_label("Reasons").fill("Every indicator conforms.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Decision recorded.")).to_be_visible()
    context.close()
    label = Label.objects.get()

    # 3. Anyone finds it in the registry and verifies it.
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base + "/certification/registry/")
    page.get_by_label("Enterprise name").fill("Honest")
    page.get_by_role("main").get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Honest Hiring Sdn Bhd")).to_be_visible()
    page.screenshot(path=str(artifacts / "certification-registry.png"), full_page=True)
    page.goto(base + "/certification/verify/")
    page.get_by_label("Label number").fill(label.number.lower())
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", name=f"{label.number} is valid.")).to_be_visible()
    page.goto(base + f"/certification/labels/{label.number}/")
    expect(page.locator("svg.segno")).to_be_visible()
    page.screenshot(path=str(artifacts / "certification-label.png"), full_page=True)

    # 4. An anonymous complaint; the officer upholds it and suspends the label.
    page.goto(base + f"/certification/registry/{label.enterprise.slug}/")
    page.get_by_role("link", name="Report this enterprise").click()
    page.get_by_label("What happened").fill(
        "The agency kept the passports of the workers it placed."
    )
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_role("heading", name="Report received")).to_be_visible()
    page.close()
    context, page = signed_in(browser, base, "officer")
    page.goto(base + "/admin/certification/complaint/")
    page.get_by_role("link", name=label.number).first.click()
    page.get_by_role("button", name="Start the investigation").click()
    page.get_by_label("Outcome").select_option("suspended")
    page.get_by_label("Findings of the investigation").fill("Confirmed by two workers.")
    page.get_by_role("button", name="Close the complaint").click()
    expect(page.get_by_text("Complaint closed.")).to_be_visible()
    context.close()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base + f"/certification/verify/?number={label.number}")
    expect(page.get_by_role("heading", name=f"{label.number} is suspended.")).to_be_visible()
    page.screenshot(path=str(artifacts / "certification-verify-suspended.png"), full_page=True)
    page.close()


def test_a_reviewed_twinning_shows_on_both_profiles(live_server, browser):
    secretariat = UserFactory(secretariat=True)
    template = TwinningTemplateFactory()
    TemplateCommitment.objects.create(
        template=template,
        party="origin",
        area="Pre-departure",
        text="Orient every departing worker",
    )
    origin, destination = Country.objects.get(iso3="PHL"), Country.objects.get(iso3="MYS")
    twinning = services.twinning_create(
        user=secretariat,
        origin=origin,
        destination=destination,
        title="Care workers mobility",
        template=template,
    )
    services.twinning_sign(user=secretariat, twinning=twinning, signed_on=date(2026, 11, 1))
    commitment = twinning.commitments.get()
    services.twinning_review(
        user=secretariat,
        twinning=twinning,
        period_start=date(2026, 11, 1),
        period_end=date(2027, 4, 30),
        summary="Six months reviewed",
        recommendations="",
        ratings={commitment.pk: ("met", "Course records", "")},
    )
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    for iso3 in ("PHL", "MYS"):
        page.goto(f"{live_server.url}/countries/{iso3}/")
        page.get_by_role("link", name="Care workers mobility").click()
        expect(page.get_by_text("Six months reviewed")).to_be_visible()
        expect(page.get_by_role("cell", name="Met", exact=True)).to_be_visible()
    page.close()
