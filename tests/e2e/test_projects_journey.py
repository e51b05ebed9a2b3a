"""The whole life of a project in the browser: an NGO submits a proposal, the focal points of
two countries endorse it, the Secretariat screens it, two TAP members review it, the TAP
chair approves it in the admin, a donor's contribution is allocated, and the project appears on
the public pages and in the IATI export."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from imdi_portal.core.models import Country, Organisation
from projects.models import Proposal
from tests.e2e.helpers import signed_in
from tests.imdi_portal.factories import OrganisationFactory, UserFactory
from tests.projects.factories import ContributionFactory, make_tap_chair

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("reference_data")]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def save_and_continue(page) -> None:
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Draft saved")).to_be_visible()


def test_an_ngo_proposal_goes_from_submission_to_funded_public_project(
    live_server, browser, artifacts, tmp_path
):
    base = live_server.url
    phl, ita = Country.objects.get(iso3="PHL"), Country.objects.get(iso3="ITA")
    ngo = OrganisationFactory(name="Migrant Care Network", kind=Organisation.Kind.NGO)
    OrganisationFactory(
        name="International Organization for Migration",
        acronym="IOM",
        slug="iom-test",
        kind="international",
        is_gmg_member=True,
    )
    UserFactory(username="ngo", submitter=True, organisation=ngo)
    UserFactory(username="fp.phl", focal_point=True, country=phl)
    UserFactory(username="fp.ita", focal_point=True, country=ita)
    UserFactory(username="sec", secretariat=True, first_name="Sam", last_name="Secretariat")
    UserFactory(username="tap1", tap_member=True, first_name="Tara", last_name="One")
    UserFactory(username="tap2", tap_member=True, first_name="Tomas", last_name="Two")
    make_tap_chair(UserFactory(username="chair", tap_member=True, first_name="Chris"))
    donor = OrganisationFactory(name="Donor Government", kind="donor", slug="donor-gov")
    ContributionFactory(donor=donor, amount=Decimal("100000"))

    # 1. The NGO writes the proposal, one step per page, and submits it.
    context, page = signed_in(browser, base, "ngo")
    page.goto(base + "/projects/proposals/")
    page.get_by_role("link", name="Start a new proposal").click()
    page.get_by_label("Title", exact=True).fill("Safe care work between the Philippines and Italy")
    page.get_by_label("Summary", exact=True).fill(
        "Pre-departure orientation and a helpline for care workers."
    )
    page.get_by_label("I. Facilitate the matching").check()
    page.get_by_label("III. Ensure safer").check()
    page.get_by_label("Duration (months)").fill("18")
    # A full-page screenshot taken while a number field has the focus swallows Chromium's
    # next click; leave the field first.
    page.get_by_label("Duration (months)").blur()
    page.screenshot(path=str(artifacts / "projects-submission-form.png"), full_page=True)
    save_and_continue(page)
    page.locator("#id_countries-0-country").select_option("PHL")
    page.locator("#id_countries-0-role").select_option("origin")
    page.locator("#id_countries-1-country").select_option("ITA")
    page.locator("#id_countries-1-role").select_option("destination")
    page.get_by_label("How the project fits the national development strategy").fill(
        "Serves the labour migration chapter of both countries' plans."
    )
    save_and_continue(page)
    page.locator("#id_partners-0-organisation").select_option("iom-test")
    page.locator("#id_partners-0-role").select_option("lead")
    save_and_continue(page)
    page.locator("#id_results-0-level").select_option("objective")
    page.locator("#id_results-0-statement").fill("Care workers migrate safely")
    page.locator("#id_results-1-level").select_option("output")
    page.locator("#id_results-1-statement").fill("Workers oriented")
    page.locator("#id_results-1-indicator").fill("Workers completing the course")
    page.locator("#id_results-1-target").fill("1500")
    save_and_continue(page)
    page.locator("#id_budget_lines-0-category").select_option("training")
    page.locator("#id_budget_lines-0-description").fill("Orientation courses")
    page.locator("#id_budget_lines-0-amount").fill("80000")
    save_and_continue(page)
    document = tmp_path / "project-document.pdf"
    document.write_bytes(PDF)
    page.get_by_label("Kind of document").select_option("document")
    page.get_by_label("File").set_input_files(str(document))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("link", name="project-document.pdf")).to_be_visible()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Submit the proposal").click()
    expect(page.get_by_text("Submitted.")).to_be_visible()
    proposal = Proposal.objects.get()
    assert proposal.state == Proposal.State.ENDORSEMENT
    context.close()

    # 2. The focal points of both countries endorse it.
    for username in ("fp.phl", "fp.ita"):
        context, page = signed_in(browser, base, username)
        page.goto(base + "/projects/proposals/")
        page.get_by_role(
            "link", name="Safe care work between the Philippines and Italy"
        ).first.click()
        page.get_by_label("Endorse", exact=True).check()
        page.get_by_role("button", name="Send the answer").click()
        expect(page.get_by_text("Your answer for")).to_be_visible()
        context.close()
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.SCREENING

    # 3. The Secretariat screens it and assigns two TAP members.
    admin_page = f"{base}/admin/projects/proposal/{proposal.pk}/change/"
    context, page = signed_in(browser, base, "sec")
    page.goto(admin_page)
    for label in (
        "Fits one or more IMDI components",
        "Every involved country has endorsed it",
        "Consistent with the national development strategy",
        "Executed by a participating international organisation",
        "Budget complete",
    ):
        page.get_by_label(label).check()
    page.get_by_role("button", name="Save the checklist").click()
    expect(page.get_by_text("Every check passed.")).to_be_visible()
    for member in ("tap1", "tap2"):
        page.get_by_label("TAP member").select_option(label=member)
        page.get_by_role("button", name="Assign").click()
        expect(page.get_by_text("TAP member assigned and notified.")).to_be_visible()
    page.get_by_role("button", name="Send to the TAP").click()
    expect(page.get_by_text("Technical Advisory Panel review").first).to_be_visible()
    context.close()

    # 4. Two TAP members review it in the admin.
    for member, score in (("tap1", "4"), ("tap2", "5")):
        context, page = signed_in(browser, base, member)
        page.goto(admin_page)
        page.get_by_role("link", name="Open my review").click()
        for criterion in (
            "Relevance",
            "Feasibility",
            "Development impact",
            "Cost-effectiveness",
            "Sustainability",
        ):
            page.get_by_label(criterion, exact=False).select_option(score)
        page.get_by_label("Recommendation:").select_option("approve")
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.get_by_text("was changed successfully")).to_be_visible()
        context.close()

    # 5. The TAP chair approves it in the admin, after a confirmation page with the scores.
    context, page = signed_in(browser, base, "chair")
    page.goto(admin_page)
    expect(page.get_by_text("Quorum reached.")).to_be_visible()
    page.screenshot(path=str(artifacts / "projects-admin-review.png"), full_page=True)
    page.get_by_label("Approve", exact=True).check()
    page.get_by_label("Approved amount").fill("75000")
    page.get_by_role("button", name="Continue to confirmation").click()
    expect(page.get_by_text("22.5 / 25")).to_be_visible()
    page.get_by_role("button", name="Yes, record this decision").click()
    expect(page.get_by_text("The TAP decision is recorded.")).to_be_visible()
    context.close()
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.APPROVED

    # 6. The Secretariat allocates the donor's contribution.
    context, page = signed_in(browser, base, "sec")
    page.goto(base + "/admin/projects/allocation/add/")
    page.get_by_label("Contribution").select_option(index=1)
    page.get_by_label("Project").select_option(index=1)
    page.get_by_label("Amount").fill("75000")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was added successfully")).to_be_visible()
    context.close()
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.FUNDED

    # 7. The public sees the project, its funding and its donor, and the IATI export has it.
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base + "/projects/")
    page.get_by_role("link", name="Safe care work between the Philippines and Italy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Safe care work between the Philippines and Italy"
    )
    expect(page.get_by_text("Fully funded.")).to_be_visible()
    expect(page.get_by_role("link", name="Donor Government")).to_be_visible()
    page.screenshot(path=str(artifacts / "projects-public-page.png"), full_page=True)
    page.goto(base + "/countries/ITA/")
    expect(
        page.get_by_role("link", name="Safe care work between the Philippines and Italy")
    ).to_be_visible()
    response = page.request.get(base + "/projects/iati-activities.xml")
    assert response.status == 200
    assert proposal.reference in response.text() and '<value currency="USD"' in response.text()
    page.close()
