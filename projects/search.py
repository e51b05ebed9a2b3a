"""Search source of the projects app: approved and later projects."""

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from imdi_portal.search.registry import Doc, SearchSource, register_source
from projects.models import Proposal


def projects() -> Iterator[Doc]:
    queryset = Proposal.objects.public().prefetch_related(
        "countries__country", "components", "partners__organisation"
    )
    for p in queryset:
        yield Doc(
            key=p.reference,
            title=p.title,
            title_fr=p.title_fr,
            title_es=p.title_es,
            body=" ".join(
                [
                    p.reference,
                    p.summary,
                    p.summary_fr,
                    p.summary_es,
                    *(str(x) for x in p.partners.all()),
                    *(c.country.name_en for c in p.countries.all()),
                ]
            ),
            url=reverse("projects:project-detail", args=[p.reference]),
            countries=[c.country.iso3 for c in p.countries.all()],
            components=[c.code for c in p.components.all()],
            is_sample=p.is_sample,
        )


def register() -> None:
    register_source(SearchSource("project", _("Projects"), projects, (Proposal,)))
