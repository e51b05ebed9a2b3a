"""Search source of the statistical store: the indicator catalogue."""

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from imdi_portal.search.registry import Doc, SearchSource, register_source
from imdi_portal.stats.models import Indicator


def indicators() -> Iterator[Doc]:
    for i in Indicator.objects.all():
        yield Doc(
            key=i.code,
            title=i.name_en,
            title_fr=i.name_fr,
            title_es=i.name_es,
            body=" ".join([i.code, i.source, i.description]),
            url=reverse("imdi_portal:explorer") + f"?indicator={i.code}",
        )


def register() -> None:
    register_source(SearchSource("indicator", _("Indicators"), indicators, (Indicator,)))
