"""Validators, 304s and Cache-Control: anonymous reads are shareable, nothing personal is."""

import pytest
from django.urls import reverse

from imdi_portal.core import cache as content_cache
from tests.imdi_portal.factories import UserFactory
from tests.legislation.factories import PermitCategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    """The production list of cached pages (the test settings turn it off elsewhere)."""
    from imdi_portal import settings as production

    settings.HTTP_PAGE_CACHE_VIEWS = production.HTTP_PAGE_CACHE_VIEWS


@pytest.fixture(autouse=True)
def fresh_versions():
    content_cache.forget_versions()
    yield
    content_cache.forget_versions()


def public(response) -> bool:
    return response["Cache-Control"].startswith("public")


@pytest.mark.parametrize(
    "url",
    ["/", "/countries/", "/countries/PHL/", "/legislation/", "/api/v1/countries/?limit=5"],
)
def test_anonymous_reads_are_public_with_a_strong_validator(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert public(response)
    assert "max-age=60" in response["Cache-Control"]
    assert "stale-while-revalidate=300" in response["Cache-Control"]
    assert response["ETag"].startswith('"') and not response["ETag"].startswith("W/")
    vary = {v.strip().lower() for v in response["Vary"].split(",")}
    assert {"accept-language", "cookie"} <= vary


def test_a_matching_if_none_match_gets_304_without_rendering(client, django_assert_max_num_queries):
    etag = client.get("/countries/PHL/")["ETag"]
    with django_assert_max_num_queries(1):  # at most the versions, never the profile
        response = client.get("/countries/PHL/", headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert public(response)


def test_a_committed_change_of_any_public_model_changes_the_validator(
    client, django_capture_on_commit_callbacks
):
    etag = client.get("/legislation/")["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        PermitCategoryFactory(published=True)
    content_cache.forget_versions()  # as another process would after its second
    response = client.get("/legislation/", headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


@pytest.mark.parametrize(
    "url",
    ["/", "/countries/", "/countries/PHL/", "/mobility/", "/remittances/", "/search/?q=nurse"],
)
def test_head_answers_like_get_without_a_body(client, url):
    """`curl -I` and link checkers send HEAD: the same status and validator as GET."""
    got = client.get(url)
    head = client.head(url)
    assert head.status_code == got.status_code == 200
    assert head["ETag"] == got["ETag"]
    assert head.content == b""
    again = client.head(url, headers={"if-none-match": got["ETag"]})
    assert again.status_code == 304


def test_the_validator_depends_on_language_and_query(client):
    english = client.get("/countries/")["ETag"]
    assert client.get("/countries/?region=africa")["ETag"] != english
    client.cookies["django_language"] = "fr"
    assert client.get("/countries/")["ETag"] != english


def test_nothing_signed_in_is_public(client):
    client.force_login(UserFactory())
    response = client.get("/countries/PHL/")
    assert response["Cache-Control"] == "private, no-store"
    assert not response.has_header("ETag")
    # even with a validator from the public page
    anonymous_etag = client.__class__().get("/countries/PHL/")["ETag"]
    again = client.get("/countries/PHL/", headers={"if-none-match": anonymous_etag})
    assert again.status_code == 200


def test_a_page_with_a_form_token_is_never_public(client):
    response = client.get(reverse("certification:complaint-new"))
    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" in response.content
    assert response["Cache-Control"] == "private, no-store"
    assert not response.has_header("ETag")


def test_an_anonymous_visitor_with_a_session_is_not_served_shared_pages(client):
    client.cookies["sessionid"] = "anything"
    response = client.get("/countries/")
    assert response["Cache-Control"] == "private, no-store"


def test_public_pages_carry_no_csrf_token_or_cookie(client):
    """The language buttons are a GET form: a shared page holds nothing of one visitor."""
    response = client.get("/")
    assert b"csrfmiddlewaretoken" not in response.content
    assert not response.cookies


def test_the_admin_and_sign_in_are_not_public(client):
    assert not public(client.get("/accounts/login/"))
    assert "no-cache" in client.get("/admin/login/")["Cache-Control"]


def test_switching_language_sets_the_cookie_and_returns_to_the_page(client):
    response = client.get("/language/", {"language": "es", "next": "/countries/"})
    assert response.status_code == 302
    assert response["Location"] == "/countries/"
    assert response.cookies["django_language"].value == "es"
    page = client.get("/countries/")
    assert page.content.decode().count('lang="es"') >= 1
    assert '<html lang="es"' in page.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"language": "fr", "next": "https://evil.example/"},
        {"language": "fr", "next": "//evil.example/"},
    ],
)
def test_switching_language_never_redirects_off_site(client, params):
    response = client.get("/language/", params)
    assert response["Location"] == "/"


def test_an_unknown_language_sets_no_cookie(client):
    response = client.get("/language/", {"language": "xx", "next": "/"})
    assert response.status_code == 302
    assert "django_language" not in response.cookies


def test_pages_are_compressed_and_the_compressed_validator_still_revalidates(client):
    response = client.get("/countries/PHL/", headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert response["ETag"].startswith('W/"')  # Django marks a compressed body's tag weak
    again = client.get(
        "/countries/PHL/", headers={"accept-encoding": "gzip", "if-none-match": response["ETag"]}
    )
    assert again.status_code == 304


def test_api_json_is_compressed(client):
    response = client.get("/api/v1/countries/?limit=100", headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    import gzip
    import json

    assert json.loads(gzip.decompress(response.content))["results"]


def test_a_heavy_page_is_rendered_once_and_served_from_the_shared_cache(
    client, django_assert_max_num_queries
):
    first = client.get("/countries/PHL/")
    assert not first.has_header("X-Page-Cache")
    with django_assert_max_num_queries(1):  # the versions; no rendering
        second = client.get("/countries/PHL/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert public(second)


def test_a_publication_by_another_process_is_seen_by_the_next_request(client):
    """Another process publishes: it writes the version row; this process has not been told
    (no forget_versions here) and must still serve the new page at once."""
    from django.utils import timezone

    from imdi_portal.core.models import StatisticsVersion

    first = client.get("/legislation/PHL/")
    assert "Freshly published permit" not in first.content.decode()
    PermitCategoryFactory(published=True, name_en="Freshly published permit")
    StatisticsVersion.objects.update_or_create(
        scope=content_cache.SITE, defaults={"changed_at": timezone.now()}
    )
    response = client.get("/legislation/PHL/")
    assert not response.has_header("X-Page-Cache")
    assert "Freshly published permit" in response.content.decode()
    assert response["ETag"] != first["ETag"]


def test_signed_in_users_never_get_the_shared_page(client):
    client.get("/countries/PHL/")
    client.force_login(UserFactory())
    response = client.get("/countries/PHL/")
    assert not response.has_header("X-Page-Cache")
    assert response["Cache-Control"] == "private, no-store"
