"""Panels that other apps add to the labour-market pages, the way they add sections to the
country profile: an app that labour_market may not import (mobility sits above it) registers
a Panel from its apps.py; the page renders the panels of its name in order.

Pages: "index" (the overview, build() takes no argument) and "matching" (the matching of a
destination, build(destination=..., groups=...) with the ISCO-08 major groups of its
shortage occupations). build() returns the template's context, or None to show nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Panel:
    key: str
    page: str
    template: str
    build: Callable[..., dict[str, Any] | None]
    order: int = 50


_PANELS: dict[tuple[str, str], Panel] = {}


def register_panel(panel: Panel) -> None:
    _PANELS[(panel.page, panel.key)] = panel


def panels(page: str, **kwargs: Any) -> list[dict[str, Any]]:
    """The panels of `page` that have something to show: [{"template", "data"}]."""
    shown = []
    for panel in sorted((p for p in _PANELS.values() if p.page == page), key=lambda p: p.order):
        data = panel.build(**kwargs)
        if data:
            shown.append({"key": panel.key, "template": panel.template, "data": data})
    return shown
