"""Search source of the core app: the country profiles."""

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from imdi_portal.core.models import Country
from imdi_portal.search.registry import Doc, SearchSource, register_source


def countries() -> Iterator[Doc]:
    for c in Country.objects.select_related("region", "sub_region"):
        yield Doc(
            key=c.iso3,
            title=c.name_en,
            title_fr=c.name_fr,
            title_es=c.name_es,
            body=" ".join(
                [
                    c.iso3,
                    c.iso2,
                    c.region.name if c.region else "",
                    c.sub_region.name if c.sub_region else "",
                ]
            ),
            url=reverse("imdi_portal:country-detail", args=[c.iso3]),
            countries=[c.iso3],
        )


def register() -> None:
    register_source(SearchSource("country", _("Country profiles"), countries, (Country,)))
