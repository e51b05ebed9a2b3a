"""Search sources of the information gateway: published good practices and activities."""

from collections.abc import Callable, Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from imdi_portal.gateway.models import Activity, GatewayEntry, GoodPractice
from imdi_portal.gateway.services import entry_list
from imdi_portal.search.registry import Doc, SearchSource, register_source


def _gateway_docs(model: type[GatewayEntry], body: Callable[[Any], list[str]]) -> Iterator[Doc]:
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
    register_source(SearchSource("practice", _("Good practices"), practices, (GoodPractice,)))
    register_source(
        SearchSource("activity", _("Programmes and activities"), activities, (Activity,))
    )
