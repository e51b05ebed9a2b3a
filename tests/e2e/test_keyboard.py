"""Keyboard only: the main public journeys can be done without a mouse, with the focus
visible where it is."""

import pytest
from playwright.sync_api import expect

from imdi_portal.search import search_index_rebuild
from tests.certification.factories import Certification

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
