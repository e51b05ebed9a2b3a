"""A focal point revises a permit category, the Secretariat publishes it, the public sees it."""

import re

import pytest
from playwright.sync_api import expect

from imdi_portal.core.models import Country
from legislation.models import PermitCategoryVersion
from legislation.services import category_snapshot
from tests.imdi_portal.factories import UserFactory
from tests.legislation.factories import PermitCategoryFactory

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("reference_data")]
PASSWORD = "correct horse battery staple"


def sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/?next=/legislation/manage/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit permit categories")


def test_focal_point_revises_secretariat_publishes_public_sees_the_change(
    live_server, browser, artifacts
):
    philippines = Country.objects.get(iso3="PHL")
    category = PermitCategoryFactory(
        country=philippines,
        published=True,
        with_elements=True,
        slug="employment-visa",
        name_en="Employment visa",
        processing_days_typical=30,
    )
    PermitCategoryVersion.objects.create(
        category=category, number=1, data=category_snapshot(category)
    )
    UserFactory(username="fp", focal_point=True, country=philippines)
    UserFactory(username="sec", secretariat=True)

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_server.url, "fp")
    page.get_by_role("link", name="Employment visa").click()
    page.get_by_role("button", name="Revise this entry").click()
    expect(page.get_by_text("revision of the published entry")).to_be_visible()
    expect(page.locator("#id_requirements-0-text")).to_have_value("A job offer")
    page.get_by_label("Typical processing time (days)").fill("45")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    page.screenshot(path=str(artifacts / "legislation-editor.png"), full_page=True)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Submitted to the Secretariat for review.")).to_be_visible()
    context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_server.url, "sec")
    page.get_by_role("link", name="Employment visa").last.click()
    page.get_by_label("Comment (optional)").fill("Processing time confirmed")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published.")).to_be_visible()
    context.close()

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + "/legislation/PHL/employment-visa/")
    expect(page.get_by_text("Typically 45 days")).to_be_visible()
    expect(page.get_by_text("A job offer")).to_be_visible()  # lists survive the revision
    page.screenshot(path=str(artifacts / "legislation-category.png"), full_page=True)
    page.get_by_role("link", name="What changed").click()
    expect(page).to_have_url(re.compile(r"/changes/$"))
    row = page.locator("tr", has_text="Typical processing time (days)")
    expect(row).to_contain_text("30")
    expect(row).to_contain_text("45")
    expect(page.get_by_text("Processing time confirmed")).to_be_visible()
    page.goto(live_server.url + "/countries/PHL/")
    expect(page.get_by_role("link", name="Employment visa")).to_be_visible()
    feed = page.request.get(live_server.url + "/legislation/PHL/feed/").text()
    assert "Philippines: Employment visa, version 2" in feed
    assert "Processing time confirmed" in feed

    page.goto(live_server.url + "/legislation/finder/")
    page.get_by_label("I am a national of").select_option("FRA")
    page.get_by_label("I want to work in").select_option("DEU")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_text("As a national of France you do not need")).to_be_visible()
    page.get_by_label("I am a national of").select_option("PHL")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_text("do not need a work permit")).to_have_count(0)
    page.screenshot(path=str(artifacts / "legislation-finder.png"), full_page=True)
    page.close()
