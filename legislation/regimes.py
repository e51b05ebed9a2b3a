"""The regimes that let a national of one country work in another, before any permit.

Two sources, in this order:

1. Free-movement areas, from `legislation/data/free_movement.json`: member lists with the
   official pages they come from and the date they were checked. A regime applies
   `among` the members of its groups (any two of them) or `between` two groups (one
   party in each). The sentences shown to readers are here, to be translated.
2. Agreements recorded in the database (`Agreement`) to which both countries are parties.

Nothing else is inferred: a pair of countries without either gets no regime, and the
finder then shows the destination's permit categories only.
"""

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from legislation.models import Agreement

DATA_FILE = Path(__file__).parent / "data" / "free_movement.json"

# What each free-movement regime of the data file is called and what it means for a
# worker; the keys are those of the file.
FREE_MOVEMENT_TEXT = {
    "eu_eea": (
        _("Free movement of workers in the European Union and the European Economic Area"),
        _(
            "You do not need a work permit: you may take up a job on the same terms as "
            "nationals. You may have to register your residence after three months."
        ),
    ),
    "eu_switzerland": (
        _("Agreement between the European Union and Switzerland on the free movement of persons"),
        _(
            "You do not need a work permit, but you need a residence permit, which is "
            "granted under the agreement, or a registration for short jobs."
        ),
    ),
    "efta": (
        _("Free movement of persons under the EFTA Convention"),
        _(
            "You do not need a work permit, but you need a residence permit, which is "
            "granted under the Convention."
        ),
    ),
}

# Said with any free-movement regime when the destination is this country.
DESTINATION_NOTES = {
    "LIE": _("Liechtenstein applies special rules to the residence of nationals of the area."),
}


@dataclass(frozen=True)
class Regime:
    """A regime that applies to a national of one country in another."""

    title: str
    effect: str
    kind: str  # "free_movement" for the data file's regimes, else Agreement.Kind
    kind_label: str
    sources: list[str] = field(default_factory=list)
    as_of: str = ""  # when the data file's member lists were checked
    signed_year: int | None = None
    waives_permit: bool = False
    is_sample: bool = False


@cache
def _data() -> dict[str, Any]:
    with DATA_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


def _members(group_keys: list[str]) -> set[str]:
    groups = _data()["groups"]
    return {iso3 for key in group_keys for iso3 in groups[key]["members"]}


def _applies(regime: dict[str, Any], nationality: str, destination: str) -> bool:
    if "among" in regime:
        members = _members(regime["among"])
        return nationality in members and destination in members
    side_a, side_b = (_members([key]) for key in regime["between"])
    return (nationality in side_a and destination in side_b) or (
        nationality in side_b and destination in side_a
    )


def _sources(regime: dict[str, Any]) -> list[str]:
    """The regime's legal sources, then the official lists of its members."""
    groups = _data()["groups"]
    found = list(regime["sources"])
    for key in regime.get("among", regime.get("between", [])):
        if groups[key]["source"] not in found:
            found.append(groups[key]["source"])
    return found


def free_movement_regimes(*, nationality: str, destination: str) -> list[Regime]:
    """The free-movement regimes of the data file that apply, by ISO alpha-3 codes."""
    data = _data()
    found = []
    for regime in data["regimes"]:
        if nationality == destination or not _applies(regime, nationality, destination):
            continue
        title, effect = FREE_MOVEMENT_TEXT[regime["key"]]
        note = DESTINATION_NOTES.get(destination)
        found.append(
            Regime(
                title=str(title),
                effect=f"{effect} {note}" if note else str(effect),
                kind=Agreement.Kind.FREE_MOVEMENT,
                kind_label=str(Agreement.Kind.FREE_MOVEMENT.label),
                sources=_sources(regime),
                as_of=data["as_of"],
                waives_permit=True,
            )
        )
    return found


def agreement_regimes(*, nationality: Any, destination: Any) -> list[Regime]:
    """Agreements in the database to which both countries are parties, newest first."""
    agreements = (
        Agreement.objects.filter(countries=nationality)
        .filter(countries=destination)
        .distinct()
        .order_by("-signed_year", "title")
    )
    return [
        Regime(
            title=agreement.title,
            effect=agreement.summary,
            kind=agreement.kind,
            kind_label=agreement.get_kind_display(),
            sources=[agreement.url] if agreement.url else [],
            signed_year=agreement.signed_year,
            is_sample=agreement.is_sample,
        )
        for agreement in agreements
    ]


def regimes_for(*, nationality: Any, destination: Any) -> list[Regime]:
    """Every regime that applies to a national of `nationality` in `destination` (Country
    rows): free movement first, then the agreements between the two countries."""
    return [
        *free_movement_regimes(nationality=nationality.iso3, destination=destination.iso3),
        *agreement_regimes(nationality=nationality, destination=destination),
    ]
