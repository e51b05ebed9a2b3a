"""Countries, regions, organisations and roles come from real reference data."""

import csv

import pytest

from imdi_portal.core.models import Country, IncomeGroup, Organisation, Region
from imdi_portal.core.reference_data import ISO_FILE, load_countries
from imdi_portal.core.roles import ROLE_PERMISSIONS, Role, can_edit_country
from tests.imdi_portal.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_country_of_the_shipped_iso_file_is_loaded():
    with ISO_FILE.open(encoding="utf-8") as fh:
        codes = {row["alpha-3"] for row in csv.DictReader(fh)}
    assert len(codes) == 249
    assert set(Country.objects.values_list("iso3", flat=True)) == codes
    assert Country.objects.filter(region__isnull=False).count() >= 240


@pytest.mark.parametrize(
    ("iso3", "iso2", "m49", "fr", "es", "region", "sub_region", "intermediate", "income"),
    [
        # Values read by hand from iso3166_m49.csv, wdi_country_metadata.csv and iso-codes.
        ("FRA", "FR", "250", "France", "Francia", "Europe", "Western Europe", None, "HIC"),
        (
            "SEN",
            "SN",
            "686",
            "Sénégal",
            "Senegal",
            "Africa",
            "Sub-Saharan Africa",
            "Western Africa",
            "LMC",
        ),
        ("PHL", "PH", "608", "Philippines", "Filipinas", "Asia", "South-eastern Asia", None, "LMC"),
        ("DEU", "DE", "276", "Allemagne", "Alemania", "Europe", "Western Europe", None, "HIC"),
    ],
)
def test_known_countries_have_codes_names_regions_and_income_group(
    iso3, iso2, m49, fr, es, region, sub_region, intermediate, income
):
    country = Country.objects.with_regions().get(iso3=iso3)
    assert (country.iso2, country.m49, country.name_fr, country.name_es) == (iso2, m49, fr, es)
    assert country.region.name == region
    assert country.sub_region.name == sub_region
    assert (country.intermediate_region.name if country.intermediate_region else None) == (
        intermediate
    )
    assert country.income_group == income


def test_world_bank_aggregates_are_not_countries():
    assert not Country.objects.filter(iso3__in=["WLD", "AFE", "ARB", "LMC"]).exists()


def test_territories_without_world_bank_classification_have_no_income_group():
    # Taiwan and Antarctica are absent from the World Bank metadata file.
    assert Country.objects.get(iso3="ATA").income_group == ""
    assert Country.objects.get(iso3="TWN").income_group == ""


def test_m49_hierarchy_links_sub_regions_to_regions():
    western_africa = Region.objects.get(code="011")
    assert western_africa.level == Region.Level.INTERMEDIATE
    assert western_africa.parent.code == "202"
    assert western_africa.parent.parent.name == "Africa"
    assert Region.objects.filter(level=Region.Level.REGION).count() == 5


def test_reloading_reference_data_changes_nothing():
    before = list(Country.objects.order_by("iso3").values())
    assert load_countries(Region, Country) == 249
    assert list(Country.objects.order_by("iso3").values()) == before


def test_income_group_labels_are_the_world_bank_ones():
    assert IncomeGroup("LMC").label == "Lower middle income"


def test_the_ten_gmg_members_are_present():
    acronyms = set(Organisation.objects.gmg_members().values_list("acronym", flat=True))
    assert acronyms == {
        "ILO",
        "IOM",
        "UNCTAD",
        "UN DESA",
        "UNDP",
        "UNFPA",
        "UNHCR",
        "OHCHR",
        "UNODC",
        "World Bank",
    }


def test_every_role_group_holds_its_permissions():
    from django.contrib.auth.models import Group

    for role, perms in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert held == set(perms), role


def test_secretariat_may_change_organisations_and_submitter_may_not():
    secretariat = UserFactory(secretariat=True)
    submitter = UserFactory(submitter=True)
    assert secretariat.has_perm("imdi_portal.change_organisation")
    assert not submitter.has_perm("imdi_portal.change_organisation")


def test_focal_point_may_edit_only_their_own_country():
    philippines = Country.objects.get(iso3="PHL")
    senegal = Country.objects.get(iso3="SEN")
    focal_point = UserFactory(focal_point=True, country=philippines)
    assert can_edit_country(focal_point, philippines) == (True, "")
    allowed, reason = can_edit_country(focal_point, senegal)
    assert not allowed and "another country" in reason


def test_users_without_the_focal_point_role_may_not_edit_countries():
    from django.contrib.auth.models import AnonymousUser

    philippines = Country.objects.get(iso3="PHL")
    submitter = UserFactory(submitter=True, country=philippines)
    assert can_edit_country(submitter, philippines)[0] is False
    assert can_edit_country(AnonymousUser(), philippines)[0] is False
    assert can_edit_country(UserFactory(secretariat=True), philippines)[0] is True
    assert Role.FOCAL_POINT in ROLE_PERMISSIONS
