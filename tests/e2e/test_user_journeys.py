"""Journeys as tests (issue #22): one person per test, starting at the home page and clicking
only what that person sees (the navigation, the home page's links, forms). After every page,
`Journey.arrive` runs axe-core and saves screenshots at 1280 and 390 px under
test-artifacts/journeys/<journey>/. Signing in goes through the header's link; the admin,
where the Secretariat, the TAP and the certification officers work, through the links of the
proposal page or the header's "Administration" link."""

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from certification.models import Application, Label
from certification.numbers import check_character, format_number
from imdi_portal.core.models import Country, Organisation
from legislation.models import PermitKind
from projects import services as project_services
from projects.models import Proposal
from remittances.costs import cost_averages_recompute
from tests.certification.factories import Certification, SectorFactory, principle_set
from tests.e2e.helpers import PHONE, Journey, new_context, signed_in
from tests.imdi_portal.factories import CountryFactory, OrganisationFactory, UserFactory
from tests.legislation.factories import PermitCategoryFactory
from tests.projects.factories import complete_fields, make_tap_chair
from tests.remittances.factories import RemittanceServiceFactory
from tests.stats.factories import IndicatorFactory, ObservationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("reference_data")]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def contexts():
    """Browser contexts opened by a journey, closed even when it fails."""
    opened = []
    yield opened
    for context in opened:
        context.close()


def open_home(browser, base: str, contexts: list, journey: Journey, **options):
    context = new_context(browser, **options)
    contexts.append(context)
    page = context.new_page()
    page.goto(base + "/")
    journey.arrive(page, "home", once=True)
    return page


def main_nav(page, name: str = "Main"):
    return page.get_by_role("navigation", name=name, exact=True)


# --- (a) A migrant, on a phone, in French ----------------------------------------------


def test_a_migrant_on_a_phone_compares_the_cost_of_sending_money_and_finds_a_permit(
    live_server, browser, artifacts, contexts
):
    france, senegal = Country.objects.get(iso3="FRA"), Country.objects.get(iso3="SEN")
    # Two test services (not a survey): 3 + 1 = 4 % and 5 + 1.5 = 6.5 % of USD 200.
    RemittanceServiceFactory(
        sending=france,
        receiving=senegal,
        firm="Transfert Test Un",
        fee_200=Decimal("3.000"),
        fx_margin_200=Decimal("1.000"),
    )
    RemittanceServiceFactory(
        sending=france,
        receiving=senegal,
        firm="Banque Test Deux",
        fee_200=Decimal("5.000"),
        fx_margin_200=Decimal("1.500"),
    )
    cost_averages_recompute()  # queued on commit in production; the test database never commits
    PermitCategoryFactory(
        country=france,
        published=True,
        with_elements=True,
        slug="salarie-test",
        name_en="Employee permit (test)",
        name_fr="Titre de séjour salarié (test)",
    )
    journey = Journey(artifacts, "a-migrant-fr-phone")
    page = open_home(browser, live_server.url, contexts, journey, viewport=PHONE, locale="fr-FR")

    page.get_by_role("button", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    journey.arrive(page, "accueil")
    main_nav(page, "Principal").get_by_role("link", name="Envois de fonds").click()
    journey.arrive(page, "envois-de-fonds")
    page.get_by_role("link", name="Comparer le coût d'un envoi d'argent").click()
    journey.arrive(page, "comparateur")
    page.get_by_label("Envoi depuis").select_option(label="France")
    page.get_by_label("Réception en/au").select_option(label="Sénégal")
    page.get_by_label("USD 200").check()
    page.get_by_role("button", name="Comparer", exact=True).click()
    journey.arrive(page, "france-senegal")

    expect(page.get_by_role("heading", level=2).first).to_have_text(
        "Envoyer 200 USD de France vers Sénégal"
    )
    # The corridor average is the mean of the two services: (4 + 6.5) / 2 = 5.25 %; of USD
    # 200 the recipient gets 200 x (1 - 0.0525) = 189.50; written the French way.
    average = page.locator(".card", has_text="Moyenne du corridor")
    expect(average.locator(".figure")).to_have_text("5,25 %")
    expect(average).to_contain_text("le bénéficiaire a reçu 189,50 USD sur 200 envoyés")
    best = page.locator("li.quote.best")
    expect(best).to_have_count(1)
    expect(best).to_contain_text("Transfert Test Un")
    expect(best).to_contain_text("Le moins cher")
    expect(best).to_contain_text("Le bénéficiaire reçoit 192,00 USD")
    expect(best).to_contain_text("Coût 8,00 USD (4,00 % : frais et marge de change)")
    other = page.locator("li.quote", has_text="Banque Test Deux")
    expect(other).to_contain_text("Le bénéficiaire reçoit 187,00 USD")

    page.get_by_role("link", name="Évolution des coûts et tous les services de ce corridor").click()
    journey.arrive(page, "corridor")
    expect(page.locator("#cheapest .figure")).to_have_text("4,00 %")
    expect(page.locator("tr.best")).to_contain_text("Transfert Test Un")

    # Then a permit: Senegalese, wanting to work in France.
    main_nav(page, "Principal").get_by_role("link", name="Permis").click()
    journey.arrive(page, "permis")
    page.get_by_role("link", name="Trouver comment travailler à l'étranger").click()
    journey.arrive(page, "recherche-de-permis")
    page.get_by_label("Je suis ressortissant de").select_option("SEN")
    page.get_by_label("Je veux travailler en/au").select_option("FRA")
    page.get_by_role("main").get_by_role("button", name="Chercher").click()
    journey.arrive(page, "senegal-france")
    expect(page.get_by_role("heading", name="Catégories de permis \u2013 France")).to_be_visible()
    page.get_by_role("link", name="Titre de séjour salarié (test)").click()
    journey.arrive(page, "titre-de-sejour")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Titre de séjour salarié (test)")


# --- (b) A ministry official, in Spanish ------------------------------------------------

COMPARED = {"PHL": "Filipinas", "SEN": "Senegal", "MEX": "México"}


def test_a_ministry_official_compares_three_countries_and_downloads_the_csv(
    live_server, browser, artifacts, contexts
):
    for iso3 in COMPARED:
        PermitCategoryFactory(
            country=Country.objects.get(iso3=iso3),
            published=True,
            with_elements=True,
            kind=PermitKind.GENERAL_WORK,
            slug=f"work-{iso3.lower()}",
            name_en=f"Work permit {iso3} (test)",
            name_es=f"Permiso de trabajo {iso3} (prueba)",
        )
    journey = Journey(artifacts, "b-official-es")
    page = open_home(browser, live_server.url, contexts, journey, locale="es-ES")

    page.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    journey.arrive(page, "inicio")
    main_nav(page, "Principal").get_by_role("link", name="Permisos").click()
    journey.arrive(page, "permisos")
    page.get_by_role("link", name="Comparar países").click()
    journey.arrive(page, "comparar")
    page.get_by_label("Tipo de permiso").select_option(PermitKind.GENERAL_WORK)
    for n, iso3 in enumerate(COMPARED, start=1):
        page.get_by_label(f"País {n}", exact=True).select_option(iso3)
    page.get_by_role("button", name="Comparar", exact=True).click()
    journey.arrive(page, "tres-paises")

    table = page.locator("table.compare-table")
    headers = table.locator("thead th")
    expect(headers).to_have_count(4)
    for n, (iso3, name) in enumerate(COMPARED.items(), start=1):
        expect(headers.nth(n)).to_contain_text(name)
        expect(headers.nth(n)).to_contain_text(f"Permiso de trabajo {iso3} (prueba)")
    elements = table.locator("tr.element-heading")
    expect(elements).to_have_count(12)
    for n in range(12):
        expect(elements.nth(n)).to_have_text(re.compile(rf"^{n + 1}\. "))
    expect(elements.first).to_have_text("1. Categorías de permisos y sus requisitos")
    expect(elements.last).to_have_text("12. Leyes de migración")
    expect(table).to_contain_text("A job offer")  # the factories' requirement, in each column

    # The same comparison as a CSV file, from a link on the page.
    csv_link = page.get_by_role("main").get_by_role("link", name=re.compile("CSV"))
    # (count, not expect: a failed expect prints the page's whole accessibility tree)
    assert csv_link.count() == 1, "the comparison page offers no CSV download of the table"
    with page.expect_download() as download:
        csv_link.click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text("utf-8-sig"))))
    cells = {cell for row in rows[1:] for cell in row}
    for iso3, name in COMPARED.items():
        assert iso3 in cells or name in cells, (iso3, rows[:5])


# --- (c) An analyst, in English: explorer and map -------------------------------------

REMITTANCES = "BX.TRF.PWKR.CD.DT"


def test_an_analyst_explores_an_indicator_then_sees_it_on_the_map(
    live_server, browser, artifacts, contexts
):
    indicator = IndicatorFactory(
        code=REMITTANCES,
        name_en="Personal remittances, received (current US$)",
        unit="current US$",
        source="Test source",
    )
    # Test figures, not the World Bank's.
    figures = {"PHL": 3_800_000_000.0, "MEX": 6_100_000_000.0, "SEN": 250_000_000.0}
    for iso3, value in figures.items():
        country = Country.objects.get(iso3=iso3)
        ObservationFactory(indicator=indicator, country=country, year=2022, value=value)
        ObservationFactory(indicator=indicator, country=country, year=2021, value=value / 2)
    journey = Journey(artifacts, "c-analyst-en")
    page = open_home(browser, live_server.url, contexts, journey, locale="en-GB")

    main_nav(page).get_by_role("link", name="Data").click()
    journey.arrive(page, "explorer")
    page.get_by_label("Indicator", exact=True).select_option(REMITTANCES)
    page.get_by_label("Countries", exact=True).select_option(["PHL", "MEX"])
    page.get_by_role("button", name="Show").click()
    journey.arrive(page, "explorer-phl-mex")

    expect(page.get_by_role("heading", name=indicator.name_en, level=2)).to_be_visible()
    table = page.locator("table.data-table").first
    expect(table.locator("tbody tr")).to_have_count(4)
    expect(table).not_to_contain_text("Senegal")
    philippines_2022 = table.locator("tbody tr", has_text="Philippines").filter(has_text="2022")
    expect(philippines_2022.locator("td.num")).to_have_text("3,800,000,000")
    mexico_2021 = table.locator("tbody tr", has_text="Mexico").filter(has_text="2021")
    expect(mexico_2021.locator("td.num")).to_have_text("3,050,000,000")

    page.get_by_role("link", name="See on a world map").click()
    journey.arrive(page, "map")
    expect(page.get_by_role("heading", level=2)).to_have_text(f"{indicator.name_en}, 2022")
    expect(page.get_by_role("img", name=f"{indicator.name_en}, 2022")).to_be_visible()
    legend = page.locator(".map-figure .legend li")
    # Three countries, three classes: no empty or overlapping range.
    expect(legend).to_have_text(["250 m", "250 m to 3.8 bn", "3.8 bn to 6.1 bn", "No data"])
    ranked = page.locator("table.data-table tbody tr")
    expect(ranked).to_have_count(3)
    expect(ranked.first).to_contain_text("Mexico")
    expect(ranked.first.locator("td.num").last).to_have_text("6,100,000,000")
    expect(ranked.last).to_contain_text("Senegal")


# --- (d) A proposal, from its submission to the TAP's decision ------------------------

TITLE = "Fair recruitment between two test countries"


def to_my_proposals(page, journey: Journey, who: str) -> None:
    main_nav(page).get_by_role("link", name="Projects").click()
    journey.arrive(page, "projects", once=True)
    page.get_by_role("link", name="Proposals (signed in)").click()
    journey.arrive(page, f"proposals-{who}")


def test_a_proposal_goes_from_submission_to_a_justified_tap_decision(
    live_server, browser, artifacts, tmp_path
):
    """The submitter submits it, one country's focal point endorses it, the Secretariat
    records the other country's endorsement sent by letter (it has no focal point), screens
    it and sends it to the TAP, two reviewers recommend rejection from their list of
    assigned proposals, and the TAP chair's approval against them is refused until it is
    justified, which the history shows."""
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
    # The draft is written with the services (the editor has its own journey,
    # test_projects_journey); it is submitted, and everything after, in the browser.
    project_services.proposal_create(
        user=submitter, title=TITLE, **complete_fields([with_fp, without_fp], agency)
    )
    journey = Journey(artifacts, "d-proposal-to-tap-decision")

    # 1. The submitter submits the draft.
    context, page = signed_in(browser, base, "ngo", journey)
    to_my_proposals(page, journey, "ngo")
    page.get_by_role("link", name=TITLE).click()
    journey.arrive(page, "draft")
    page.get_by_role("button", name="Submit the proposal").click()
    journey.arrive(page, "submitted")
    expect(page.get_by_text("Submitted.")).to_be_visible()
    context.close()
    proposal = Proposal.objects.get()
    assert proposal.state == Proposal.State.ENDORSEMENT

    # 2. Testland's focal point endorses it.
    context, page = signed_in(browser, base, "fp", journey)
    to_my_proposals(page, journey, "fp")
    page.get_by_role("link", name=TITLE).first.click()
    journey.arrive(page, "to-endorse")
    page.get_by_label("Endorse", exact=True).check()
    page.get_by_role("button", name="Send the answer").click()
    journey.arrive(page, "endorsed")
    expect(page.get_by_text("Your answer for")).to_be_visible()
    context.close()

    # 3. The Secretariat records Nofocalia's letter, screens and sends it to the TAP.
    letter = tmp_path / "endorsement-nofocalia.pdf"
    letter.write_bytes(PDF)
    context, page = signed_in(browser, base, "sec", journey)
    to_my_proposals(page, journey, "sec")
    page.get_by_role("link", name=TITLE).click()
    journey.arrive(page, "to-screen")
    page.get_by_role("link", name="Screening and TAP review (admin)").click()
    journey.arrive(page, "screening")
    expect(page.get_by_text("No focal point is registered for: Nofocalia")).to_be_visible()
    page.get_by_label("Country", exact=True).select_option(label="Nofocalia")
    page.get_by_label("Signed by").fill("Minister of Labour of Nofocalia")
    page.get_by_label("Received on").fill("2026-01-15")
    page.get_by_label("Letter of endorsement").set_input_files(str(letter))
    page.get_by_role("button", name="Record the endorsement").click()
    journey.arrive(page, "letter-recorded")
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
    journey.arrive(page, "checklist-saved")
    expect(page.get_by_text("Every check passed.")).to_be_visible()
    for member in ("rev1", "rev2"):
        page.get_by_label("TAP member").select_option(label=member)
        page.get_by_role("button", name="Assign").click()
        journey.arrive(page, f"assigned-{member}")
        expect(page.get_by_text("TAP member assigned and notified.")).to_be_visible()
    page.get_by_role("button", name="Send to the TAP").click()
    journey.arrive(page, "sent-to-tap")
    expect(page.get_by_text("Technical Advisory Panel review").first).to_be_visible()
    context.close()
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.TAP_REVIEW

    # 4. Each reviewer finds it in their list and recommends rejection; neither may decide.
    for member in ("rev1", "rev2"):
        context, page = signed_in(browser, base, member, journey)
        to_my_proposals(page, journey, member)
        expect(page.get_by_text("Assigned to you for TAP review")).to_be_visible()
        page.get_by_role("link", name=TITLE).first.click()
        journey.arrive(page, f"to-review-{member}")
        expect(page.get_by_role("link", name="Reviews and TAP decision (admin)")).to_have_count(0)
        page.get_by_role("link", name="Open my TAP review").click()
        journey.arrive(page, f"review-form-{member}")
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
        journey.arrive(page, f"reviewed-{member}")
        expect(page.get_by_text("was changed successfully")).to_be_visible()
        context.close()

    # 5. The chair's approval against the reviews is refused, then recorded with a
    # justification.
    context, page = signed_in(browser, base, "chair", journey)
    to_my_proposals(page, journey, "chair")
    expect(page.get_by_text("Waiting for the TAP decision")).to_be_visible()
    page.get_by_role("link", name="Reviews and decision").click()
    journey.arrive(page, "decision")
    expect(page.get_by_text("Quorum reached.")).to_be_visible()
    expect(page.get_by_text("You record the decision as: TAP chair.")).to_be_visible()
    page.get_by_label("Approve", exact=True).check()
    page.get_by_label("Approved amount").fill("50000")
    page.get_by_role("button", name="Continue to confirmation").click()
    journey.arrive(page, "confirm-unjustified")
    page.get_by_role("button", name="Yes, record this decision").click()
    journey.arrive(page, "justification-needed")
    expect(page.get_by_text("needs a written justification")).to_be_visible()
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.TAP_REVIEW
    page.get_by_label("Approve", exact=True).check()
    page.get_by_label("Approved amount").fill("50000")
    page.get_by_label("Justification").fill("A smaller pilot answers the reviewers' concern.")
    page.get_by_role("button", name="Continue to confirmation").click()
    journey.arrive(page, "confirm-justified")
    page.get_by_role("button", name="Yes, record this decision").click()
    journey.arrive(page, "decided")
    expect(page.get_by_text("The TAP decision is recorded.")).to_be_visible()
    context.close()
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.APPROVED
    assert proposal.decision_capacity == Proposal.Capacity.TAP_CHAIR

    # 6. The submitter reads the decision, its capacity and justification in the history.
    context, page = signed_in(browser, base, "ngo", journey)
    to_my_proposals(page, journey, "ngo-after")
    page.get_by_role("link", name=TITLE).click()
    journey.arrive(page, "history")
    history = page.get_by_role("list").filter(has_text="Approved")
    expect(history).to_contain_text("as TAP chair")
    expect(history).to_contain_text("A smaller pilot answers the reviewers' concern.")
    expect(history).to_contain_text("received outside the portal")
    context.close()


# --- (e) An enterprise applies for the label ------------------------------------------


def to_the_application_in_the_admin(page, journey: Journey, who: str, enterprise: str) -> None:
    page.get_by_role("link", name="Administration").click()
    journey.arrive(page, "admin", once=True)
    page.locator("#content-main").get_by_role("link", name="Label applications", exact=True).click()
    journey.arrive(page, f"admin-applications-{who}")
    page.locator("#result_list").get_by_role("link", name=enterprise).click()
    journey.arrive(page, f"admin-application-{who}")


def test_an_enterprise_applies_for_the_label_and_loses_it_after_a_complaint(
    live_server, browser, artifacts, contexts
):
    """It is audited and labelled; the registry and the verification page show the label
    valid; an anonymous complaint leads to its suspension and the verification page says so."""
    base = live_server.url
    principle_set(indicators_per_principle=1, principles=2)
    SectorFactory()
    business = OrganisationFactory(name="Honest Hiring", kind="business")
    UserFactory(username="hr", organisation=business)
    UserFactory(username="officer", certification_officer=True)
    UserFactory(username="auditor", auditor=True, first_name="Ada", last_name="Auditor")
    name = "Honest Hiring Sdn Bhd"
    journey = Journey(artifacts, "e-enterprise-applies")

    # 1. The enterprise describes itself, assesses itself and submits.
    context, page = signed_in(browser, base, "hr", journey)
    main_nav(page).get_by_role("link", name="Ethical recruitment").click()
    journey.arrive(page, "ethical-recruitment")
    page.get_by_role("link", name="Apply for the label (enterprises)").click()
    journey.arrive(page, "applications")
    page.get_by_role("link", name="Describe your enterprise").click()
    journey.arrive(page, "describe")
    page.get_by_label("Legal name").fill(name)
    page.get_by_label("Registration number").fill("MY-123456")
    page.get_by_label("Country").select_option("MYS")
    page.get_by_label("Sector (ISIC Rev.4 section)").select_option("N")
    page.get_by_label("Kind", exact=True).select_option("recruiter")
    page.get_by_label("Size").select_option("small")
    page.get_by_role("button", name="Save").click()
    journey.arrive(page, "described")
    page.get_by_role("link", name="Apply for the label", exact=True).click()
    journey.arrive(page, "apply")
    page.get_by_label("Scope of the label").fill("Recruitment of care workers for Malaysia")
    page.get_by_role("button", name="Start the application").click()
    journey.arrive(page, "self-assessment")
    for radio in page.get_by_label("Yes, fully").all():
        radio.check()
    page.get_by_role("button", name="Save the self-assessment").click()
    journey.arrive(page, "self-assessed")
    expect(page.get_by_text("Self-assessment saved.")).to_be_visible()
    page.get_by_role("button", name="Submit the application").click()
    journey.arrive(page, "submitted")
    expect(page.get_by_text("State: Submitted")).to_be_visible()
    context.close()
    assert Application.objects.get().state == "submitted"

    # 2. The officer assigns the auditor; the auditor rates every indicator; the officer
    # accepts. They work in the admin, reached from the header.
    context, page = signed_in(browser, base, "officer", journey)
    to_the_application_in_the_admin(page, journey, "officer", name)
    page.get_by_label("Auditor").select_option(label="auditor")
    page.get_by_role("button", name="Assign").click()
    journey.arrive(page, "auditor-assigned")
    expect(page.get_by_text("Auditor assigned.")).to_be_visible()
    context.close()
    context, page = signed_in(browser, base, "auditor", journey)
    to_the_application_in_the_admin(page, journey, "auditor", name)
    for select in page.locator("select[name^=rating_]").all():
        select.select_option("conform")
    page.get_by_role("button", name="Save and complete the audit").click()
    journey.arrive(page, "audited")
    expect(page.get_by_text("Findings saved.")).to_be_visible()
    context.close()
    context, page = signed_in(browser, base, "officer", journey)
    to_the_application_in_the_admin(page, journey, "officer-decides", name)
    page.get_by_label("Accept and issue the label").check()
    page.get_by_label("Reasons").fill("Every indicator conforms.")
    page.get_by_role("button", name="Record the decision").click()
    journey.arrive(page, "accepted")
    expect(page.get_by_text("Decision recorded.")).to_be_visible()
    context.close()
    label = Label.objects.get()

    # 3. Anyone finds it in the registry, with its label and QR code.
    page = open_home(browser, base, contexts, journey)
    main_nav(page).get_by_role("link", name="Ethical recruitment").click()
    journey.arrive(page, "public-ethical-recruitment")
    page.get_by_role("link", name="Search the registry").click()
    journey.arrive(page, "registry")
    page.get_by_label("Enterprise name").fill("Honest")
    page.get_by_role("main").get_by_role("button", name="Search").click()
    journey.arrive(page, "registry-honest")
    page.get_by_role("link", name=name).click()
    journey.arrive(page, "enterprise")
    page.get_by_role("link", name="Label page and QR code").click()
    journey.arrive(page, "label")
    expect(page.locator("svg.segno")).to_be_visible()

    # 4. An anonymous complaint; the officer upholds it and suspends the label.
    page.go_back()
    page.get_by_role("link", name="Report this enterprise").click()
    journey.arrive(page, "report")
    page.get_by_label("What happened").fill(
        "The agency kept the passports of the workers it placed."
    )
    page.get_by_role("button", name="Send the report").click()
    journey.arrive(page, "reported")
    expect(page.get_by_role("heading", name="Report received")).to_be_visible()
    context, page = signed_in(browser, base, "officer", journey)
    page.get_by_role("link", name="Administration").click()
    journey.arrive(page, "admin", once=True)
    page.locator("#content-main").get_by_role("link", name="Complaints", exact=True).click()
    journey.arrive(page, "complaints")
    page.get_by_role("link", name=label.number).first.click()
    journey.arrive(page, "complaint")
    page.get_by_role("button", name="Start the investigation").click()
    journey.arrive(page, "investigating")
    page.get_by_label("Outcome").select_option("suspended")
    page.get_by_label("Findings of the investigation").fill("Confirmed by two workers.")
    page.get_by_role("button", name="Close the complaint").click()
    journey.arrive(page, "complaint-closed")
    expect(page.get_by_text("Complaint closed.")).to_be_visible()
    context.close()

    # 5. A business that checks the number learns that the label is suspended.
    page = open_home(browser, base, contexts, journey)
    main_nav(page).get_by_role("link", name="Ethical recruitment").click()
    page.get_by_role("navigation", name="Certification").get_by_role(
        "link", name="Verify a label"
    ).click()
    journey.arrive(page, "verify")
    page.get_by_label("Label number").fill(label.number)
    page.get_by_role("main").get_by_role("button", name="Verify").click()
    journey.arrive(page, "verified-suspended")
    expect(page.get_by_role("heading", name=f"{label.number} is suspended.")).to_be_visible()


# --- (f) A business verifies a label --------------------------------------------------


def test_a_business_verifies_a_label_number(live_server, browser, artifacts, contexts):
    certification = Certification()
    certification.enterprise.legal_name = "Careful Recruiters Ltd"
    certification.enterprise.country = Country.objects.get(iso3="PHL")
    certification.enterprise.save()
    label = certification.to("accepted").label
    journey = Journey(artifacts, "f-business-verifies")
    page = open_home(browser, live_server.url, contexts, journey, locale="en-GB")

    main_nav(page).get_by_role("link", name="Ethical recruitment").click()
    journey.arrive(page, "ethical-recruitment")
    page.get_by_role("navigation", name="Certification").get_by_role(
        "link", name="Verify a label"
    ).click()
    journey.arrive(page, "verify")
    page.get_by_label("Label number").fill(label.number.lower())
    page.get_by_role("main").get_by_role("button", name="Verify").click()
    journey.arrive(page, "valid")
    result = page.get_by_role("status").filter(has_text=label.number)
    expect(result.get_by_role("heading")).to_have_text(f"✔ {label.number} is valid.")
    expect(result).to_contain_text("Holder: Careful Recruiters Ltd, Philippines.")
    result.get_by_role("link", name="Registry entry").click()
    journey.arrive(page, "registry-entry")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Careful Recruiters Ltd")

    page.go_back()
    unknown = format_number("ABCDE12345" + check_character("ABCDE12345"))  # well formed
    page.get_by_label("Label number").fill(unknown)
    page.get_by_role("main").get_by_role("button", name="Verify").click()
    journey.arrive(page, "unknown")
    result = page.get_by_role("status").filter(has_text="unknown")
    expect(result.get_by_role("heading")).to_contain_text("is unknown.")
    expect(result).to_contain_text("No label with this number has been issued.")
    expect(result).not_to_contain_text("Holder:")
