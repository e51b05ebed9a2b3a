"""A world map drawn on the server as SVG, from Natural Earth's 1:110m country boundaries
(public domain) as redistributed in TopoJSON by the world-atlas package (ISC licence), shipped
in static/vendor/world-atlas/. No tile server, no JavaScript.

Projection: equirectangular (longitude and latitude as x and y), cut at 58°S: simple, and
honest about areas only roughly, which a choropleth of shares and rates does not need.
Countries are matched on their ISO 3166-1 numeric code (the portal's `m49` field).
"""

import json
import math
from collections.abc import Callable
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


Point = tuple[float, float]


def _unwrap(points: list[Point]) -> list[Point]:
    """Make a ring continuous in longitude: a step of more than 180° is the ring crossing the
    antimeridian (Natural Earth's Russia, Fiji), so shift what follows by a full turn. Chukotka
    then lies at 190°E instead of -170°, next to the rest of Russia. A ring around a pole
    (Antarctica) ends a turn away from where it started: close it along the map's edge."""
    unwrapped: list[Point] = []
    shift = 0.0
    for lon, lat in points:
        if unwrapped:
            step = lon + shift - unwrapped[-1][0]
            if step > 180:
                shift -= 360
            elif step < -180:
                shift += 360
        unwrapped.append((lon + shift, lat))
    if unwrapped and abs(unwrapped[-1][0] - unwrapped[0][0]) > 180:
        pole = NORTH if sum(lat for _lon, lat in unwrapped) > 0 else SOUTH
        unwrapped += [(unwrapped[-1][0], pole), (unwrapped[0][0], pole)]
    return unwrapped


def _clip(
    points: list[Point], keep: Callable[[Point], bool], cross: Callable[[Point, Point], Point]
) -> list[Point]:
    """One step of Sutherland-Hodgman: the part of a ring on the kept side of a meridian."""
    clipped: list[Point] = []
    for i, current in enumerate(points):
        previous = points[i - 1]
        if keep(current):
            if not keep(previous):
                clipped.append(cross(previous, current))
            clipped.append(current)
        elif keep(previous):
            clipped.append(cross(previous, current))
    return clipped


def _meridian(lon: float) -> Callable[[Point, Point], Point]:
    """Where the segment from a to b meets the meridian `lon`."""

    def cross(a: Point, b: Point) -> Point:
        t = (lon - a[0]) / (b[0] - a[0])
        return lon, a[1] + t * (b[1] - a[1])

    return cross


def split_at_antimeridian(points: list[Point]) -> list[list[Point]]:
    """A ring as pieces that each lie within -180°..180°: unwrapped, then clipped to the map
    once as it is and once moved by a full turn, so that what reached past 180° comes back
    in on the other side. A ring that does not cross comes back whole."""
    ring = _unwrap(points)
    lons = [lon for lon, _lat in ring]
    pieces = []
    for turn in (-360.0, 0.0, 360.0):
        if max(lons) + turn <= -180 or min(lons) + turn >= 180:
            continue
        moved = [(lon + turn, lat) for lon, lat in ring]
        if min(lons) + turn >= -180 and max(lons) + turn <= 180:
            pieces.append(moved)
            continue
        moved = _clip(moved, lambda p: p[0] >= -180, _meridian(-180))
        moved = _clip(moved, lambda p: p[0] <= 180, _meridian(180))
        if len(moved) > 2:
            pieces.append(moved)
    return pieces


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
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes: list[int]) -> str:
        points: list[Point] = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        return "".join(
            "M" + "L".join("{:.1f},{:.1f}".format(*_xy(lon, lat)) for lon, lat in piece) + "Z"
            for piece in split_at_antimeridian(points)
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
    """Upper bounds of quantile classes (the last is the maximum), each bound once: with few
    or equal values there are fewer classes, never an empty or overlapping one."""
    ordered = sorted(values)
    return sorted(
        {
            ordered[min(len(ordered) - 1, math.ceil(len(ordered) * (i + 1) / classes) - 1)]
            for i in range(classes)
        }
    )


def class_colours(count: int) -> list[str]:
    """`count` colours spread over the palette, the darkest for the highest class."""
    if count <= 1:
        return CLASSES[-1:]
    last = len(CLASSES) - 1
    return [CLASSES[round(i * last / (count - 1))] for i in range(count)]


def choropleth(values: dict[str, tuple[str, float]], *, title: str) -> SafeString:
    """values: ISO numeric code -> (country name, value). Quantile classes, a legend, and a
    tooltip per country; the page gives the same figures as a ranked table."""
    paths = country_paths()
    numbers = [v for _name, v in values.values()]
    breaks = class_breaks(numbers) if numbers else []
    colours = class_colours(len(breaks))

    def colour(value: float) -> str:
        return next(colours[i] for i, bound in enumerate(breaks) if value <= bound)

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
                colours[i],
                short_number(high)
                if low == high
                else _("%(low)s to %(high)s")
                % {"low": short_number(low), "high": short_number(high)},
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
