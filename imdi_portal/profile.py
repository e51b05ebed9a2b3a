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


_SECTIONS: dict[str, ProfileSection] = {}


def register_section(section: ProfileSection) -> None:
    _SECTIONS[section.key] = section


def sections() -> list[ProfileSection]:
    return sorted(_SECTIONS.values(), key=lambda s: s.order)


def country_joins() -> list[str]:
    return [name for s in sections() for name in s.country_joins]


def build_profile(country: Any) -> list[dict[str, Any]]:
    """One entry per section: the section, its context (None if empty)."""
    return [{"section": s, "data": s.build(country)} for s in sections()]


def nothing_published(country: Any) -> None:
    """build() of a section whose app publishes no records for any country yet."""
    return None
