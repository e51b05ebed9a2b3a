"""A URL map whose one page fails, for tests of the 500 page."""

from django.urls import path


def broken(request):
    raise RuntimeError("the page's own fault")


urlpatterns = [path("broken/", broken)]
handler500 = "imdi_portal.core.views.server_error"
