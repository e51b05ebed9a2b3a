"""Keyboard only: the main public and signed-in journeys can be done without a mouse, with
the focus visible where it is."""

import pytest
from playwright.sync_api import expect

from imdi_portal.gateway.models import Activity
from imdi_portal.search.services import search_index_rebuild
from tests.certification.factories import Certification
from tests.e2e.helpers import PASSWORD
from tests.gateway.factories import ContactFactory
from tests.imdi_portal.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("reference_data")]


def tab_to(page, predicate_js: str, limit: int = 80) -> None:
    """Press Tab until the focused element satisfies `predicate_js` (a JS expression on `el`)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            f"(() => {{ const el = document.activeElement; return {predicate_js}; }})()"
        ):
            return
    raise AssertionError(f"never reached by Tab: {predicate_js}")


def test_search_and_verify_a_label_with_the_keyboard(live_server, browser):
    c = Certification()
    label = c.to("accepted").label
    search_index_rebuild()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + "/")
    # The first Tab reaches the skip link; Enter moves the focus to the main content.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # Search from the home page's box and open the first result.
    tab_to(page, "el.id === 'home-search'")
    page.keyboard.type(c.enterprise.legal_name)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="1 result")).to_be_visible()
    tab_to(page, "el.closest('.search-results') !== null && el.tagName === 'A'")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # the focus is visible
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(c.enterprise.legal_name)
    # Verify the label from the certification page's form.
    page.goto(live_server.url + "/certification/")
    tab_to(page, "el.name === 'number'")
    page.keyboard.type(label.number)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=f"{label.number} is valid.")).to_be_visible()
    page.close()


def test_a_country_profile_is_reached_with_the_keyboard(live_server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + "/")
    tab_to(page, "el.id === 'country-picker'")
    page.keyboard.type("Philippines")  # a native select chooses by typing
    assert page.locator("#country-picker").input_value() == "PHL"
    tab_to(page, "el.tagName === 'BUTTON' && el.closest('.picker-form') !== null")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Philippines")
    # The table of contents leads to a section.
    tab_to(page, "el.getAttribute('href') === '#projects'")
    page.keyboard.press("Enter")
    assert page.url.endswith("#projects")
    page.close()


def press_and_load(page, key: str) -> None:
    """Press a key that follows a link or submits a form, and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def keyboard_sign_in(page, base: str, username: str) -> None:
    """Sign in from the header's link with the keyboard only."""
    page.goto(base + "/")
    tab_to(page, "el.textContent.trim() === 'Sign in'")
    press_and_load(page, "Enter")
    tab_to(page, "el.id === 'id_username'")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    press_and_load(page, "Enter")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_an_editor_shares_an_activity_with_the_keyboard(live_server, browser):
    editor = UserFactory(submitter=True, organisation=OrganisationFactory())
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    keyboard_sign_in(page, live_server.url, editor.username)
    page.goto(live_server.url + "/activities/new/")
    tab_to(page, "el.id === 'id_title_en'")
    page.keyboard.type("Keyboard skills programme")
    tab_to(page, "el.id === 'id_summary_en'")
    page.keyboard.type("Typed without a mouse.")
    tab_to(page, "el.name === 'components'")  # the first component
    page.keyboard.press("Space")
    tab_to(page, "el.id === 'id_start_year'")
    page.keyboard.type("2024")
    tab_to(page, "el.id === 'id_status'")
    page.keyboard.type("Ongoing")  # a native select chooses by typing
    tab_to(page, "el.type === 'submit' && el.closest('.editor-form') !== null")
    press_and_load(page, "Enter")
    expect(page.get_by_text("the Secretariat will review the activity")).to_be_visible()
    activity = Activity.objects.get()
    assert (activity.title_en, activity.start_year, activity.status) == (
        "Keyboard skills programme",
        2024,
        "ongoing",
    )
    assert [c.code for c in activity.components.all()] == ["I"]
    page.close()


def test_a_focal_point_gives_and_withdraws_consent_with_the_keyboard(live_server, browser):
    person = UserFactory(focal_point=True)
    contact = ContactFactory(person_name="Keyboard Person", user=person)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    keyboard_sign_in(page, live_server.url, person.username)
    page.goto(live_server.url + "/directory/")
    tab_to(page, "el.getAttribute('href') === '/directory/mine/'")
    press_and_load(page, "Enter")
    tab_to(page, "el.textContent.trim() === 'I agree to publishing these details'")
    press_and_load(page, "Enter")
    expect(page.get_by_text("Your details are now published")).to_be_visible()
    contact.refresh_from_db()
    assert contact.has_consent and contact.consent_method == "portal"
    tab_to(page, "el.textContent.trim() === 'Withdraw my consent'")
    press_and_load(page, "Enter")
    expect(page.get_by_text("no longer published")).to_be_visible()
    contact.refresh_from_db()
    assert not contact.has_consent
    page.close()
