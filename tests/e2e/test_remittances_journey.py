"""A migrant compares the cost of sending money home, on a phone, for a real corridor."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from imdi_portal.stats.services import import_job_create, import_job_run
from remittances.costs import cost_averages_recompute

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("reference_data")]

DATA = Path(__file__).resolve().parents[2] / "remittances/data/rpw"


@pytest.fixture
def prices():
    for name in ("rpw_corridors_databank_2011Q1-2020Q3_subset.csv", "rpw_providers_SAMPLE.csv"):
        job = import_job_run(job_id=import_job_create(source="rpw", path=DATA / name).pk)
        assert job.status == "succeeded", job.error
    cost_averages_recompute()  # queued on commit in production; the test database never commits


def test_comparator_on_a_phone_for_a_real_corridor(live_server, browser, prices, artifacts):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="en-GB", java_script_enabled=False
    )
    page = context.new_page()
    page.goto(live_server.url + "/remittances/")
    page.get_by_role("link", name="Compare the cost of sending money").click()
    page.get_by_label("Sending from").select_option("GBR")
    page.get_by_label("Receiving in").select_option(label="Pakistan")
    page.get_by_label("USD 200").check()
    page.get_by_role("button", name="Compare").click()

    expect(page.get_by_role("heading", name="Sending USD 200 from")).to_contain_text("Pakistan")
    # The World Bank's 2020Q3 average for the corridor is 2.75437498092651 %: of USD 200 the
    # recipient got 200 x (1 - 0.0275437...) = 194.49.
    expect(page.locator(".card", has_text="Corridor average")).to_contain_text("2.75 %")
    expect(page.get_by_text("the recipient got USD 194.49 of 200 sent")).to_be_visible()
    # Sample providers are shown for this corridor, labelled, but none is named cheapest: it
    # is a real, surveyed corridor. In the sample file, Mobile Operator D charges a 1.5 % fee
    # and a 0.9 % margin for GBR -> PAK in 2020Q3.
    quotes = page.locator("li.quote")
    expect(quotes.filter(has_text="Sample Mobile Operator D")).to_contain_text(
        "Recipient gets USD 195.20"
    )
    expect(page.locator("li.quote.best")).to_have_count(0)
    expect(page.locator(".notice-sample").first).to_contain_text("This is a real corridor")
    page.screenshot(path=artifacts / "comparator-phone.png", full_page=True)

    page.get_by_role("link", name="Cost trend and all services of this corridor").click()
    expect(page.get_by_role("img", name="Cost of sending money from")).to_be_visible()
    expect(page.locator("tr.best")).to_have_count(0)
    context.close()


def test_comparator_form_errors_are_announced(live_server, page, prices):
    page.goto(live_server.url + "/remittances/compare/?sending=GBR&receiving=GBR&amount=200")
    expect(page.get_by_role("alert")).to_contain_text("Choose two different countries.")
