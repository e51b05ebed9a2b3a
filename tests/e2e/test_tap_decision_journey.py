"""A proposal reaches the TAP and its decision, clicking from the home page (issue #22): the
submitter submits it, one country's focal point endorses it, the Secretariat records the
other country's endorsement sent by letter (it has no focal point), screens it and sends it
to the TAP, two reviewers recommend rejection from their list of assigned proposals, and the
TAP chair's approval against them is refused until it is justified, which the history shows."""

import pytest
from playwright.sync_api import expect

from imdi_portal.core.models import Organisation
from projects import services
from projects.models import Proposal
from tests.e2e.helpers import signed_in
from tests.imdi_portal.factories import CountryFactory, OrganisationFactory, UserFactory
from tests.projects.factories import complete_fields, make_tap_chair

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("reference_data")]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TITLE = "Fair recruitment between two test countries"


def from_home_to_my_proposals(page, base: str) -> None:
    page.goto(base + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Projects").click()
    page.get_by_role("link", name="Proposals (signed in)").click()


def test_a_proposal_goes_from_submission_to_a_justified_tap_decision(
    live_server, browser, artifacts, tmp_path
):
    base = live_server.url
    with_fp, without_fp = CountryFactory(name_en="Testland"), CountryFactory(name_en="Nofocalia")
    ngo = OrganisationFactory(name="Fair Work Network", kind=Organisation.Kind.NGO)
    agency = OrganisationFactory(kind="international", is_gmg_member=True)
    submitter = UserFactory(username="ngo", submitter=True, organisation=ngo)
    UserFactory(username="fp", focal_point=True, country=with_fp)
    UserFactory(username="sec", secretariat=True)
    for name in ("rev1", "rev2"):
        UserFactory(username=name, tap_member=True)
    make_tap_chair(UserFactory(username="chair", tap_member=True, first_name="Chris"))
    # The draft is written with the services (the editor has its own journey); it is
    # submitted, and everything after, in the browser.
    services.proposal_create(
        user=submitter, title=TITLE, **complete_fields([with_fp, without_fp], agency)
    )

    # 1. The submitter submits the draft.
    context, page = signed_in(browser, base, "ngo")
    from_home_to_my_proposals(page, base)
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="Submit the proposal").click()
    expect(page.get_by_text("Submitted.")).to_be_visible()
    context.close()
    proposal = Proposal.objects.get()
    assert proposal.state == Proposal.State.ENDORSEMENT

    # 2. Testland's focal point endorses it.
    context, page = signed_in(browser, base, "fp")
    from_home_to_my_proposals(page, base)
    page.get_by_role("link", name=TITLE).first.click()
    page.get_by_label("Endorse", exact=True).check()
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_text("Your answer for")).to_be_visible()
    context.close()

    # 3. The Secretariat records Nofocalia's letter, screens and sends it to the TAP.
    letter = tmp_path / "endorsement-nofocalia.pdf"
    letter.write_bytes(PDF)
    context, page = signed_in(browser, base, "sec")
    from_home_to_my_proposals(page, base)
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Screening and TAP review (admin)").click()
    expect(page.get_by_text("No focal point is registered for: Nofocalia")).to_be_visible()
    page.get_by_label("Country", exact=True).select_option(label="Nofocalia")
    page.get_by_label("Signed by").fill("Minister of Labour of Nofocalia")
    page.get_by_label("Received on").fill("2026-01-15")
    page.get_by_label("Letter of endorsement").set_input_files(str(letter))
    page.get_by_role("button", name="Record the endorsement").click()
    expect(page.get_by_text("The endorsement of Nofocalia is recorded.")).to_be_visible()
    expect(page.get_by_text("Screening by the Secretariat").first).to_be_visible()
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
    for member in ("rev1", "rev2"):
        page.get_by_label("TAP member").select_option(label=member)
        page.get_by_role("button", name="Assign").click()
        expect(page.get_by_text("TAP member assigned and notified.")).to_be_visible()
    page.get_by_role("button", name="Send to the TAP").click()
    expect(page.get_by_text("Technical Advisory Panel review").first).to_be_visible()
    context.close()
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.TAP_REVIEW

    # 4. Each reviewer finds it in their list and recommends rejection; neither may decide.
    for member in ("rev1", "rev2"):
        context, page = signed_in(browser, base, member)
        from_home_to_my_proposals(page, base)
        expect(page.get_by_text("Assigned to you for TAP review")).to_be_visible()
        page.get_by_role("link", name=TITLE).first.click()
        expect(page.get_by_role("link", name="Reviews and TAP decision (admin)")).to_have_count(0)
        page.get_by_role("link", name="Open my TAP review").click()
        for criterion in (
            "Relevance",
            "Feasibility",
            "Development impact",
            "Cost-effectiveness",
            "Sustainability",
        ):
            page.get_by_label(criterion, exact=False).select_option("2")
        page.get_by_label("Recommendation:").select_option("reject")
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.get_by_text("was changed successfully")).to_be_visible()
        context.close()

    # 5. The chair's approval against the reviews is refused, then recorded with a
    # justification.
    context, page = signed_in(browser, base, "chair")
    from_home_to_my_proposals(page, base)
    expect(page.get_by_text("Waiting for the TAP decision")).to_be_visible()
    page.get_by_role("link", name="Reviews and decision").click()
    expect(page.get_by_text("Quorum reached.")).to_be_visible()
    expect(page.get_by_text("You record the decision as: TAP chair.")).to_be_visible()
    page.get_by_label("Approve", exact=True).check()
    page.get_by_label("Approved amount").fill("50000")
    page.get_by_role("button", name="Continue to confirmation").click()
    page.get_by_role("button", name="Yes, record this decision").click()
    expect(page.get_by_text("needs a written justification")).to_be_visible()
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.TAP_REVIEW
    page.get_by_label("Approve", exact=True).check()
    page.get_by_label("Approved amount").fill("50000")
    page.get_by_label("Justification").fill("A smaller pilot answers the reviewers' concern.")
    page.get_by_role("button", name="Continue to confirmation").click()
    page.get_by_role("button", name="Yes, record this decision").click()
    expect(page.get_by_text("The TAP decision is recorded.")).to_be_visible()
    context.close()
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.APPROVED
    assert proposal.decision_capacity == Proposal.Capacity.TAP_CHAIR

    # 6. The submitter reads the decision, its capacity and justification in the history.
    context, page = signed_in(browser, base, "ngo")
    from_home_to_my_proposals(page, base)
    page.get_by_role("link", name=TITLE).click()
    history = page.get_by_role("list").filter(has_text="Approved")
    expect(history).to_contain_text("as TAP chair")
    expect(history).to_contain_text("A smaller pilot answers the reviewers' concern.")
    expect(history).to_contain_text("received outside the portal")
    page.screenshot(path=str(artifacts / "projects-tap-decision-history.png"), full_page=True)
    context.close()
