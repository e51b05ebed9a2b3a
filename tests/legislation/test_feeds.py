"""The permit-category feeds are valid Atom (RFC 4287)."""

import pytest

from imdi_portal.core.models import Country
from legislation.models import PermitCategoryVersion
from tests.atom import ATOM, assert_valid_atom
from tests.legislation.factories import PermitCategoryFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/legislation/feed/", "/legislation/SEN/feed/"])
def test_the_changes_feeds_are_valid_atom(client, url):
    category = PermitCategoryFactory(
        country=Country.objects.get(iso3="SEN"), published=True, slug="work"
    )
    PermitCategoryVersion.objects.create(category=category, number=1, data={})
    PermitCategoryVersion.objects.create(category=category, number=2, data={}, comment="Fees")
    response = client.get(url)
    assert response.status_code == 200
    entries = assert_valid_atom(response.content)
    assert len(entries) == 2
    assert entries[0].find(f"{ATOM}author") is None  # the feed's author speaks for them


def test_an_empty_changes_feed_is_valid_atom(client):
    assert assert_valid_atom(client.get("/legislation/feed/").content) == []
