"""Search sources of the regulatory-framework database: published permit categories, laws."""

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from imdi_portal.search.registry import Doc, SearchSource, in_every_language, register_source
from legislation.models import Law, PermitCategory, PermitKind


def permit_categories() -> Iterator[Doc]:
    for c in PermitCategory.objects.published().select_related("country"):
        yield Doc(
            key=str(c.pk),
            title=f"{c.name_en} ({c.country.name_en})",
            title_fr=f"{c.name_fr} ({c.country.name_fr})" if c.name_fr else "",
            title_es=f"{c.name_es} ({c.country.name_es})" if c.name_es else "",
            body=" ".join(
                [
                    *in_every_language(PermitKind(c.kind).label),
                    # The words people type for it, in every language ("permis de travail").
                    *in_every_language(_("work permit")),
                    c.summary,
                    c.legal_basis,
                    c.country.name_fr,
                    c.country.name_es,
                ]
            ),
            url=c.get_absolute_url(),
            countries=[c.country.iso3],
            components=["I"],
            is_sample=c.is_sample,
        )


def laws() -> Iterator[Doc]:
    for law in Law.objects.select_related("country"):
        yield Doc(
            key=str(law.pk),
            title=f"{law.title} ({law.country.name_en})",
            body=" ".join([str(law.year or ""), law.country.name_fr, law.country.name_es]),
            url=reverse("legislation:country", args=[law.country.iso3]),
            countries=[law.country.iso3],
            components=["I"],
            is_sample=law.is_sample,
        )


def register() -> None:
    register_source(
        SearchSource("permit", _("Permit categories"), permit_categories, (PermitCategory,))
    )
    register_source(SearchSource("law", _("Laws"), laws, (Law,)))
