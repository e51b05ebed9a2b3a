"""URLs of the statistical store. The project's urls.py mounts `site_urls` under the portal's
namespace and registers `api_routes` on the API router, so names and paths are those the
portal always had."""

from django.urls import path

from imdi_portal.stats import api, views

site_urls = [
    path("data/explorer/", views.explorer, name="explorer"),
    path("data/map/", views.world_map, name="world-map"),
    path("data/indicators/", views.indicator_index, name="indicator-list"),
    path("data/indicators/<str:code>/", views.indicator_detail, name="indicator-detail"),
]

# (prefix, viewset, basename) for the project's DefaultRouter.
api_routes = [
    ("imports", api.ImportJobViewSet, "import"),
    ("indicators", api.IndicatorViewSet, "indicator"),
    ("observations", api.ObservationViewSet, "observation"),
    ("projections", api.ProjectionViewSet, "projection"),
]
