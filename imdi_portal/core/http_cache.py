"""HTTP caching of anonymous reads: validators, 304s and Cache-Control.

Public pages change only when content is written, and every write bumps a version
(imdi_portal.core.cache: the statistics and the app scopes, and the "site" scope that any save
of a project model bumps). The ETag of an anonymous GET is derived from those versions, the
release, the language, the day and the full path; a request whose If-None-Match still matches
gets 304 before any view runs. A response is only marked `public` when nothing in it can
belong to one visitor: no session or messages cookie on the request, no CSRF token rendered,
no cookie set, status 200 and no Cache-Control chosen by the view. Everything else that
carries personal state is `private, no-store`.

The heavy public pages (settings.HTTP_PAGE_CACHE_VIEWS) are also stored rendered in the
shared cache under that validator, so one process's rendering serves every process until the
content changes; for them the versions are read on every request.
"""

import hashlib
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache as django_cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from django.utils.translation import get_language

from imdi_portal.core import cache as content_cache

logger = logging.getLogger(__name__)
SAFE_METHODS = ("GET", "HEAD")


def _excluded(path: str) -> bool:
    return path.startswith(tuple(settings.HTTP_CACHE_EXCLUDED_PATHS))


def _personal(request: HttpRequest) -> bool:
    """A request that may see something of its own: signed in, or anonymous with a session
    (a form's state, a pending message)."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies


def etag_for(request: HttpRequest) -> str:
    """The strong validator of an anonymous GET of this URL in this language today."""
    versions = content_cache.all_versions()
    parts = [
        settings.RELEASE,
        get_language() or "",
        timezone.localdate().isoformat(),  # pages that count days (deadlines) change daily
        request.get_full_path(),
        *(f"{scope}={versions[scope]}" for scope in sorted(versions)),
    ]
    return '"' + hashlib.blake2b("|".join(parts).encode(), digest_size=16).hexdigest() + '"'


def _public_candidate(request: HttpRequest) -> bool:
    return (
        settings.HTTP_CACHE_ENABLED
        and request.method in SAFE_METHODS
        and not _personal(request)
        and not _excluded(request.path)
    )


PAGE_KEY = "page:{}"
# Headers a stored page is served with; the per-request ones (request id, CSP) are added
# again by the middleware around this one.
_KEPT = ("Content-Type", "Content-Language", "Content-Disposition")


def _page_cached(request: HttpRequest) -> bool:
    """One of the heavy public pages whose rendering is shared by every web process."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.view_name in settings.HTTP_PAGE_CACHE_VIEWS


def _stored_page(etag: str) -> HttpResponse | None:
    try:
        hit = django_cache.get(PAGE_KEY.format(etag))
    except Exception:  # the cache is an optimisation: a failure is a miss
        logger.warning("page cache unavailable", exc_info=True)
        return None
    if hit is None:
        return None
    content, headers = hit
    response = HttpResponse(content)
    for name, value in headers.items():
        response[name] = value
    return response


def _store_page(etag: str, response: HttpResponse) -> None:
    if response.streaming:
        return
    headers = {name: response[name] for name in _KEPT if response.has_header(name)}
    try:
        django_cache.set(
            PAGE_KEY.format(etag), (response.content, headers), settings.HTTP_PAGE_CACHE_TIMEOUT
        )
    except Exception:
        logger.warning("page cache unavailable", exc_info=True)


class HttpCacheMiddleware:
    """After the locale and authentication middleware (it needs the language and the user)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        candidate = _public_candidate(request)
        shared = candidate and _page_cached(request)
        if shared:
            # Read the versions now, not up to a second late: a publication made by another
            # process is seen by the very next request here.
            content_cache.forget_versions()
        sent = request.headers.get("If-None-Match") if candidate else None
        if sent:
            etag = etag_for(request)
            # GZipMiddleware weakens the tag of a compressed response: compare weakly.
            sent_tags = {tag.removeprefix("W/") for tag in parse_etags(sent)}
            if etag in sent_tags or sent.strip() == "*":
                response = HttpResponseNotModified()
                self._public_headers(response, etag)
                return response
        # Only now the stored page: a revalidation that matched never fetches it.
        stored = _stored_page(etag_for(request)) if shared else None
        if stored is not None:
            self._public_headers(stored, etag_for(request))
            stored["X-Page-Cache"] = "hit"
            return stored
        response = self.get_response(request)
        if candidate and self._may_share(request, response):
            # Read after the view: pages that read the versions in their own query (the
            # country profile) have primed them, so this costs no query of its own.
            etag = etag_for(request)
            if shared:
                _store_page(etag, response)
            self._public_headers(response, etag)
        elif not response.has_header("Cache-Control") and self._is_private(request, response):
            response["Cache-Control"] = "private, no-store"
        return response

    @staticmethod
    def _may_share(request: HttpRequest, response: HttpResponse) -> bool:
        user = getattr(request, "user", None)
        return (
            response.status_code == 200
            and not response.has_header("Cache-Control")
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a form token was rendered
            and not (user is not None and user.is_authenticated)
        )

    @staticmethod
    def _is_private(request: HttpRequest, response: HttpResponse) -> bool:
        user = getattr(request, "user", None)
        return bool(
            (user is not None and user.is_authenticated)
            or _personal(request)
            or response.cookies
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        )

    @staticmethod
    def _public_headers(response: HttpResponse, etag: str) -> None:
        response["ETag"] = etag
        response["Cache-Control"] = (
            f"public, max-age={settings.HTTP_CACHE_MAX_AGE}, "
            f"stale-while-revalidate={settings.HTTP_CACHE_STALE_WHILE_REVALIDATE}"
        )
        # The language comes from the django_language cookie or Accept-Language; a shared
        # cache should key on that cookie only (README: caching behind a proxy or CDN).
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
