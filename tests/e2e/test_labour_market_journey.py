"""A government analyst explores an indicator, downloads it, and follows it to a profile."""

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from imdi_portal.stats.services import import_job_create, import_job_run

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("reference_data")]

ILOSTAT = (
    Path(__file__).resolve().parents[2]
    / "labour_market/data/ilostat/EAR_4MTH_SEX_GEO_CUR_NB_A-filtered-2025-06-01.csv"
)


def test_explorer_chart_csv_then_country_profile(live_server, page, artifacts):
    job = import_job_run(job_id=import_job_create(source="ilostat", path=ILOSTAT).pk)
    assert job.status == "succeeded", job.error

    page.goto(live_server.url + "/labour-market/")
    page.get_by_role("link", name="Average monthly earnings of employees").click()
    page.get_by_label("Countries", exact=True).select_option(["PHL", "MEX"])
    page.get_by_label("Sex", exact=True).select_option("T")
    page.get_by_label("Breakdown").select_option(label="National · 2021PPP")
    page.get_by_role("button", name="Show").click()

    chart = page.get_by_role("img", name="Average monthly earnings of employees")
    expect(chart).to_be_visible()
    expect(page.locator("[id^=chart-desc]")).to_contain_text("Philippines, National")
    table = page.locator("table.data-table").first
    expect(table).to_contain_text("Mexico")
    # Mexico, 2024, total, national, as in the CSV file.
    expect(table.locator("tr", has_text="2024")).to_contain_text("855.684")
    expect(page.get_by_role("heading", name="Projections (not observed data)")).to_be_visible()
    page.screenshot(path=artifacts / "explorer.png", full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download this selection as CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(download_info.value.path()).read_text())))
    shown = table.locator("tbody tr").count()
    assert len(rows) == shown
    assert {r["area_code"] for r in rows} == {"PHL", "MEX"}
    assert all(r["classification"] == "GEO_COV_NAT+CUR_2021PPP" for r in rows)

    page.goto(live_server.url + "/countries/PHL/")
    section = page.locator(
        "section", has=page.get_by_role("heading", name="Labour market and skills")
    )
    link = section.get_by_role("link", name="Average monthly earnings of employees")
    expect(link).to_be_visible()
    link.click()
    expect(page.get_by_label("Countries", exact=True)).to_have_values(["PHL"])
    expect(page.get_by_role("img", name="Average monthly earnings of employees")).to_be_visible()
