"""Line charts drawn on the server as SVG: no JavaScript, no external library, readable by
screen readers through a title and a description, and always followed on the page by a
table of the same values. Projections are drawn dashed, with their interval as a band."""

import hashlib
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from imdi_portal.core import figures

# Colour-blind-safe palette (Okabe & Ito); each series also gets its own marker.
COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
WIDTH, HEIGHT = 760, 340
LEFT, RIGHT, TOP, BOTTOM = 78, 16, 16, 40


@dataclass
class Series:
    label: str
    points: list[tuple[float, float]]
    projection: list[tuple[int, float, float, float]] = field(default_factory=list)


def _n(value: float) -> str:
    return f"{value:.1f}"


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high]."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks, value = [], start
    while value <= high + step * 0.001:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def short_number(value: float) -> str:
    """A tick label: the portal's one short form of a figure (never scientific notation)."""
    return figures.short(value)


PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM


@dataclass(frozen=True)
class Scale:
    """Where a year and a value fall in the plot area: years [first, last] across, values
    [low, high] (the first and last value ticks) upwards."""

    first: float
    last: float
    ticks: list[float]

    @property
    def low(self) -> float:
        return self.ticks[0]

    @property
    def high(self) -> float:
        return self.ticks[-1]

    def x(self, year: float) -> float:
        # A single year is drawn in the middle.
        span = self.last - self.first
        return LEFT + (
            PLOT_W * (year - self.first) / span if self.last > self.first else PLOT_W / 2
        )

    def y(self, value: float) -> float:
        return TOP + PLOT_H * (1 - (value - self.low) / (self.high - self.low))


def chart_scale(series: list[Series], references: Sequence[tuple[float, str]]) -> Scale:
    """The years and values of every point, projection interval and reference line, with the
    value axis starting at zero or below."""
    years = [y for s in series for y, _v in s.points] + [p[0] for s in series for p in s.projection]
    values = [v for s in series for _y, v in s.points] + [
        b for s in series for p in s.projection for b in (p[2], p[3])
    ]
    values += [value for value, _label in references]
    return Scale(min(years), max(years), nice_ticks(min(0.0, min(values)), max(values)))


def _frame(title: str, description: str) -> SafeString:
    # Ids of their own, so that several charts on a page (a country profile) are each named
    # by their own title; derived from the words, so the same chart keeps the same markup.
    key = hashlib.sha1(f"{title}|{description}".encode(), usedforsecurity=False).hexdigest()[:8]
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="chart-title-{} '
        'chart-desc-{}" xmlns="http://www.w3.org/2000/svg"><title id="chart-title-{}">{}</title>'
        '<desc id="chart-desc-{}">{}</desc>',
        WIDTH,
        HEIGHT,
        key,
        key,
        key,
        title,
        key,
        description,
    )


def _value_ticks(scale: Scale) -> list[SafeString]:
    """A grid line and a label at each value tick."""
    return [
        format_html(
            '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
            '<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>',
            LEFT,
            WIDTH - RIGHT,
            _n(scale.y(tick)),
            _n(scale.y(tick)),
            LEFT - 6,
            _n(scale.y(tick) + 4),
            short_number(tick),
        )
        for tick in scale.ticks
    ]


def _year_ticks(scale: Scale) -> list[SafeString]:
    """A label under every whole year, or every n-th so that there are at most about ten."""
    step = max(1, math.ceil((scale.last - scale.first) / 10))
    return [
        format_html(
            '<text class="tick" x="{}" y="{}" text-anchor="middle">{}</text>',
            _n(scale.x(year)),
            HEIGHT - BOTTOM + 18,
            year,
        )
        for year in range(math.ceil(scale.first), math.floor(scale.last) + 1, step)
    ]


def _coordinates(points: Iterable[tuple[float, float]]) -> str:
    return " ".join(f"{px:.1f},{py:.1f}" for px, py in points)


def _projection_paths(s: Series, colour: str, scale: Scale) -> list[SafeString]:
    """The interval as a band, and the dashed line from the last observed point on."""
    x, y = scale.x, scale.y
    band = [(x(p[0]), y(p[3])) for p in s.projection] + [
        (x(p[0]), y(p[2])) for p in reversed(s.projection)
    ]
    start = [s.points[-1]] if s.points else []
    line = [(x(yr), y(v)) for yr, v in start] + [(x(p[0]), y(p[1])) for p in s.projection]
    return [
        format_html('<polygon class="band" fill="{}" points="{}"/>', colour, _coordinates(band)),
        format_html(
            '<polyline class="projection" stroke="{}" points="{}"/>', colour, _coordinates(line)
        ),
    ]


def _observed_paths(
    s: Series, colour: str, scale: Scale, x_label: Callable[[float], str]
) -> list[SafeString]:
    """The line through the observed points, and a marker with its value at each."""
    x, y = scale.x, scale.y
    line = format_html(
        '<polyline class="observed" stroke="{}" points="{}"/>',
        colour,
        _coordinates((x(yr), y(v)) for yr, v in s.points),
    )
    markers = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="3" fill="{}"><title>{}</title></circle>',
        (
            (_n(x(yr)), _n(y(v)), colour, f"{s.label}, {x_label(yr)}: {v:,.6g}")
            for yr, v in s.points
        ),
    )
    return [line, markers]


def _series_paths(
    series: list[Series], scale: Scale, x_label: Callable[[float], str]
) -> list[SafeString]:
    parts: list[SafeString] = []
    for index, s in enumerate(series):
        colour = COLOURS[index]
        if s.projection:
            parts += _projection_paths(s, colour, scale)
        if s.points:
            parts += _observed_paths(s, colour, scale, x_label)
    return parts


def _reference_lines(scale: Scale, references: Sequence[tuple[float, str]]) -> list[SafeString]:
    return [
        format_html(
            '<line class="reference" x1="{}" x2="{}" y1="{}" y2="{}"/>'
            '<text class="reference-label" x="{}" y="{}" text-anchor="start">{}</text>',
            LEFT,
            WIDTH - RIGHT,
            _n(scale.y(value)),
            _n(scale.y(value)),
            LEFT + 4,
            _n(scale.y(value) - 4),
            label,
        )
        for value, label in references
    ]


def _axis() -> SafeString:
    return format_html(
        '<line class="axis" x1="{}" x2="{}" y1="{}" y2="{}"/></svg>',
        LEFT,
        WIDTH - RIGHT,
        HEIGHT - BOTTOM,
        HEIGHT - BOTTOM,
    )


def _legend(series: list[Series]) -> tuple[SafeString, SafeString | str]:
    """A swatch per series, and the note on projections when any series has one."""
    legend = format_html_join(
        "",
        '<li><svg class="swatch" width="14" height="14" aria-hidden="true">'
        '<rect width="14" height="14" fill="{}"/></svg> {}</li>',
        ((COLOURS[i], s.label) for i, s in enumerate(series)),
    )
    note = ""
    if any(s.projection for s in series):
        note = format_html(
            '<li class="legend-projection">{}</li>',
            _(
                "Dashed line and shaded band: projection with its 95 percent interval, "
                "not observed data."
            ),
        )
    return legend, note


def line_chart(
    series: list[Series],
    *,
    title: str,
    description: str,
    x_label: Callable[[float], str] = str,
    references: Sequence[tuple[float, str]] = (),
) -> SafeString:
    """An accessible SVG line chart of time series (x = year, or year + fraction for quarters,
    named by `x_label`). `references` draws labelled horizontal lines (targets)."""
    series = [s for s in series if s.points or s.projection][: len(COLOURS)]
    if not series:
        return mark_safe("")
    scale = chart_scale(series, references)
    parts = [
        _frame(title, description),
        *_value_ticks(scale),
        *_year_ticks(scale),
        *_series_paths(series, scale, x_label),
        *_reference_lines(scale, references),
        _axis(),
    ]
    legend, note = _legend(series)
    return format_html(
        '<figure class="chart-figure">{}<figcaption><ul class="legend">{}{}</ul></figcaption>'
        "</figure>",
        mark_safe("".join(parts)),
        legend,
        note,
    )


FLOW_HEIGHT, FLOW_GAP, FLOW_TOP, FLOW_LABEL_W = 420, 6, 10, 170


@dataclass
class FlowLayout:
    """Each side's nodes with their totals and stacked positions: name -> [top, next free
    offset], the largest node first; `scale` turns a value into a thickness."""

    left_totals: dict[str, float]
    right_totals: dict[str, float]
    scale: float
    left: dict[str, list[float]]
    right: dict[str, list[float]]


def _flow_layout(links: list[tuple[str, str, float]]) -> FlowLayout:
    left_totals: dict[str, float] = {}
    right_totals: dict[str, float] = {}
    for source, target, value in links:
        left_totals[source] = left_totals.get(source, 0) + value
        right_totals[target] = right_totals.get(target, 0) + value
    total = sum(left_totals.values())
    usable = FLOW_HEIGHT - 2 * FLOW_TOP - FLOW_GAP * max(len(left_totals), len(right_totals))
    scale = usable / total

    def stack(totals: dict[str, float]) -> dict[str, list[float]]:
        y, positions = FLOW_TOP, {}
        for name, value in sorted(totals.items(), key=lambda kv: -kv[1]):
            positions[name] = [y, y]  # start, next free offset
            y += value * scale + FLOW_GAP
        return positions

    return FlowLayout(left_totals, right_totals, scale, stack(left_totals), stack(right_totals))


def _flow_bands(links: list[tuple[str, str, float]], layout: FlowLayout) -> list[SafeString]:
    """One curved band per link, the largest first, each taking its place down both nodes
    (advancing their free offsets in `layout`)."""
    x0, x1 = FLOW_LABEL_W, WIDTH - FLOW_LABEL_W
    left, right = layout.left, layout.right
    colours = {name: COLOURS[i % len(COLOURS)] for i, name in enumerate(left)}  # as the bars
    parts = []
    for source, target, value in sorted(links, key=lambda link: -link[2]):
        thickness = value * layout.scale
        ys = left[source][1] + thickness / 2
        yt = right[target][1] + thickness / 2
        left[source][1] += thickness
        right[target][1] += thickness
        mid = (x0 + x1) / 2
        parts.append(
            format_html(
                '<path class="flow" d="M{} {} C{} {} {} {} {} {}" stroke="{}" '
                'stroke-width="{}" fill="none" opacity=".45"><title>{}</title></path>',
                x0,
                _n(ys),
                _n(mid),
                _n(ys),
                _n(mid),
                _n(yt),
                x1,
                _n(yt),
                colours[source],
                _n(max(thickness, 1)),
                f"{source} → {target}: {short_number(value)}",
            )
        )
    return parts


def _flow_nodes(layout: FlowLayout) -> list[SafeString]:
    """A bar and a name per node: sources labelled on the left, targets on the right."""
    x0, x1 = FLOW_LABEL_W, WIDTH - FLOW_LABEL_W
    parts = []
    for positions, totals, x, anchor, dx in (
        (layout.left, layout.left_totals, x0, "end", -6),
        (layout.right, layout.right_totals, x1, "start", 6),
    ):
        for name, (start, _free) in positions.items():
            h = totals[name] * layout.scale
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="4" height="{}" fill="#333"/>'
                    '<text class="tick" x="{}" y="{}" text-anchor="{}">{}</text>',
                    x - 2,
                    _n(start),
                    _n(max(h, 1)),
                    x + dx,
                    _n(start + h / 2 + 4),
                    anchor,
                    name,
                )
            )
    return parts


# The phone layout of the flow diagram: narrow enough to be drawn at about its own size on a
# 390-pixel screen, so that its 14-unit labels read as 14 pixels. One bar per corridor.
FLOW_PHONE_W, FLOW_PHONE_ROW, FLOW_PHONE_BARS, FLOW_PHONE_VALUE_W = 360, 46, 10, 64


def _flow_phone_chart(
    links: list[tuple[str, str, float]], colours: dict[str, str], *, title: str
) -> SafeString:
    """The largest links as ranked bars, each under its "source → target" label, for screens
    where the two-column diagram's labels would shrink below legibility (CSS picks one)."""
    shown = sorted(links, key=lambda link: -link[2])[:FLOW_PHONE_BARS]
    largest = shown[0][2]
    room = FLOW_PHONE_W - FLOW_PHONE_VALUE_W
    rows = []
    for i, (source, target, value) in enumerate(shown):
        top = i * FLOW_PHONE_ROW
        width = max(value / largest * room, 2)
        rows.append(
            format_html(
                '<g class="flow-bar"><text class="flow-label" x="0" y="{}" font-size="14">'
                "{} → {}</text>"
                '<rect x="0" y="{}" width="{}" height="12" fill="{}"/>'
                '<text class="flow-value" x="{}" y="{}" font-size="13">{}</text></g>',
                top + 16,
                source,
                target,
                top + 23,
                _n(width),
                colours[source],
                _n(width + 6),
                top + 34,
                short_number(value),
            )
        )
    return format_html(
        '<svg class="chart flow-chart-phone" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg">{}</svg>',
        FLOW_PHONE_W,
        len(shown) * FLOW_PHONE_ROW,
        title,
        mark_safe("".join(rows)),
    )


def flow_chart(links: list[tuple[str, str, float]], *, title: str, description: str) -> SafeString:
    """A two-column flow diagram (Sankey-like) of (source, target, value) links: sources on
    the left, targets on the right, each band as thick as its value; with it, for phones, the
    ten largest as ranked bars (`_flow_phone_chart`), shown instead by the stylesheet below
    600 pixels. Decorative for screen readers beyond its title and description: the page
    gives the same links as a table."""
    links = [link for link in links if link[2] > 0]
    if not links:
        return mark_safe("")
    layout = _flow_layout(links)
    colours = {name: COLOURS[i % len(COLOURS)] for i, name in enumerate(layout.left)}
    parts = [
        format_html(
            '<svg class="chart flow-chart" viewBox="0 0 {} {}" role="img" '
            'aria-labelledby="flow-title flow-desc" xmlns="http://www.w3.org/2000/svg">'
            '<title id="flow-title">{}</title><desc id="flow-desc">{}</desc>',
            WIDTH,
            FLOW_HEIGHT,
            title,
            description,
        ),
        *_flow_bands(links, layout),
        *_flow_nodes(layout),
        mark_safe("</svg>"),
        _flow_phone_chart(links, colours, title=title),
    ]
    return format_html(
        '<figure class="chart-figure flow-figure">{}</figure>', mark_safe("".join(parts))
    )
