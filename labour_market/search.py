"""Search sources of the labour market app: ISCO-08 occupations and shortage lists."""

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from imdi_portal.search.registry import Doc, SearchSource, in_every_language, register_source
from labour_market.models import Occupation, ShortageEntry, ShortageList


def occupations() -> Iterator[Doc]:
    """Every ISCO-08 group with its titles in each language the classification has and its
    definition, so that 'nurse', 'welder' or 'infirmière' find the occupation."""
    for o in Occupation.objects.all():
        yield Doc(
            key=o.code,
            title=f"{o.title_en} (ISCO-08 {o.code})",
            title_fr=f"{o.title_fr} (CITP-08 {o.code})" if o.title_fr else "",
            title_es=f"{o.title_es} (CIUO-08 {o.code})" if o.title_es else "",
            body=" ".join([o.definition, o.tasks, o.included]),
            url=o.get_absolute_url(),
            components=["I"],
        )


def shortage_lists() -> Iterator[Doc]:
    for s in ShortageList.objects.select_related("country").prefetch_related("entries__occupation"):
        entries = list(s.entries.all())
        yield Doc(
            key=str(s.pk),
            title=f"{s.title} ({s.country.name_en})",
            body=" ".join(
                [
                    *in_every_language(_("shortage occupations")),
                    s.country.name_en,
                    s.country.name_fr,
                    s.country.name_es,
                    s.source,
                    *(e.title_as_published for e in entries),
                    *(e.occupation.title_en for e in entries if e.occupation_id),
                ]
            ),
            url=s.get_absolute_url(),
            countries=[s.country.iso3],
            components=["I"],
        )


def register() -> None:
    register_source(
        SearchSource("occupation", _("Occupations (ISCO-08)"), occupations, (Occupation,))
    )
    register_source(
        SearchSource("shortage", _("Shortage lists"), shortage_lists, (ShortageList, ShortageEntry))
    )
