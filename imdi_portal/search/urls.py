"""URLs of search. The project's urls.py mounts `site_urls` under the portal's namespace and
`api_urls` beside the API router, so names and paths are those the portal always had."""

from django.urls import path

from imdi_portal.search import api, views

site_urls = [path("search/", views.search_page, name="search")]

api_urls = [path("api/v1/search/", api.SearchAPIView.as_view(), name="api-search")]
