"""A visitor's journey through the portal in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from imdi_portal.core.models import Country
from tests.e2e.helpers import signed_in
from tests.gateway.factories import ContactFactory
from tests.imdi_portal.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("reference_data")]


def test_home_then_french_then_a_country_profile(live_server, page, artifacts):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Labour mobility as a catalyst for development"
    )
    page.screenshot(path=str(artifacts / "home-en.png"), full_page=True)

    page.get_by_role("button", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "La mobilité de la main-d'œuvre, moteur du développement"
    )
    page.screenshot(path=str(artifacts / "home-fr.png"), full_page=True)

    page.get_by_label("Aller au profil d'un pays").select_option("SEN")
    page.get_by_role("button", name="Ouvrir le profil").click()
    expect(page).to_have_url(re.compile(r"/countries/SEN/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sénégal")
    expect(page.get_by_role("heading", name="Permis et cadre réglementaire")).to_be_visible()
    expect(page.get_by_text("Afrique de l'Ouest")).to_be_visible()
    page.screenshot(path=str(artifacts / "country-profile-fr.png"), full_page=True)


def test_skip_link_is_the_first_focusable_element_and_moves_focus(live_server, page):
    page.goto(live_server.url + "/countries/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


def test_country_list_filters_work_without_javascript(live_server, browser, artifacts):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + "/countries/")
    page.get_by_label("Region", exact=True).select_option("africa")
    page.get_by_label("Income group").select_option("LIC")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"region=africa"))
    rows = page.locator("table.data-table tbody tr")
    expect(rows.first).to_be_visible()
    assert "Niger" in page.locator("table.data-table").inner_text()
    page.screenshot(path=str(artifacts / "countries-mobile.png"), full_page=True)
    context.close()


def test_a_country_profile_prints_as_content_only(live_server, page):
    ContactFactory(country=Country.objects.get(iso3="KEN"), function_en="Printed desk")
    page.goto(live_server.url + "/countries/KEN/")
    expect(page.locator(".site-header")).to_be_visible()
    page.emulate_media(media="print")
    for hidden in (".site-header", ".toc", ".lang-switch"):
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kenya")
    expect(page.get_by_role("heading", name="Focal points and contacts")).to_be_visible()
    expect(page.get_by_text("Printed desk")).to_be_visible()
    assert page.pdf(format="A4").startswith(b"%PDF")  # what "Save as PDF" makes


def test_the_content_security_policy_blocks_nothing_the_portal_needs(live_server, browser):
    UserFactory(username="csp.admin", is_staff=True, is_superuser=True)
    context, page = signed_in(browser, live_server.url, "csp.admin")
    blocked = []
    page.on(
        "console",
        lambda m: (
            blocked.append((page.url, m.text)) if "Content Security Policy" in m.text else None
        ),
    )
    for path in (
        "/",
        "/countries/KEN/",
        "/data/explorer/?indicator=&countries=KEN",
        "/data/map/",
        "/search/?q=kenya",
        "/api/docs/",
        "/admin/",
        "/admin/stats/importjob/add/",
    ):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    context.close()
    assert blocked == []
