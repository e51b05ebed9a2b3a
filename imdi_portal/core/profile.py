"""The one-stop country profile is assembled from sections that each app contributes.

An app registers a ProfileSection in its AppConfig.ready(); the profile page renders them in
order. A section's `build(country)` returns the context its template needs, or None when
there is nothing to show yet, in which case the page says so plainly.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class ProfileSection:
    key: str
    order: int
    title: str | Promise
    empty_message: str | Promise
    build: Callable[[Any], dict[str, Any] | None]
    template: str = ""  # renders `data` when build() returned some
    # One-to-one relations of Country the section reads, joined into the page's one country
    # query instead of costing a query each.
    country_joins: tuple[str, ...] = ()
    # Cheap EXISTS subqueries read in the same country query (name -> expression, built when
    # called): a section whose flags are all false skips its own queries.
    country_flags: Callable[[], dict[str, Any]] | None = None
    # When what the section shows last changed (a date or datetime), from its data.
    updated: Callable[[dict[str, Any]], Any] | None = None
    # What that date means, when it is not the section's own records (e.g. statistics).
    updated_label: Any = None


_SECTIONS: dict[str, ProfileSection] = {}


def register_section(section: ProfileSection) -> None:
    _SECTIONS[section.key] = section


def sections() -> list[ProfileSection]:
    return sorted(_SECTIONS.values(), key=lambda s: s.order)


def country_joins() -> list[str]:
    return [name for s in sections() for name in s.country_joins]


def country_flags() -> dict[str, Any]:
    flags: dict[str, Any] = {}
    for s in sections():
        if s.country_flags:
            flags.update(s.country_flags())
    return flags


def flagged_empty(country: Any, *names: str) -> bool:
    """True when the country query said none of these sections' records exist (a country
    read without the flags is never taken as empty)."""
    return all(getattr(country, name, True) is False for name in names)


def build_profile(country: Any) -> list[dict[str, Any]]:
    """One entry per section: the section, its context (None if empty)."""
    entries = []
    for s in sections():
        data = s.build(country)
        updated = s.updated(data) if (data and s.updated) else None
        entries.append({"section": s, "data": data, "updated_text": _updated_text(s, updated)})
    return entries


def _updated_text(section: ProfileSection, updated: Any) -> str:
    if not updated:
        return ""
    from django.utils import timezone
    from django.utils.formats import date_format
    from django.utils.translation import gettext

    if hasattr(updated, "tzinfo"):
        updated = timezone.localtime(updated) if updated.tzinfo else updated
    label = (
        str(section.updated_label)
        if section.updated_label
        else gettext("Last updated on %(date)s.")
    )
    return label % {"date": date_format(updated, "DATE_FORMAT")}


def nothing_published(country: Any) -> None:
    """build() of a section whose app publishes no records for any country yet."""
    return None


def statistics_updated(data: dict[str, Any]) -> Any:
    """`updated` of the sections drawn from the statistical store."""
    from imdi_portal.core.cache import statistics_changed_at

    return statistics_changed_at()
