"""Hardening that every response and the sign-in carry: a Content-Security-Policy without
inline script or style, login throttling, secure cookies in production."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.imdi_portal.factories import UserFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
WRONG = "not the password"


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.mark.parametrize(
    "path", ["/", "/countries/KEN/", "/activities/", "/accounts/login/", "/api/v1/countries/"]
)
def test_pages_forbid_inline_scripts_and_foreign_sources(client, path):
    directives = policy(client.get(path))
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert not any("unsafe" in v or "*" in v for vs in directives.values() for v in vs)


def test_no_template_holds_an_inline_script_or_style():
    offenders = []
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(
            r"<style|\sstyle=\"|\son[a-z]+=\"", text
        ):
            offenders.append(str(template.relative_to(ROOT)))
    assert offenders == []


def test_the_api_docs_load_their_scripts_from_this_site(client):
    swagger = client.get("/api/docs/")
    assert policy(swagger)["script-src"] == ["'self'"]
    html = swagger.content.decode()
    assert "<script>" not in html and "googleapis" not in html
    redoc = client.get("/api/redoc/")
    assert "googleapis" not in redoc.content.decode()
    # Only Redoc's page lets its bundle inject styles and run its worker.
    assert "'unsafe-inline'" in policy(redoc)["style-src"]
    assert policy(redoc)["script-src"] == ["'self'"]


def test_repeated_wrong_passwords_lock_the_username_out_from_that_address(client, settings):
    user = UserFactory(username="target")
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"username": "target", "password": WRONG})
        assert response.status_code == 200  # the form again, with its error
    locked = client.post(url, {"username": "target", "password": WRONG})
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    # Even the right password is refused while locked out, on the site and in the admin.
    right = client.post(url, {"username": "target", "password": "correct horse battery staple"})
    assert right.status_code == 429 and "_auth_user_id" not in client.session
    admin = client.post(
        "/admin/login/", {"username": "target", "password": "correct horse battery staple"}
    )
    assert admin.status_code == 429
    # The same username from another address is not locked out.
    other = client.post(
        url,
        {"username": "target", "password": "correct horse battery staple"},
        REMOTE_ADDR="203.0.113.9",
    )
    assert other.status_code == 302 and int(client.session["_auth_user_id"]) == user.pk


def test_a_success_before_the_limit_resets_the_count(client, settings):
    UserFactory(username="forgetful")
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(url, {"username": "forgetful", "password": WRONG})
    ok = client.post(url, {"username": "forgetful", "password": "correct horse battery staple"})
    assert ok.status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(url, {"username": "forgetful", "password": WRONG}).status_code == 200


def test_every_form_posting_here_carries_a_csrf_token():
    missing = []
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for form in re.findall(r"<form[^>]*method=\"post\"[^>]*>.*?</form>", text, re.S | re.I):
            if "csrf_token" not in form:
                missing.append(str(template.relative_to(ROOT)))
    assert missing == []
