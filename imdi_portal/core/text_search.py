"""The free-text box of the list pages (`q`, `search`, `name`): what the reader typed, matched
against several columns of the list's model.

Two ways of reading the text, both through `any_field`:

- `words_filter`: every word must be found in one of the columns, in any order (the
  gateway, the directory, the global search's SQLite fallback);
- `phrase_filter`: the text as typed, in one of the columns (a country's name or code, an
  occupation's title or code, a project's title or reference, an enterprise's name), where
  the box asks for a name rather than for words.

A column is named as in `filter()`: a plain name is matched with `icontains`; a name ending
in one of LOOKUPS (`iso3__iexact`) is used as given; a function of the text returning a Q
covers a column that may be searched only on a condition (a person's name with consent).
Matching is the database's `icontains`, as the pages always matched: case-insensitive (on
SQLite for ASCII letters only) and sensitive to accents. Folding accents (PostgreSQL's
unaccent) would change results and is not done here.
"""

from collections.abc import Callable, Sequence
from typing import TypeVar

from django.db.models import Model, Q, QuerySet

M = TypeVar("M", bound=Model)
Field = str | Callable[[str], Q]
LOOKUPS = ("iexact", "istartswith", "icontains")
MAX_WORDS = 8


def any_field(text: str, fields: Sequence[Field]) -> Q:
    """`text` in at least one of `fields` (see the module's docstring for how they are named)."""
    match = Q()
    for field in fields:
        if callable(field):
            match |= field(text)
        elif field.rsplit("__", 1)[-1] in LOOKUPS:
            match |= Q(**{field: text})
        else:
            match |= Q(**{f"{field}__icontains": text})
    return match


def words_filter(
    queryset: QuerySet[M], text: str, fields: Sequence[Field], *, max_words: int = MAX_WORDS
) -> QuerySet[M]:
    """The rows in which each of the first `max_words` words of `text` is found in one of
    `fields` (a word may match one column, the next word another). No words: all rows.

    One filter() per word, so that over a to-many relation each word may match a different
    related row."""
    for word in text.split()[:max_words]:
        queryset = queryset.filter(any_field(word, fields))
    return queryset


def phrase_filter(queryset: QuerySet[M], text: str, fields: Sequence[Field]) -> QuerySet[M]:
    """The rows in which `text`, stripped, is found as typed in one of `fields`. Blank: all
    rows."""
    text = text.strip()
    return queryset.filter(any_field(text, fields)) if text else queryset
