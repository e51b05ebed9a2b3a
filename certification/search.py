"""Search sources of the certification app: labelled enterprises and twinnings."""

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from certification.models import Enterprise, Label, Principle, PrincipleSet, Twinning
from imdi_portal.search.registry import Doc, SearchSource, in_every_language, register_source


def enterprises() -> Iterator[Doc]:
    labelled = Enterprise.objects.filter(labels__isnull=False).distinct()
    for e in labelled.select_related("country", "sector").prefetch_related("labels"):
        labels = list(e.labels.all())
        yield Doc(
            key=e.slug,
            title=e.legal_name,
            body=" ".join(
                [
                    e.get_kind_display(),
                    e.sector.title_en,
                    e.country.name_en,
                    *(f"{label.number} {label.scope}" for label in labels),
                ]
            ),
            url=e.get_absolute_url(),
            countries=[e.country.iso3],
            components=["III"],
            is_sample=e.is_sample,
        )


def twinnings() -> Iterator[Doc]:
    for t in Twinning.objects.select_related("origin", "destination"):
        yield Doc(
            key=t.slug,
            title=t.title,
            title_fr=t.title_fr,
            title_es=t.title_es,
            body=" ".join(
                [t.summary, t.summary_fr, t.summary_es, t.origin.name_en, t.destination.name_en]
            ),
            url=t.get_absolute_url(),
            countries=[t.origin.iso3, t.destination.iso3],
            components=["III"],
            is_sample=t.is_sample,
        )


def principles() -> Iterator[Doc]:
    """The guiding principles of the current set, in the languages they are written in."""
    for p in Principle.objects.filter(principle_set__is_current=True):
        yield Doc(
            key=p.code,
            title=f"{p.code}. {p.title}",
            title_fr=f"{p.code}. {p.title_fr}" if p.title_fr else "",
            title_es=f"{p.code}. {p.title_es}" if p.title_es else "",
            body=" ".join(
                [
                    *in_every_language(_("guiding principles of ethical recruitment")),
                    p.description,
                    p.description_fr,
                    p.description_es,
                ]
            ),
            url=reverse("certification:index"),
            components=["III"],
        )


def register() -> None:
    register_source(
        SearchSource("principle", _("Guiding principles"), principles, (Principle, PrincipleSet))
    )
    register_source(
        SearchSource("enterprise", _("Labelled enterprises"), enterprises, (Enterprise, Label))
    )
    register_source(SearchSource("twinning", _("Twinnings"), twinnings, (Twinning,)))
