"""The server-drawn SVG charts (imdi_portal.charts), checked against coordinates worked out by
hand from the chart's geometry: a 760 x 340 viewBox with a plot area from x = 78 to
x = 760 - 16 = 744 (666 wide) and from y = 16 to y = 340 - 40 = 300 (284 high)."""

import re

from imdi_portal.stats.charts import Series, chart_scale, flow_chart, line_chart, nice_ticks


def _chart(**kwargs) -> str:
    # 2000 -> 0, 2005 -> 5, 2010 -> 10: value ticks 0, 2, ..., 10, so 0 is at the bottom of
    # the plot area (y = 300) and 10 at its top (y = 16).
    series = [Series("Cost", [(2000, 0.0), (2005, 5.0), (2010, 10.0)])]
    return str(line_chart(series, title="Title", description="Description", **kwargs))


def test_value_ticks_are_round_numbers_covering_the_values():
    assert nice_ticks(0, 10) == [0, 2, 4, 6, 8, 10]
    assert nice_ticks(0, 7.2) == [0, 2, 4, 6, 8]


def test_the_scale_maps_the_first_and_last_points_to_the_plot_corners():
    scale = chart_scale([Series("Cost", [(2000, 0.0), (2010, 10.0)])], [])
    assert (scale.x(2000), scale.y(0)) == (78, 300)
    assert (scale.x(2010), scale.y(10)) == (744, 16)
    assert (scale.x(2005), scale.y(5)) == (411, 158)  # 78 + 666 / 2, 16 + 284 / 2


def test_the_svg_draws_the_points_where_worked_out_by_hand():
    svg = _chart()
    assert '<svg class="chart" viewBox="0 0 760 340"' in svg
    assert 'points="78.0,300.0 411.0,158.0 744.0,16.0"' in svg
    markers = re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', svg)
    assert markers == [("78.0", "300.0"), ("411.0", "158.0"), ("744.0", "16.0")]
    assert "<title>Cost, 2005: 5</title>" in svg


def test_the_axes_label_every_year_and_every_value_tick():
    svg = _chart()
    years = re.findall(r'<text class="tick" x="([\d.]+)" y="318" text-anchor="middle">(\d+)<', svg)
    assert years[0] == ("78.0", "2000") and years[5] == ("411.0", "2005")
    assert years[-1] == ("744.0", "2010") and len(years) == 11
    # The tick for 4 is 4/10 of the way up: 300 - 0.4 * 284 = 186.4; its label 4 lower.
    assert '<line class="grid" x1="78" x2="744" y1="186.4" y2="186.4"/>' in svg
    assert '<text class="tick" x="72" y="190.4" text-anchor="end">4</text>' in svg


def test_a_reference_line_is_drawn_at_its_value_with_its_label_above():
    svg = _chart(references=[(5.0, "5 percent ceiling")])
    assert '<line class="reference" x1="78" x2="744" y1="158.0" y2="158.0"/>' in svg
    assert 'x="82" y="154.0" text-anchor="start">5 percent ceiling</text>' in svg


def test_a_projection_starts_at_the_last_observed_point_with_its_band():
    series = [Series("Stock", [(2000, 0.0)], projection=[(2010, 5.0, 4.0, 10.0)])]
    svg = str(line_chart(series, title="t", description="d"))
    # The band runs along the upper bound (10 -> y 16) and back along the lower (4 -> 186.4).
    assert 'points="744.0,16.0 744.0,186.4"' in svg
    assert 'class="projection" stroke="#0072B2" points="78.0,300.0 744.0,158.0"' in svg
    assert "projection with its 95 percent interval" in svg


def test_a_single_year_is_drawn_in_the_middle():
    svg = str(line_chart([Series("One", [(2020, 10.0)])], title="t", description="d"))
    assert 'points="411.0,16.0"' in svg


def test_no_data_draws_no_chart():
    assert line_chart([Series("Empty", [])], title="t", description="d") == ""
    assert flow_chart([("A", "B", 0)], title="t", description="d") == ""


def test_a_flow_band_is_as_thick_as_its_share_of_the_height():
    # One link: 420 high, 10 above and below, one gap of 6 -> 394 for the whole flow; the band
    # runs from x 170 to 760 - 170 = 590 at half its thickness below the top (10 + 197).
    svg = str(flow_chart([("Sender", "Receiver", 50.0)], title="t", description="d"))
    assert 'd="M170 207.0 C380.0 207.0 380.0 207.0 590 207.0"' in svg
    assert 'stroke-width="394.0"' in svg
    assert '<rect x="168" y="10.0" width="4" height="394.0" fill="#333"/>' in svg


def test_the_flow_diagram_has_a_phone_layout_of_ranked_bars():
    links = [(f"Sender {i}", f"Receiver {i}", float(100 - i)) for i in range(15)]
    svg = str(flow_chart(links, title="Largest corridors", description="d"))
    phone = svg[svg.index('<svg class="chart flow-chart-phone"') :]
    # Ten bars, largest first, each labelled "source → target" at 14 units in a 360-unit-wide
    # drawing: about 14 pixels on a 390-pixel phone.
    assert phone.startswith('<svg class="chart flow-chart-phone" viewBox="0 0 360 460"')
    assert 'aria-label="Largest corridors"' in phone
    assert phone.count('<g class="flow-bar">') == 10
    assert phone.count('font-size="14">') == 10
    assert phone.index("Sender 0 → Receiver 0") < phone.index("Sender 9 → Receiver 9")
    assert "Sender 10" not in phone
    assert '<rect x="0" y="23" width="296.0" height="12"' in phone  # the largest: full width
    assert svg.count("<figure") == 1 and 'class="chart flow-chart"' in svg
