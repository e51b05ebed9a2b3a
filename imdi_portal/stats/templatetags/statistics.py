"""Readable names for the breakdown codes of the statistical store."""

from django import template

from imdi_portal.stats.breakdowns import age_label, breakdown_label

register = template.Library()


@register.filter
def age_name(code: str) -> str:
    return age_label(code) if code else ""


@register.filter
def breakdown_name(code: str) -> str:
    return breakdown_label(code) if code else ""
