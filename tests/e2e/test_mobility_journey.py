"""Job mobility in the browser (issue 23's "Done when"): a worker registers, confirms her
e-mail address and writes her profile with a diploma and a consent; a licensed agency posts
a vacancy, finds her among the ranked candidates, shortlists and invites her; she accepts; a
verifier checks her diploma, which she and the agency then see; she deletes her profile and
everything in it. Everyone starts at the home page and clicks only what they see (the main
navigation, the job-mobility menu, buttons and forms); every page is checked with axe-core
and photographed at 1280 and 390 px (test-artifacts/journeys/g-job-mobility/)."""

import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from imdi_portal.core.models import Country, Organisation
from imdi_portal.stats.services import import_job_create, import_job_run
from mobility.models import Application, QualificationDocument, Verification, WorkerProfile
from tests.e2e.helpers import PASSWORD, Journey, new_context, signed_in
from tests.imdi_portal.factories import OrganisationFactory
from tests.mobility.factories import agency_member, licensed_agency, verifier

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("reference_data")]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ISCO08 = (
    Path(__file__).resolve().parents[2]
    / "labour_market"
    / "data"
    / "isco08"
    / "isco08_structure_and_definitions_en.xlsx"
)

WORKER, EMAIL = "maria.nurse", "maria.nurse@example.org"
RECRUITER, CHECKER = "recruiter.rhine", "checker.qa"
VACANCY = "Registered nurse, geriatric care (test)"
DIPLOMA = "Bachelor of Science in Nursing (test)"
PUBLIC_MENU = ["Vacancies", "Recruitment agencies", "Blacklist"]
NOTE = "Diploma confirmed against the awarding body's register (test record)."


@pytest.fixture
def contexts():
    """Browser contexts opened by the journey, closed even when it fails."""
    opened = []
    yield opened
    for context in opened:
        context.close()


def main_nav(page):
    return page.get_by_role("navigation", name="Main", exact=True)


def mobility_menu(page):
    return page.get_by_role("navigation", name="Job mobility", exact=True)


def to_mobility(page, journey: Journey, link: str, step: str) -> None:
    """From any page: the main navigation's "Jobs abroad", then a link of the mobility menu."""
    main_nav(page).get_by_role("link", name="Jobs abroad").click()
    journey.arrive(page, "jobs-abroad", once=True)
    mobility_menu(page).get_by_role("link", name=link, exact=True).click()
    journey.arrive(page, step)


def person(browser, base: str, username: str, journey: Journey, contexts: list):
    context, page = signed_in(browser, base, username, journey)
    contexts.append(context)
    return page


def check_menu(page, base: str, journey: Journey, expected: list[str], who: str) -> None:
    """Every link of the mobility menu opens a page, not an error, with a heading."""
    menu = mobility_menu(page)
    expect(menu.get_by_role("link")).to_have_text(expected)
    links = [(a.inner_text(), a.get_attribute("href")) for a in menu.get_by_role("link").all()]
    for name, href in links:
        response = page.goto(base + href)
        assert response is not None and response.status == 200, (who, name, response)
        # The public pages are checked and photographed once; each person's own, per person.
        public = name in PUBLIC_MENU
        journey.arrive(page, f"menu {name}" if public else f"menu {who} {name}", once=public)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page).not_to_have_title(re.compile("not found|error", re.IGNORECASE))


def test_a_worker_is_matched_shortlisted_verified_and_deletes_her_profile(
    live_server, browser, artifacts, contexts, settings, tmp_path
):
    base = live_server.url
    settings.PORTAL_BASE_URL = base  # the link in the confirmation e-mail
    # The ILO's ISCO-08 structure, as the portal imports it (not a data migration).
    assert import_job_run(job_id=import_job_create(source="isco08", path=ISCO08).pk).created
    philippines, germany = Country.objects.get(iso3="PHL"), Country.objects.get(iso3="DEU")
    agency = licensed_agency(name="Rhine Care Recruiters (test)", country=philippines)
    recruiter = agency_member(agency)
    recruiter.username = RECRUITER
    recruiter.save()
    body = OrganisationFactory(
        name="Qualifications Authority (test)", kind=Organisation.Kind.GOVERNMENT
    )
    checker = verifier(body)
    checker.username = CHECKER
    checker.save()
    journey = Journey(artifacts, "g-job-mobility")
    diploma = tmp_path / "diploma.pdf"
    diploma.write_bytes(PDF)

    # 1. An anonymous worker registers from the home page and confirms her address.
    context = new_context(browser)
    contexts.append(context)
    page = context.new_page()
    page.goto(base + "/")
    journey.arrive(page, "home", once=True)
    to_mobility(page, journey, "Register as a worker", "register")
    expect(page.get_by_role("heading", level=1)).to_have_text("Register as a worker")
    page.get_by_label("Your e-mail address").fill(EMAIL)
    page.get_by_label("User name").fill(WORKER)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Register").click()
    journey.arrive(page, "register-done")
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your e-mail address")
    expect(page.get_by_role("main")).to_contain_text(f"We sent a link to {EMAIL}.")
    assert [m.to for m in mail.outbox] == [[EMAIL]]
    assert mail.outbox[0].subject == "[IMDI] Confirm your e-mail address"
    link = re.search(r"https?://\S+/register/confirm/\S+/", mail.outbox[0].body)
    assert link and link.group().startswith(base), mail.outbox[0].body

    page.goto(link.group())
    journey.arrive(page, "e-mail-confirmed")
    expect(page.get_by_text("Thank you, your e-mail address is confirmed.")).to_be_visible()
    page.get_by_label("Username").fill(WORKER)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    journey.arrive(page, "signed-in", once=True)

    # Her profile: occupation, experience, languages, education, destination.
    to_mobility(page, journey, "My profile", "my-profile-new")
    expect(page.get_by_role("heading", name="Create your profile")).to_be_visible()
    page.get_by_label("Country of citizenship").select_option("PHL")
    page.get_by_label("Highest level of education completed").select_option(
        label="ISCED 6 · Bachelor's or equivalent level"
    )
    page.get_by_label("Destination countries of interest").select_option(["DEU"])
    page.locator("#id_occ-0-occupation").select_option("2221")
    page.locator("#id_occ-0-years_experience").fill("6")
    page.locator("#id_lang-0-language").select_option("en")
    page.locator("#id_lang-0-level").select_option(label="C1")
    page.locator("#id_lang-1-language").select_option("de")
    page.locator("#id_lang-1-level").select_option(label="B1")
    page.get_by_role("button", name="Save my profile").click()
    journey.arrive(page, "my-profile-saved")
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    expect(page.get_by_role("heading", name="Edit your profile")).to_be_visible()
    profile = WorkerProfile.objects.get(user__username=WORKER)
    ref = profile.short_reference
    expect(page.get_by_role("main")).to_contain_text(
        f"Recruiters see your profile as “Profile {ref}”, never with your name"
    )
    assert list(profile.destinations.values_list("iso3", flat=True)) == ["DEU"]
    assert [(o.occupation.code, o.years_experience) for o in profile.occupations.all()] == [
        ("2221", 6)
    ]
    assert {(s.language, s.level) for s in profile.languages.all()} == {("en", 5), ("de", 3)}

    # Her diploma, a PDF (its content is checked), then her consent for Germany.
    page.get_by_label("Title of the qualification").fill(DIPLOMA)
    page.get_by_label("Awarding body").fill("Test College of Nursing")
    page.get_by_label("Country", exact=True).select_option("PHL")
    page.get_by_label("Year awarded").fill("2018")
    page.get_by_label("Diploma or certificate (optional)").set_input_files(str(diploma))
    page.get_by_role("button", name="Add", exact=True).click()
    journey.arrive(page, "qualification-added")
    expect(page.get_by_text("Qualification added.")).to_be_visible()
    qualifications = page.locator("#qualifications + ul")
    expect(qualifications).to_contain_text(f"{DIPLOMA}, Test College of Nursing")
    expect(qualifications.get_by_role("link", name="diploma.pdf")).to_be_visible()
    document = QualificationDocument.objects.get(qualification__profile=profile)
    stored = Path(document.file.path)
    assert stored.read_bytes() == PDF and document.content_type == "application/pdf"

    offer = page.locator("section.consent", has_text="Germany")
    expect(offer.get_by_role("heading")).to_have_text(
        "Licensed recruiters and employers in a destination: Germany"
    )
    offer.get_by_role("button", name="I agree").click()
    journey.arrive(page, "consent-given")
    expect(page.get_by_text("Consent recorded, with its text and time.")).to_be_visible()
    expect(page.locator("section.consent", has_text="Germany")).to_contain_text("Agreed")
    assert profile.consents.active().filter(country=germany).count() == 1
    context.close()

    # 2. A member of a licensed agency posts a vacancy in Germany for nurses...
    agency_page = person(browser, base, RECRUITER, journey, contexts)
    to_mobility(agency_page, journey, "My agency", "my-agency")
    expect(agency_page.get_by_role("heading", level=1)).to_have_text(agency.name)
    agency_page.get_by_role("link", name="Post a vacancy").click()
    journey.arrive(agency_page, "post-a-vacancy")
    agency_page.get_by_label("Title", exact=True).fill(VACANCY)
    agency_page.get_by_label("Employer", exact=True).fill("Test care home, Cologne")
    agency_page.get_by_label("Description").fill("Care of older residents in a team of nurses.")
    agency_page.get_by_label("Destination country").select_option("DEU")
    agency_page.get_by_label("Occupation (ISCO-08)").select_option("2221")
    agency_page.get_by_label("Number of posts").fill("3")
    agency_page.get_by_label("Minimum level of education").select_option(
        label="ISCED 6 · Bachelor's or equivalent level"
    )
    agency_page.get_by_label("Minimum years of experience").fill("2")
    agency_page.get_by_label("Monthly salary from").fill("2800")
    agency_page.get_by_label("Monthly salary to").fill("3400")
    agency_page.get_by_label("Currency (ISO 4217)").fill("EUR")
    agency_page.get_by_label("Contract length (months)").fill("24")
    agency_page.locator("#id_lang-0-language").select_option("de")
    agency_page.locator("#id_lang-0-min_level").select_option(label="B1")
    agency_page.get_by_role("button", name="Post the vacancy").click()

    # ...lands on its ranked candidates, sees her by her reference with the reasons...
    journey.arrive(agency_page, "candidates")
    expect(agency_page.get_by_text("Vacancy posted.")).to_be_visible()
    expect(agency_page.get_by_role("heading", level=1)).to_have_text(f"Candidates for “{VACANCY}”")
    candidate = agency_page.locator("ol.candidates > li", has_text=f"Profile {ref}")
    expect(candidate).to_have_count(1)
    expect(candidate.locator("ul.reasons > li")).to_have_text(
        [
            "Occupation 2221: same ISCO-08 unit group",
            "6 years of experience (at least 2 asked)",
            "German at B1 or above",
            "Education: ISCED 6 · Bachelor's or equivalent level or higher",
        ]
    )
    expect(candidate.locator("ul.unmet")).to_have_count(0)
    expect(agency_page.get_by_role("main")).not_to_contain_text(EMAIL)
    expect(agency_page.get_by_role("main")).not_to_contain_text(WORKER)

    # ...shortlists her and invites her.
    candidate.get_by_role("button", name="Shortlist").click()
    journey.arrive(agency_page, "shortlisted")
    expect(agency_page.get_by_text(f"Profile {ref} is on your shortlist.")).to_be_visible()
    expect(agency_page.locator("p.lead")).to_contain_text(
        f"Application for “{VACANCY}”: Shortlisted."
    )
    agency_page.get_by_role("button", name="Invite", exact=True).click()
    journey.arrive(agency_page, "invited")
    expect(agency_page.get_by_text("Recorded: Invited.")).to_be_visible()
    expect(agency_page.locator("p.lead")).to_contain_text(f"Application for “{VACANCY}”: Invited.")
    expect(
        agency_page.get_by_role("status").filter(has_text="Waiting for the worker")
    ).to_have_text("Waiting for the worker to accept or decline the invitation.")
    # While she has not answered, the agency may only close the application.
    expect(agency_page.locator(".move-buttons").get_by_role("button")).to_have_text(
        ["Not selected"]
    )
    expect(agency_page.locator("#history + ol > li")).to_contain_text(
        [f"Shortlisted, by {RECRUITER}", f"Invited, by {RECRUITER}"]
    )
    application = Application.objects.get(profile=profile)
    assert application.state == Application.State.INVITED
    assert application.vacancy.title == VACANCY and application.vacancy.agency == agency

    # 3. She signs in, finds the invitation in "My applications" and accepts it.
    worker_page = person(browser, base, WORKER, journey, contexts)
    to_mobility(worker_page, journey, "My applications", "my-applications-invited")
    card = worker_page.locator(f"#application-{application.pk}")
    expect(card.get_by_role("heading", level=2)).to_have_text(VACANCY)
    expect(card).to_contain_text(f"{agency.name} · Germany")
    expect(card).to_contain_text("Now: Invited")
    expect(card.locator("ol.history > li")).to_contain_text(
        [f"Shortlisted, by {agency.name}", f"Invited, by {agency.name}"]
    )
    expect(card.get_by_role("button", name="Decline the invitation")).to_be_visible()
    card.get_by_role("button", name="Accept the invitation").click()
    journey.arrive(worker_page, "invitation-accepted")
    expect(worker_page.get_by_text("Recorded: Invitation accepted.")).to_be_visible()
    card = worker_page.locator(f"#application-{application.pk}")
    expect(card).to_contain_text("Now: Invitation accepted")
    expect(card.locator("ol.history > li").last).to_contain_text("Invitation accepted, by you")
    expect(card.get_by_role("button")).to_have_text(["Withdraw"])
    application.refresh_from_db()
    assert application.state == Application.State.ACCEPTED

    # 4. A verifier opens her application among the checks and verifies the diploma.
    checker_page = person(browser, base, CHECKER, journey, contexts)
    to_mobility(checker_page, journey, "Checks of qualifications and languages", "checks")
    expect(checker_page.get_by_role("main")).to_contain_text(body.name)
    checker_page.get_by_role("link", name=f"Profile {ref}").click()
    journey.arrive(checker_page, "check-application")
    expect(checker_page.get_by_role("heading", level=1)).to_have_text(f"Profile {ref}")
    expect(checker_page.locator("p.lead")).to_contain_text(f"Applicant for “{VACANCY}” in Germany")
    item = checker_page.locator(
        "section.card", has=checker_page.get_by_role("heading", name=DIPLOMA)
    )
    expect(item).to_contain_text("Test College of Nursing (Philippines, 2018)")
    # She can open the diploma itself.
    href = item.get_by_role("link", name="diploma.pdf").get_attribute("href")
    download = checker_page.request.get(base + href)
    assert download.status == 200 and download.body() == PDF
    item.get_by_label("Verified", exact=True).check()
    item.get_by_label("Note").fill(NOTE)
    item.get_by_role("button", name="Record the check").click()
    journey.arrive(checker_page, "check-recorded")
    expect(checker_page.get_by_text("Check recorded.")).to_be_visible()
    recorded = checker_page.locator("ul.checks > li")
    expect(recorded).to_have_count(1)
    expect(recorded).to_contain_text(f"Verified {DIPLOMA} (2018) — checked by {body.name}")
    expect(recorded).to_contain_text(f"“{NOTE}”")
    check = Verification.objects.get()
    assert (check.result, check.qualification.title, check.by) == ("verified", DIPLOMA, checker)

    # She sees the check in "My applications" and the badge on her profile...
    to_mobility(worker_page, journey, "My applications", "my-applications-verified")
    checks = worker_page.locator("#checks + ul.checks > li")
    expect(checks).to_have_count(1)
    expect(checks.locator(".badge")).to_have_text("Verified")
    expect(checks).to_contain_text(f"{DIPLOMA} (2018) — checked by {body.name}")
    expect(checks).to_contain_text(NOTE)
    to_mobility(worker_page, journey, "My profile", "my-profile-verified")
    expect(worker_page.locator("#qualifications + ul")).to_contain_text(f"{DIPLOMA}")
    expect(worker_page.locator("#qualifications + ul .badge")).to_have_text("Verified")
    views = worker_page.locator("#views + .table-wrap")
    expect(views).to_contain_text(agency.name)
    expect(views).to_contain_text("An authorised body checking your application")

    # ...and so does the agency, on the application and among the ranked candidates.
    to_mobility(agency_page, journey, "My agency", "my-agency-again")
    agency_page.get_by_role("link", name="Applications", exact=True).click()
    journey.arrive(agency_page, "applications")
    listed = agency_page.locator("section.card", has_text=f"Profile {ref}")
    expect(listed).to_contain_text("Invitation accepted")
    listed.get_by_role("link", name="Checklist, checks, preparation and history").click()
    journey.arrive(agency_page, "application-verified")
    agency_checks = agency_page.locator("#checks + ul.checks > li")
    expect(agency_checks).to_have_count(1)
    expect(agency_checks).to_contain_text(f"Verified {DIPLOMA} (2018) — checked by {body.name}")
    agency_page.get_by_role("link", name="See the profile").click()
    journey.arrive(agency_page, "candidate-profile")
    expect(agency_page.locator("dl.facts")).to_contain_text(f"{DIPLOMA}, Test College of Nursing")
    expect(agency_page.locator("dl.facts .badge")).to_have_text("Verified")
    agency_page.get_by_role("link", name="Back to the candidates").click()
    journey.arrive(agency_page, "candidates-verified")
    candidate = agency_page.locator("ol.candidates > li", has_text=f"Profile {ref}")
    expect(candidate.locator("ul.reasons")).to_contain_text(f"Verified by {body.name} on")
    expect(candidate).to_contain_text("On your list")

    # Every link of her mobility menu opens a page, while she still has a profile.
    check_menu(
        worker_page,
        base,
        journey,
        [*PUBLIC_MENU, "My profile", "My applications"],
        "worker",
    )

    # 5. She deletes her profile: the profile, the diploma's file and her account go.
    to_mobility(worker_page, journey, "My profile", "my-profile-before-deleting")
    worker_page.get_by_role("link", name="Delete my profile").click()
    journey.arrive(worker_page, "delete-my-profile")
    expect(worker_page.get_by_role("heading", level=1)).to_have_text("Delete my profile")
    assert stored.exists()
    worker_page.get_by_role("button", name="Yes, delete everything").click()
    journey.arrive(worker_page, "profile-deleted")
    expect(
        worker_page.get_by_text("Your profile and everything in it are deleted.")
    ).to_be_visible()
    # An account made only for the profile is closed: she is signed out.
    expect(
        worker_page.get_by_role("navigation", name="Your account").get_by_role(
            "link", name="Sign in"
        )
    ).to_be_visible()
    expect(
        mobility_menu(worker_page).get_by_role("link", name="Register as a worker")
    ).to_be_visible()
    assert not WorkerProfile.objects.filter(pk=profile.pk).exists()
    assert not QualificationDocument.objects.exists()
    assert not Application.objects.filter(pk=application.pk).exists()
    assert not stored.exists()
    profile.user.refresh_from_db()
    assert not profile.user.is_active and profile.user.email == ""

    # The agency no longer finds her, among the candidates or the applications.
    agency_page.reload()
    journey.arrive(agency_page, "candidates-after-deletion")
    expect(agency_page.get_by_role("main")).not_to_contain_text(f"Profile {ref}")
    expect(agency_page.get_by_text("No consenting profile fits this vacancy yet.")).to_be_visible()
    agency_page.get_by_role("link", name="Applications for this vacancy").click()
    journey.arrive(agency_page, "applications-after-deletion")
    expect(agency_page.get_by_role("main")).not_to_contain_text(f"Profile {ref}")

    # Every link of the menu opens a page for the agency and for the verifier.
    signed_in_links = [*PUBLIC_MENU, "My profile", "My applications"]
    check_menu(agency_page, base, journey, [*signed_in_links, "My agency"], "agency")
    check_menu(
        checker_page,
        base,
        journey,
        [*signed_in_links, "Checks of qualifications and languages"],
        "verifier",
    )


def test_an_employment_service_finds_returning_talent(live_server, browser, artifacts, contexts):
    """The public employment service of a country, from the home page: the mobility menu's
    "Employment service", the people abroad who would like to return, one profile; the
    worker then reads in her log that the service saw her."""
    from mobility.models import EducationLevel, ProfileOccupation
    from tests.imdi_portal.factories import CountryFactory
    from tests.labour_market.factories import OccupationFactory
    from tests.mobility.factories import WorkerProfileFactory, employment_service

    home = CountryFactory(name_en="Testland")
    returning = WorkerProfileFactory(
        home_country=home,
        is_abroad=True,
        wants_to_return=True,
        education_level=EducationLevel.BACHELOR,
        service_consent=True,
    )
    ProfileOccupation.objects.create(
        profile=returning,
        occupation=OccupationFactory(code="2221", title_en="Nursing professionals (test)"),
        years_experience=8,
    )
    at_home = WorkerProfileFactory(home_country=home, service_consent=True)
    officer = employment_service(home)
    officer.username = "service.testland"
    officer.save()
    organisation = officer.organisation
    organisation.name = "Testland Public Employment Service (test)"
    organisation.save()
    journey = Journey(artifacts, "h-employment-service")

    page = person(browser, live_server.url, officer.username, journey, contexts)
    to_mobility(page, journey, "Employment service", "service")
    expect(page.get_by_role("heading", level=1)).to_have_text("Employment service of Testland")
    table = page.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(3)  # header, then returning first
    expect(table.get_by_role("row").nth(1)).to_contain_text(returning.short_reference)
    expect(table.get_by_role("row").nth(1)).to_contain_text("Abroad, would like to return")
    page.get_by_label("Situation").select_option(label="Abroad, would like to return")
    page.get_by_role("main").get_by_role("button", name="Search").click()
    journey.arrive(page, "returning")
    expect(page.get_by_role("table").get_by_role("row")).to_have_count(2)
    expect(page.get_by_role("main")).not_to_contain_text(at_home.short_reference)
    page.get_by_role("link", name=f"Profile {returning.short_reference}").click()
    journey.arrive(page, "profile")
    expect(page.get_by_role("note")).to_contain_text("Seen by your country's employment service")
    expect(page.locator("dl.facts")).to_contain_text(
        "2221 · Nursing professionals (test) (8 years)"
    )
    expect(page.locator("dl.facts")).to_contain_text("Abroad, would like to return")

    worker = returning.user
    worker.set_password(PASSWORD)
    worker.save()
    page = person(browser, live_server.url, worker.username, journey, contexts)
    to_mobility(page, journey, "My profile", "her-profile")
    # Seen three times: in the list, in the list of returning people, on the profile page.
    rows = page.get_by_role("row").filter(has_text="Testland Public Employment Service (test)")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("Public employment service of your country")
