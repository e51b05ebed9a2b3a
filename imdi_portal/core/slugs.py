"""Slugs for records that editors and applicants name: readable, and unique in their table."""

from django.db import models
from django.utils.text import slugify


def unique_slug(
    model: type[models.Model], text: str, *, length: int = 70, fallback: str = ""
) -> str:
    """The slug of `text` cut to `length`, with "-2", "-3", ... added until no row of `model`
    has it. A text with nothing to slugify (only symbols) gives `fallback` or the model's name.

    Unique at the time of the call; the column's unique constraint stays the guard against a
    concurrent insert of the same name.
    """
    base = slugify(text)[:length] or fallback or model._meta.model_name
    slug, n = base, 1
    while model._default_manager.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
