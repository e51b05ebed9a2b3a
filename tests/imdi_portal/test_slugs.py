"""One unique_slug for every app: readable, numbered when taken, never empty."""

import pytest

from imdi_portal.core.models import Organisation
from imdi_portal.core.slugs import unique_slug
from tests.imdi_portal.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_it_numbers_a_slug_that_is_taken():
    OrganisationFactory(slug="ministry-of-labour")
    OrganisationFactory(slug="ministry-of-labour-2")
    assert unique_slug(Organisation, "Ministry of Labour") == "ministry-of-labour-3"


def test_it_cuts_to_the_length_and_falls_back_for_symbols_only():
    assert unique_slug(Organisation, "Ministère du Travail", length=9) == "ministere"
    assert unique_slug(Organisation, "!!!") == "organisation"
    assert unique_slug(Organisation, "???", fallback="item") == "item"
