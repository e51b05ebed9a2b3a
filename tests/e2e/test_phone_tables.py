"""Wide tables and the flow diagram on a 390-pixel phone (#22): a table scrolls sideways
inside its wrapper, says so with a shadow at the edge, and keeps its key column in view; the
flow diagram is drawn as ranked bars whose labels can be read."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("reference_data")]

PHONE = {"width": 390, "height": 844}
# page, its slug for the screenshots, and the table's key cell in a row: the row header.
PAGES = [
    ("/remittances/flows/", "flows"),
    ("/remittances/corridors/", "corridors"),
    ("/labour-market/matching/?destination=MYS", "matching"),
    ("/legislation/compare/?kind=general_work&country=SEN&country=PHL&country=MYS", "compare"),
]


@pytest.fixture
def demo(reference_data):
    call_command("load_demo", "--no-accounts", verbosity=0)


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    yield context.new_page()
    context.close()


def _inside_viewport(box: dict) -> bool:
    return box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 0.5


def _right_edge_shown(box: dict) -> bool:
    """A cell may be wider than the screen: at least its end is in view."""
    return box["x"] + box["width"] <= PHONE["width"] + 0.5


def _check_table(phone, artifacts, slug: str) -> None:
    # The page itself does not scroll sideways: only the table, inside its wrapper.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], slug
    wrap = phone.locator(".table-wrap").first
    wrap.scroll_into_view_if_needed()
    assert wrap.get_attribute("tabindex") == "0"
    assert wrap.evaluate("w => w.scrollWidth > w.clientWidth"), f"{slug}: the table fits"
    # The cue: shadows painted by the wrapper's background at the edges that hide content.
    cue = wrap.evaluate("w => getComputedStyle(w).backgroundImage")
    assert cue.count("radial-gradient") == 2 and cue.count("linear-gradient") == 2, slug
    phone.screenshot(path=artifacts / f"phone-{slug}-table.png")

    # The first row with a row header (compare's element groups start with a heading row).
    row = wrap.locator("tbody tr:has(th[scope=row])").first
    key = row.locator("th[scope=row]").first
    last = row.locator("td").last
    before = key.bounding_box()
    assert _inside_viewport(before), slug
    assert not _right_edge_shown(last.bounding_box()), slug  # the last column is cut off

    wrap.evaluate("w => { w.scrollLeft = w.scrollWidth; }")
    phone.wait_for_timeout(100)
    scrolled = wrap.evaluate("w => w.scrollLeft")
    assert scrolled > 0, slug
    assert _right_edge_shown(last.bounding_box()), slug
    after = key.bounding_box()
    assert _inside_viewport(after), (slug, after)
    # The key column goes with the table until it reaches the wrapper's left edge, then stays
    # there, drawn over what scrolls beneath it.
    expected = max(wrap.bounding_box()["x"], before["x"] - scrolled)
    assert abs(after["x"] - expected) < 1, (slug, before, after, scrolled)
    assert key.evaluate("c => getComputedStyle(c).position") == "sticky", slug
    assert key.evaluate("c => getComputedStyle(c).backgroundColor") != "rgba(0, 0, 0, 0)"
    phone.screenshot(path=artifacts / f"phone-{slug}-table-scrolled.png")


def _check_flow_diagram(phone, artifacts) -> None:
    expect(phone.locator("svg.flow-chart")).to_be_hidden()
    bars = phone.locator("svg.flow-chart-phone")
    expect(bars).to_be_visible()
    box = bars.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    labels = bars.locator(".flow-label")
    expect(labels).to_have_count(10)
    for i in range(10):
        label = labels.nth(i).bounding_box()
        assert label["height"] >= 13, label  # about 14 pixels, as on the rest of the page
        assert label["x"] + label["width"] <= box["x"] + box["width"] + 0.5, label
    expect(labels.first).to_contain_text("→")
    bars.scroll_into_view_if_needed()
    phone.screenshot(path=artifacts / "phone-flows-diagram.png")
    # On a wide screen the two-column diagram comes back.
    phone.set_viewport_size({"width": 1280, "height": 900})
    expect(phone.locator("svg.flow-chart")).to_be_visible()
    expect(bars).to_be_hidden()
    phone.set_viewport_size(PHONE)


def test_wide_tables_and_the_flow_diagram_on_a_phone(live_server, phone, demo, artifacts):
    # One test for every page: the demo data takes a minute and a half to load.
    for path, slug in PAGES:
        assert phone.goto(live_server.url + path).status == 200, path
        if slug == "flows":
            _check_flow_diagram(phone, artifacts)
        _check_table(phone, artifacts, slug)
