"""WCAG 2.2 AA, checked by axe-core (vendored from npm, tests/e2e/vendor/) on every main page
type in English, French and Spanish: any violation fails the test with its rule, its impact
and the elements concerned."""

import pytest
from django.core.management import call_command

from tests.e2e.helpers import PASSWORD, violations

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("reference_data")]

PAGES = [
    "/",
    "/countries/",
    "/countries/PHL/",
    "/legislation/",
    "/legislation/PHL/",
    "/labour-market/",
    "/data/explorer/",
    "/remittances/",
    "/remittances/compare/?sending=GBR&receiving=PAK&amount=200",
    "/projects/",
    "/projects/SAMPLE-2026-0001/",
    "/projects/donors/",
    "/certification/",
    "/certification/registry/",
    "/certification/verify/?number=IMDI-5AMP1-E0000-9",
    "/certification/twinnings/sample-phl-mys/",
    "/search/?q=care",
    "/practices/",
    "/practices/sample-pre-departure-orientation/",
    "/activities/",
    "/activities/sample-skills-partnership/",
    "/directory/",
    "/labour-market/occupations/",
    "/remittances/corridors/",
    "/remittances/sdg-10c/",
    "/projects/donors/sample-donor-foundation/",
    "/certification/labels/IMDI-5AMP1-E0000-9/",
    "/certification/complaints/new/",
    "/certification/twinnings/",
    "/accounts/login/",
    "/accounts/signup/",
]
# Pages of signed-in users (a submitter of the sample NGO).
SIGNED_IN_PAGES = [
    "/projects/proposals/",
    "/projects/proposals/new/",
    "/projects/notifications/",
    "/activities/new/",
    "/practices/new/",
    "/directory/mine/",
]


@pytest.fixture
def demo(reference_data):
    call_command("load_demo", "--no-accounts", verbosity=0)
    from imdi_portal.core.models import Organisation
    from tests.imdi_portal.factories import UserFactory

    UserFactory(
        username="ngo.member",
        submitter=True,
        organisation=Organisation.objects.get(slug="sample-migrant-rights-ngo"),
    )


def test_main_pages_have_no_accessibility_violations(live_server, browser, demo):
    found = {}
    for language in ("en", "fr", "es"):
        # bypass_csp: axe is injected as an inline script, which the portal's policy forbids.
        context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        page = context.new_page()
        for path in PAGES:
            response = page.goto(live_server.url + path)
            assert response.status == 200, (language, path, response.status)
            assert page.locator("html").get_attribute("lang") == language
            problems = violations(page)
            if problems:
                found[f"{language} {path}"] = problems
        page.goto(live_server.url + "/accounts/login/")
        page.locator("#id_username").fill("ngo.member")
        page.locator("#id_password").fill(PASSWORD)
        page.locator("main button[type=submit]").click()
        for path in SIGNED_IN_PAGES:
            response = page.goto(live_server.url + path)
            assert response.status == 200, (language, path, response.status)
            problems = violations(page)
            if problems:
                found[f"{language} {path} (signed in)"] = problems
        context.close()
    assert found == {}
