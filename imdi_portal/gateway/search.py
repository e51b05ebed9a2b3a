"""Search sources of the information gateway: published good practices and activities."""

from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from imdi_portal.core.models import Organisation
from imdi_portal.gateway.directory import contact_list
from imdi_portal.gateway.models import Activity, Contact, GatewayEntry, GoodPractice
from imdi_portal.gateway.services import entry_list
from imdi_portal.search.registry import Doc, SearchSource, in_every_language, register_source


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


def directory() -> Iterator[Doc]:
    """Listed directory entries by function, office, organisation and country; never by a
    person's name (the directory shows it only with consent, and a search would reveal it)."""
    for c in contact_list():
        kinds = in_every_language(c.get_kind_display())
        yield Doc(
            key=str(c.pk),
            title=" · ".join(filter(None, [c.function_en, c.organisation.name, c.country.name_en])),
            title_fr=" · ".join(
                filter(None, [c.function_fr, c.organisation.name, c.country.name_fr])
            ),
            title_es=" · ".join(
                filter(None, [c.function_es, c.organisation.name, c.country.name_es])
            ),
            body=" ".join(
                [*kinds, c.office, c.organisation.acronym, *(str(t) for t in c.topics.all())]
            ),
            url=f"{reverse('imdi_portal:directory')}?country={c.country.iso3}",
            countries=[c.country.iso3],
        )


def organisations() -> Iterator[Doc]:
    for o in Organisation.objects.filter(is_approved=True).select_related("country"):
        yield Doc(
            key=o.slug,
            title=f"{o.name} ({o.acronym})" if o.acronym else o.name,
            body=" ".join(
                [*in_every_language(o.get_kind_display()), o.country.name_en if o.country else ""]
            ),
            url=f"{reverse('imdi_portal:directory')}?q={quote(o.acronym or o.name)}",
            countries=[o.country.iso3] if o.country else [],
            is_sample=o.is_sample,
        )


def register() -> None:
    register_source(SearchSource("contact", _("Directory"), directory, (Contact,)))
    register_source(
        SearchSource("organisation", _("Organisations"), organisations, (Organisation,))
    )
    register_source(SearchSource("practice", _("Good practices"), practices, (GoodPractice,)))
    register_source(
        SearchSource("activity", _("Programmes and activities"), activities, (Activity,))
    )
