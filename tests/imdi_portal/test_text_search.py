"""The one free-text helper of the list pages (imdi_portal.text_search)."""

import pytest
from django.db.models import Q

from imdi_portal.core.models import Organisation
from imdi_portal.core.text_search import any_field, phrase_filter, words_filter
from tests.imdi_portal.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

FIELDS = ("name", "acronym")


@pytest.fixture
def network():
    return OrganisationFactory(name="Migrant Rights Network", acronym="MRN")


@pytest.fixture
def union():
    return OrganisationFactory(name="Domestic Workers Union", acronym="DWU")


def found(queryset) -> set[str]:
    return set(queryset.values_list("acronym", flat=True))


def test_every_word_must_match_one_of_the_fields(network, union):
    everyone = Organisation.objects.all()
    assert found(words_filter(everyone, "rights network", FIELDS)) == {"MRN"}
    assert found(words_filter(everyone, "network rights", FIELDS)) == {"MRN"}  # any order
    assert found(words_filter(everyone, "rights union", FIELDS)) == set()


def test_each_word_may_match_a_different_field(network, union):
    # "workers" is in the name, "dwu" is the acronym: together they find the union.
    assert found(words_filter(Organisation.objects.all(), "workers dwu", FIELDS)) == {"DWU"}


def test_it_ignores_case(network):
    assert found(words_filter(Organisation.objects.all(), "MIGRANT mrn", FIELDS)) == {"MRN"}


def test_empty_or_blank_text_filters_nothing(network, union):
    everyone = Organisation.objects.all()
    assert found(words_filter(everyone, "", FIELDS)) == found(everyone)
    assert found(words_filter(everyone, "   ", FIELDS)) == found(everyone)
    assert found(phrase_filter(everyone, "  ", FIELDS)) == found(everyone)


def test_only_the_first_words_count(network):
    text = "migrant " * 3 + "nowhere"
    assert found(words_filter(Organisation.objects.all(), text, FIELDS, max_words=3)) == {"MRN"}
    assert found(words_filter(Organisation.objects.all(), text, FIELDS, max_words=4)) == set()


def test_a_phrase_matches_only_as_typed(network):
    everyone = Organisation.objects.all()
    assert found(phrase_filter(everyone, " rights network ", FIELDS)) == {"MRN"}
    assert found(phrase_filter(everyone, "network rights", FIELDS)) == set()


def test_a_field_may_name_its_lookup(network):
    everyone = Organisation.objects.all()
    assert found(phrase_filter(everyone, "mrn", ("acronym__iexact",))) == {"MRN"}
    assert found(phrase_filter(everyone, "mr", ("acronym__iexact",))) == set()
    assert found(phrase_filter(everyone, "mr", ("acronym",))) == {"MRN"}  # icontains


def test_a_field_may_be_a_condition_of_its_own(network, union):
    def name_if_union(word: str) -> Q:
        return Q(name__icontains=word, acronym="DWU")

    everyone = Organisation.objects.all()
    assert found(words_filter(everyone, "u", (name_if_union,))) == {"DWU"}
    assert found(words_filter(everyone, "migrant", (name_if_union,))) == set()


def test_any_field_builds_one_or_of_the_columns():
    assert any_field("x", ("name", "iso3__iexact")) == Q(name__icontains="x") | Q(iso3__iexact="x")
