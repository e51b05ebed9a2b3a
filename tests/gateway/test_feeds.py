"""The activity and good-practice feeds are valid Atom (RFC 4287)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from imdi_portal.gateway.models import Activity, GoodPractice
from tests.atom import ATOM, assert_valid_atom
from tests.gateway.factories import ActivityFactory
from tests.imdi_portal.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_activity_feed_is_valid_atom_and_names_who_shared_each_entry(client):
    fao = OrganisationFactory(name="Food and Agriculture Organization")
    published = [ActivityFactory(organisation=fao), ActivityFactory()]
    ActivityFactory(state=Activity.State.SUBMITTED, published_at=None)
    entries = assert_valid_atom(client.get(reverse("imdi_portal:activity-feed")).content)
    assert len(entries) == len(published)
    authors = {e.findtext(f"{ATOM}author/{ATOM}name") for e in entries}
    assert str(fao) in authors
    newest = published[-1]
    assert entries[0].findtext(f"{ATOM}updated").startswith(f"{newest.published_at:%Y-%m-%d}")


def test_the_practice_feed_is_valid_atom(client):
    for n in range(2):
        GoodPractice.objects.create(
            slug=f"practice-{n}",
            organisation=OrganisationFactory(),
            title_en=f"Practice {n}",
            summary_en="What was learned.",
            what_was_done="Consular days.",
            results="More passports.",
            lessons="Go to the people.",
            state=GoodPractice.State.PUBLISHED,
            published_at=timezone.now(),
        )
    entries = assert_valid_atom(client.get(reverse("imdi_portal:practice-feed")).content)
    assert len(entries) == 2
