"""URLs of the information gateway and the directory. The project's urls.py mounts `site_urls`
under the portal's namespace and registers `api_routes` on the API router, so names and
paths are those the portal always had."""

from django.urls import path

from imdi_portal.gateway import api, directory_views, views


def _kind_urls(prefix: str, kind: type[views.GatewayKind], feed: type[views.EntryFeed]) -> list:
    """The four addresses of a kind: list, share, feed, one entry."""
    name = kind.url_prefix
    return [
        path(prefix, views.EntryIndex.as_view(kind=kind), name=f"{name}-list"),
        path(f"{prefix}new/", views.EntryNew.as_view(kind=kind), name=f"{name}-new"),
        path(f"{prefix}feed/", feed(), name=f"{name}-feed"),
        path(f"{prefix}<slug:slug>/", views.EntryDetail.as_view(kind=kind), name=f"{name}-detail"),
    ]


site_urls = [
    *_kind_urls("practices/", views.PracticeKind, views.PracticeFeed),
    *_kind_urls("activities/", views.ActivityKind, views.ActivityFeed),
    path("directory/", directory_views.directory_index, name="directory"),
    path("directory/mine/", directory_views.my_entries, name="directory-mine"),
]

# (prefix, viewset, basename) for the project's DefaultRouter.
api_routes = [
    ("activities", api.ActivityViewSet, "activity"),
    ("practices", api.PracticeViewSet, "practice"),
    ("contacts", api.ContactViewSet, "contact"),
]
