"""What several browser journeys do: sign a user in, in a context of their own; check a page
with axe-core and photograph it at a desktop and a phone width."""

import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

PASSWORD = "correct horse battery staple"  # the factories' password
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# axe-core, vendored from npm (tests/e2e/vendor/); WCAG 2.2 AA.
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Screenshots are for people to look at; CI, where nobody does, turns them off for time.
SCREENSHOTS = os.environ.get("JOURNEY_SCREENSHOTS", "1") != "0"


# In the admin, the parts that are Django's own markup and stylesheet, unchanged by the
# portal (breadcrumbs whose links are told apart by colour only, the change list's filter
# links under 24 px): axe checks everything else, the portal's admin templates included.
ADMIN_OWN = [".breadcrumbs", "#changelist-filter"]


def violations(page, exclude: list[str] | None = None) -> list[str]:
    """axe-core's WCAG 2.2 AA violations on the page: rule, impact, help, first elements.
    The context needs bypass_csp=True: axe is injected as an inline script."""
    page.add_script_tag(content=AXE)
    result = page.evaluate(
        """([tags, exclude]) => axe.run(
            exclude.length ? {exclude: exclude.map(s => [s])} : document,
            {runOnly: {type: 'tag', values: tags}})""",
        [AXE_TAGS, exclude or []],
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(
            node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
            for node in v["nodes"][:5]
        )
        for v in result["violations"]
    ]


class Journey:
    """One person's journey: `arrive(page, name)` after every navigation waits for the page,
    fails the test on any axe violation (listing them) and saves full-page screenshots at
    1280 and 390 px as test-artifacts/journeys/<journey>/<nn>-<name>-<width>.png."""

    def __init__(self, artifacts: Path, name: str) -> None:
        self.folder = artifacts / "journeys" / name
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self.step = 0
        self.names: set[str] = set()

    def arrive(self, page, name: str, *, once: bool = False) -> None:
        """`once`: a page seen again (the home page before each sign-in) is not checked and
        photographed again."""
        page.wait_for_load_state("load")
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        if once and slug in self.names:
            return
        self.names.add(slug)
        self.step += 1
        stem = f"{self.step:02d}-{slug}"
        if SCREENSHOTS:
            shown = page.viewport_size or DESKTOP
            for size in (DESKTOP, PHONE):
                page.set_viewport_size(size)
                page.screenshot(path=self.folder / f"{stem}-{size['width']}.png", full_page=True)
            page.set_viewport_size(shown)
        admin = urlsplit(page.url).path.startswith("/admin/")
        problems = violations(page, exclude=ADMIN_OWN if admin else None)
        if problems:
            pytest.fail(
                f"axe found {len(problems)} violation(s) on {page.url} ({stem}):\n  "
                + "\n  ".join(problems),
                pytrace=False,
            )


def new_context(browser, *, viewport: dict | None = None, **options):
    """A context for a journey: axe needs bypass_csp (the portal's policy forbids inline
    scripts; test_journeys checks the policy itself)."""
    return browser.new_context(viewport=viewport or DESKTOP, bypass_csp=True, **options)


def sign_in(page, username: str, journey: Journey | None = None) -> None:
    """Sign in with the header's link, as a person does, from the page shown."""
    page.get_by_role("navigation", name="Your account").get_by_role("link", name="Sign in").click()
    if journey:
        journey.arrive(page, "sign-in", once=True)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def signed_in(browser, base: str, username: str, journey: Journey | None = None):
    """(context, page) with `username` signed in from the home page; close the context when
    done. With a journey, the home and sign-in pages are checked and photographed."""
    context = new_context(browser) if journey else browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(base + "/")
    if journey:
        journey.arrive(page, "home", once=True)
    sign_in(page, username, journey)
    if journey:
        journey.arrive(page, "signed-in", once=True)
    return context, page
