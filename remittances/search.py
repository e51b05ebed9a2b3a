"""Search sources of the remittances app: the cost tools and the corridors with cost data."""

from collections.abc import Iterator

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from imdi_portal.search.registry import Doc, SearchSource, in_every_language, register_source
from remittances.models import CostAverage

# The pages people look for by what they want to do, with the words they type.
TOOLS = (
    (
        "compare",
        "remittances:compare",
        _("Compare the cost of sending money"),
        _("Remittance cost comparator: fees, exchange-rate margin and the amount received."),
    ),
    (
        "sdg-10c",
        "remittances:sdg",
        _("SDG 10.c: the cost of remittances"),
        _("Sustainable Development Goal target 10.c: remittance costs below 3 percent."),
    ),
    (
        "corridors",
        "remittances:corridor-list",
        _("Remittance corridors with price data"),
        _("Average cost of sending money in each corridor, by quarter."),
    ),
    (
        "flows",
        "remittances:flows",
        _("Remittance flows between countries"),
        _("Bilateral remittance estimates: the largest corridors, senders and receivers."),
    ),
)


def _titles(text) -> dict[str, str]:
    en, fr, es = in_every_language(text)
    return {"title": en, "title_fr": fr, "title_es": es}


def tools() -> Iterator[Doc]:
    for key, url_name, title, body in TOOLS:
        yield Doc(
            key=key,
            url=reverse(url_name),
            body=" ".join(in_every_language(body)),
            components=["II"],
            **_titles(title),
        )


def corridors() -> Iterator[Doc]:
    """Each corridor between ISO 3166-1 countries with a cost figure (it has a page)."""
    rows = (
        CostAverage.objects.filter(scope=CostAverage.Scope.CORRIDOR, receiving__isnull=False)
        .select_related("sending", "receiving")
        .order_by("key", "-period")
        .distinct()
    )
    seen = set()
    for row in rows:
        if row.key in seen:
            continue
        seen.add(row.key)
        titles = {}
        for language, field in (("en", "title"), ("fr", "title_fr"), ("es", "title_es")):
            with translation.override(language):
                titles[field] = gettext(
                    "Cost of sending money from %(sending)s to %(receiving)s"
                ) % {"sending": row.sending.name, "receiving": row.receiving.name}
        yield Doc(
            key=row.key,
            url=row.get_absolute_url(),
            body=" ".join(in_every_language(_("remittance cost corridor"))),
            countries=[row.sending.iso3, row.receiving.iso3],
            components=["II"],
            is_sample=row.has_sample,
            **titles,
        )


def register() -> None:
    register_source(SearchSource("tool", _("Tools and dashboards"), tools))
    # Rebuilt when the averages are recomputed (remittances.indicators), not per row.
    register_source(SearchSource("corridor", _("Remittance corridors"), corridors))
