"""A world map drawn on the server as SVG, from Natural Earth's 1:110m country boundaries
(public domain) as redistributed in TopoJSON by the world-atlas package (ISC licence), shipped
in static/vendor/world-atlas/. No tile server, no JavaScript.

Projection: equirectangular (longitude and latitude as x and y), cut at 58°S: simple, and
honest about areas only roughly, which a choropleth of shares and rates does not need.
Countries are matched on their ISO 3166-1 numeric code (the portal's `m49` field).
"""

import json
import math
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from imdi_portal.stats.charts import short_number

TOPOLOGY = Path(settings.BASE_DIR) / "static" / "vendor" / "world-atlas" / "countries-110m.json"
WIDTH, HEIGHT = 960, 440
NORTH, SOUTH = 84.0, -58.0
ANTARCTICA = "010"
# Sequential palette, light to dark (ColorBrewer "Blues", 5 classes).
CLASSES = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"]
NO_DATA = "#d9d9d9"


def _xy(lon: float, lat: float) -> tuple[float, float]:
    lat = max(SOUTH, min(NORTH, lat))
    return (lon + 180) * WIDTH / 360, (NORTH - lat) * HEIGHT / (NORTH - SOUTH)


@lru_cache(maxsize=1)
def country_paths() -> dict[str, str]:
    """ISO numeric code -> SVG path data, computed once per process."""
    topology = json.loads(TOPOLOGY.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:  # delta-encoded, quantized positions
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append(_xy(x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes: list[int]) -> str:
        points: list[tuple[float, float]] = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        # Rings that cross the antimeridian (Russia, Fiji) jump across the whole map: cut them
        # there into pieces, each closed on itself, instead of drawing a line across.
        pieces: list[list[tuple[float, float]]] = [[]]
        for point in points:
            if pieces[-1] and abs(point[0] - pieces[-1][-1][0]) > WIDTH / 2:
                pieces.append([])
            pieces[-1].append(point)
        return "".join(
            "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in piece) + "Z"
            for piece in pieces
            if len(piece) > 2
        )

    paths = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = geometry.get("id")
        if not code or code == ANTARCTICA:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        paths[code] = "".join(ring(r) for polygon in polygons for r in polygon)
    return paths


def class_breaks(values: list[float], classes: int = len(CLASSES)) -> list[float]:
    """Upper bounds of quantile classes (the last is the maximum)."""
    ordered = sorted(values)
    return [
        ordered[min(len(ordered) - 1, math.ceil(len(ordered) * (i + 1) / classes) - 1)]
        for i in range(classes)
    ]


def choropleth(values: dict[str, tuple[str, float]], *, title: str) -> SafeString:
    """values: ISO numeric code -> (country name, value). Quantile classes, a legend, and a
    tooltip per country; the page gives the same figures as a ranked table."""
    paths = country_paths()
    numbers = [v for _name, v in values.values()]
    breaks = class_breaks(numbers) if numbers else []

    def colour(value: float) -> str:
        return next(CLASSES[i] for i, bound in enumerate(breaks) if value <= bound)

    shapes = []
    for code, path in paths.items():
        if code in values:
            name, value = values[code]
            shapes.append((path, colour(value), f"{name}: {value:,.6g}"))
        else:
            shapes.append((path, NO_DATA, ""))
    body = format_html_join(
        "",
        '<path d="{}" fill="{}">{}</path>',
        (
            (path, fill, format_html("<title>{}</title>", label) if label else "")
            for path, fill, label in shapes
        ),
    )
    lows = [min(numbers), *breaks[:-1]] if numbers else []
    legend = format_html_join(
        "",
        '<li><svg class="swatch" width="14" height="14" aria-hidden="true"><rect width="14" '
        'height="14" fill="{}" stroke="#777"/></svg> {}</li>',
        (
            (
                CLASSES[i],
                _("%(low)s to %(high)s") % {"low": short_number(low), "high": short_number(high)},
            )
            for i, (low, high) in enumerate(zip(lows, breaks, strict=True))
        ),
    )
    no_data = format_html(
        '<li><svg class="swatch" width="14" height="14" aria-hidden="true"><rect width="14" '
        'height="14" fill="{}" stroke="#777"/></svg> {}</li>',
        NO_DATA,
        _("No data"),
    )
    return format_html(
        '<figure class="chart-figure map-figure"><svg class="worldmap" viewBox="0 0 {} {}" '
        'role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">{}</svg>'
        '<figcaption><ul class="legend">{}{}</ul></figcaption></figure>',
        WIDTH,
        HEIGHT,
        title,
        body,
        legend,
        no_data,
    )
