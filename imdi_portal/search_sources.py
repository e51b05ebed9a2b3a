"""Search sources of the core app: countries and indicators."""

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from imdi_portal.models import Country, GoodPractice, Indicator
from imdi_portal.search import Doc, SearchSource, register_source


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


def practices() -> Iterator[Doc]:
    from imdi_portal.gateway import practice_list

    for p in practice_list():
        yield Doc(
            key=p.slug,
            title=p.title_en,
            title_fr=p.title_fr,
            title_es=p.title_es,
            body=" ".join([p.summary_en, p.what_was_done, p.lessons, str(p.organisation)]),
            url=p.get_absolute_url(),
            countries=[c.iso3 for c in p.countries.all()],
            components=[c.code for c in p.components.all()],
            is_sample=p.is_sample,
        )


def register() -> None:
    register_source(SearchSource("country", _("Country profiles"), countries, (Country,)))
    register_source(SearchSource("indicator", _("Indicators"), indicators, (Indicator,)))
    register_source(SearchSource("practice", _("Good practices"), practices, (GoodPractice,)))
