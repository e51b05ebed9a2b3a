import pytest

pytestmark = pytest.mark.django_db


def test_admin_is_branded_for_imdi(secretariat_client):
    html = secretariat_client.get("/admin/").content.decode()
    assert "IMDI portal administration" in html
    assert "/admin/imdi_portal/country/" in html


def test_secretariat_can_browse_countries_and_organisations(secretariat_client):
    response = secretariat_client.get("/admin/imdi_portal/country/", {"q": "Senegal"})
    assert response.status_code == 200 and "SEN" in response.content.decode()
    response = secretariat_client.get("/admin/imdi_portal/organisation/")
    assert "International Labour Organization" in response.content.decode()


def test_country_codes_cannot_be_added_or_deleted_in_the_admin(secretariat_client):
    assert secretariat_client.get("/admin/imdi_portal/country/add/").status_code == 403


def test_submitters_have_no_admin_access(submitter_client):
    response = submitter_client.get("/admin/imdi_portal/country/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
