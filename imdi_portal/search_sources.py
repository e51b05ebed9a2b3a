"""Search sources of the core app: countries, activities and good practices."""

from collections.abc import Callable, Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from imdi_portal.models import Activity, Country, GatewayEntry, GoodPractice
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


def _gateway_docs(model: type[GatewayEntry], body: Callable[[Any], list[str]]) -> Iterator[Doc]:
    from imdi_portal.gateway import entry_list

    for e in entry_list(model):
        yield Doc(
            key=e.slug,
            title=e.title_en,
            title_fr=e.title_fr,
            title_es=e.title_es,
            body=" ".join([e.summary_en, e.summary_fr, e.summary_es, *body(e)]),
            url=e.get_absolute_url(),
            countries=[c.iso3 for c in e.countries.all()],
            components=[c.code for c in e.components.all()],
            is_sample=e.is_sample,
        )


def practices() -> Iterator[Doc]:
    return _gateway_docs(GoodPractice, lambda p: [p.what_was_done, p.lessons, str(p.organisation)])


def activities() -> Iterator[Doc]:
    return _gateway_docs(
        Activity, lambda a: [a.organisation.name, a.organisation.acronym, str(a.start_year)]
    )


def register() -> None:
    register_source(SearchSource("country", _("Country profiles"), countries, (Country,)))
    register_source(SearchSource("practice", _("Good practices"), practices, (GoodPractice,)))
    register_source(
        SearchSource("activity", _("Programmes and activities"), activities, (Activity,))
    )
