"""Content shown in English on French and Spanish pages, said so (imdi_portal.core.translation):
{% load translated %}, then

    {% translated_text obj "title" %}
        the text in the page's language; where that is the English fallback, wrapped in
        <span lang="en"> and followed by a short note in the reader's language. Options:
        note=False inside a list or section that has one note of its own (below),
        linebreaks=True for texts with line breaks.

    {% untranslated_note objects "title" %}
    {% untranslated_note category "name" "summary" category.requirements.all "text" kind="page" %}
        one note for a list or section (kind="list", the default) or the page (kind="page"),
        shown only when one of the fields named after each object, or each object of a list,
        is shown in English. Nothing on English pages.
"""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape, format_html

from imdi_portal.core import translation

register = template.Library()


@register.simple_tag
def translated_text(obj, field: str, note: bool = True, linebreaks: bool = False):
    text, fallback = translation.translated(obj, field)
    shown = linebreaksbr(text) if linebreaks else conditional_escape(text)
    if not fallback:
        return shown
    if not note:
        return format_html('<span lang="en">{}</span>', shown)
    return format_html(
        '<span lang="en">{}</span> <small class="untranslated-note">{}</small>',
        shown,
        translation.untranslated_note("text"),
    )


@register.simple_tag
def untranslated_note(*args, kind: str = "list"):
    if not translation.any_fallback(_sources(args)):
        return ""
    return format_html(
        '<p class="untranslated-note" role="note">{}</p>', translation.untranslated_note(kind)
    )


def _sources(args) -> list:
    """(object, fields) pairs from `obj "field" "field" other_obj "field"`."""
    sources: list = []
    for arg in args:
        if arg == "":  # an unknown variable: nothing to check
            continue
        if isinstance(arg, str) and sources:
            sources[-1][1].append(arg)
        elif not isinstance(arg, str):
            sources.append((arg, []))
    return sources
