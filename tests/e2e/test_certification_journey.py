"""A reviewed twinning shows on both countries' profiles. (An enterprise's label, from its
application to its suspension, is a journey of test_user_journeys.)"""

from datetime import date

import pytest
from playwright.sync_api import expect

from certification import services
from certification.models import TemplateCommitment
from imdi_portal.core.models import Country
from tests.certification.factories import TwinningTemplateFactory
from tests.imdi_portal.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("reference_data")]


def test_a_reviewed_twinning_shows_on_both_profiles(live_server, browser):
    secretariat = UserFactory(secretariat=True)
    template = TwinningTemplateFactory()
    TemplateCommitment.objects.create(
        template=template,
        party="origin",
        area="Pre-departure",
        text="Orient every departing worker",
    )
    origin, destination = Country.objects.get(iso3="PHL"), Country.objects.get(iso3="MYS")
    twinning = services.twinning_create(
        user=secretariat,
        origin=origin,
        destination=destination,
        title="Care workers mobility",
        template=template,
    )
    services.twinning_sign(user=secretariat, twinning=twinning, signed_on=date(2026, 11, 1))
    commitment = twinning.commitments.get()
    services.twinning_review(
        user=secretariat,
        twinning=twinning,
        period_start=date(2026, 11, 1),
        period_end=date(2027, 4, 30),
        summary="Six months reviewed",
        recommendations="",
        ratings={commitment.pk: ("met", "Course records", "")},
    )
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    for iso3 in ("PHL", "MYS"):
        page.goto(f"{live_server.url}/countries/{iso3}/")
        page.get_by_role("link", name="Care workers mobility").click()
        expect(page.get_by_text("Six months reviewed")).to_be_visible()
        expect(page.get_by_role("cell", name="Met", exact=True)).to_be_visible()
    page.close()
