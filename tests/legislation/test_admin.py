import pytest

from imdi_portal.core.models import Country
from legislation.models import Law
from tests.imdi_portal.factories import UserFactory
from tests.legislation.factories import PermitCategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def focal_admin(client):
    client.force_login(UserFactory(focal_point=True, country=Country.objects.get(iso3="PHL")))
    return client


def test_focal_points_see_only_their_countrys_categories_and_laws(focal_admin):
    PermitCategoryFactory(name_en="Ours")
    PermitCategoryFactory(name_en="Theirs", country=Country.objects.get(iso3="SEN"))
    html = focal_admin.get("/admin/legislation/permitcategory/").content.decode()
    assert "Ours" in html and "Theirs" not in html
    theirs = Law.objects.create(country=Country.objects.get(iso3="SEN"), title="Their act")
    assert focal_admin.get(f"/admin/legislation/law/{theirs.pk}/change/").status_code == 302
    response = focal_admin.post(
        f"/admin/legislation/law/{theirs.pk}/change/",
        {"title": "Changed", "country": theirs.country_id, "source": "gazette"},
    )
    theirs.refresh_from_db()
    assert theirs.title == "Their act" and response.status_code == 302


def test_focal_points_add_laws_for_their_country_only(focal_admin):
    senegal = Country.objects.get(iso3="SEN")
    response = focal_admin.post(
        "/admin/legislation/law/add/", {"title": "Act", "country": senegal.pk, "source": "gazette"}
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Law.objects.exists()
    philippines = Country.objects.get(iso3="PHL")
    focal_admin.post(
        "/admin/legislation/law/add/",
        {"title": "Act", "country": philippines.pk, "source": "gazette"},
    )
    assert Law.objects.get().country == philippines


def test_categories_are_not_edited_in_the_admin(client):
    client.force_login(UserFactory(secretariat=True))
    category = PermitCategoryFactory()
    assert client.get("/admin/legislation/permitcategory/add/").status_code == 403
    html = client.get(f"/admin/legislation/permitcategory/{category.pk}/change/").content
    assert (
        f"/legislation/manage/{category.pk}/".encode()
        in client.get("/admin/legislation/permitcategory/").content
    )
    assert b'name="_save"' not in html  # read-only
