"""Atom feeds of published changes: all countries, or one."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from imdi_portal.core.selectors import country_get
from legislation.models import PermitCategoryVersion

ITEMS = 50


class ChangesFeed(Feed):
    feed_type = Atom1Feed
    # RFC 4287 4.1.1: a feed names an author unless every entry does; the versions are
    # published on the portal, which is who speaks for them.
    author_name = "IMDI portal"

    def get_object(self, request, iso3: str | None = None):
        if iso3 is None:
            return None
        country = country_get(iso3=iso3)
        if country is None:
            raise Http404("unknown country")
        return country

    def title(self, country) -> str:
        if country is None:
            return _("IMDI portal: published changes to permit categories")
        return _("IMDI portal: permit categories of %(name)s") % {"name": country.name}

    def link(self, country) -> str:
        if country is None:
            return reverse("legislation:category-list")
        return reverse("legislation:country", args=[country.iso3])

    def subtitle(self, country) -> str:
        return _("Each entry is a newly published version of a permit category.")

    def items(self, country):
        versions = PermitCategoryVersion.objects.select_related("category__country").filter(
            category__state="published"
        )
        if country is not None:
            versions = versions.filter(category__country=country)
        return versions.order_by("-published_at", "-id")[:ITEMS]

    def item_title(self, version) -> str:
        category = version.category
        return _("%(country)s: %(name)s, version %(number)s") % {
            "country": category.country.name,
            "name": category.name,
            "number": version.number,
        }

    def item_description(self, version) -> str:
        if version.number == 1:
            return _("First published version.")
        return version.comment or _("A new version was published.")

    def item_link(self, version) -> str:
        category = version.category
        url = reverse("legislation:category-changes", args=[category.country.iso3, category.slug])
        return f"{url}#v{version.number}"

    def item_pubdate(self, version):
        return version.published_at

    def item_updateddate(self, version):
        return version.published_at
