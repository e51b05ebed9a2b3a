"""Template filters for figures (imdi_portal.core.figures): {% load figures %}, then
{{ value|usd }}, {{ value|usd_millions }}, {{ value|whole }}, {{ value|percent }} (or
{{ value|percent:2 }}) and {{ value|by_unit:indicator.unit }}."""

from django import template

from imdi_portal.core import figures

register = template.Library()


@register.filter
def usd(value):
    return figures.usd(_number(value))


@register.filter
def usd_millions(value):
    return figures.usd(_number(value), millions=True)


@register.filter
def whole(value):
    return figures.whole(_number(value))


@register.filter
def percent(value, places=1):
    return figures.percent(_number(value), int(places))


@register.filter
def by_unit(value, unit):
    return figures.by_unit(_number(value), unit or "")


def _number(value) -> float | None:
    if value is None or value == "":
        return None
    return float(value)
