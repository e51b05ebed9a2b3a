"""Signing in: the right password of an account whose address is not confirmed yet gets a
message that says so; nobody else learns anything about the account."""

import pytest
from django.urls import reverse

from tests.imdi_portal.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"  # the factories' password
UNCONFIRMED = "Your e-mail address is not confirmed yet"
GENERIC = "Please enter a correct username and password"


def _sign_in(client, username, password):
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response, response.content.decode().replace("&#x27;", "'")


def test_an_unconfirmed_account_is_told_to_open_the_link(client):
    UserFactory(username="amina", is_active=False)
    response, page = _sign_in(client, "amina", PASSWORD)
    assert response.status_code == 200
    assert UNCONFIRMED in page and GENERIC not in page
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("case", ["wrong_password", "closed_account", "unknown"])
def test_anyone_else_gets_the_generic_message(client, case):
    from django.utils import timezone

    user = UserFactory(username="amina", is_active=False)
    password = PASSWORD
    if case == "wrong_password":
        password = "not the password"
    elif case == "closed_account":  # deactivated after having signed in
        user.last_login = timezone.now()
        user.save()
    username = "nobody" if case == "unknown" else "amina"
    _response, page = _sign_in(client, username, password)
    assert GENERIC in page and UNCONFIRMED not in page


def test_an_active_account_signs_in(client):
    UserFactory(username="amina")
    response, _page = _sign_in(client, "amina", PASSWORD)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
