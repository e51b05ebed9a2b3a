"""Queries of the search index, shared by the search page, its API and the header's box.

Words are read by search.text (accents and case folded, light stems), matched on the
normalised text on both databases; PostgreSQL adds its English, French and Spanish
full-text configurations (GIN index) and ranks by ts_rank on the titles. A query that finds
nothing may be corrected for typos (typo_corrected); results show a snippet with the words
found marked (snippet).
"""

import re
from typing import Any

from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, When
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from imdi_portal.core.models import Country
from imdi_portal.search.models import SearchDocument
from imdi_portal.search.services import LANGUAGE_CONFIGS
from imdi_portal.search.text import (
    STOP_WORDS,
    SUFFIXES,
    closest,
    fold,
    normalise,
    query_stems,
)


def search(
    text: str,
    *,
    language: str = "en",
    kind: str = "",
    country: str = "",
    component: str = "",
) -> tuple[QuerySet[SearchDocument], dict[str, Any]]:
    """(ranked results, facet counts) for the words in `text` and the chosen facets."""
    matched = _match(text, language)
    facets = _facets(matched)
    results = matched
    if kind:
        results = results.filter(kind=kind)
    if country:
        results = results.filter(countries__contains=f",{country.upper()},")
    if component:
        results = results.filter(components__contains=f",{component},")
    return results, facets


COMPONENTS = ("I", "II", "III")


def _facets(matched: QuerySet[SearchDocument]) -> dict[str, Any]:
    """Counts per kind and per component of everything matched, in one query."""
    component_counts = {
        f"c_{code}": Count("id", filter=Q(components__contains=f",{code},")) for code in COMPONENTS
    }
    rows = list(matched.order_by().values("kind").annotate(n=Count("id"), **component_counts))
    return {
        "kinds": {row["kind"]: row["n"] for row in rows},
        "components": {code: sum(row[f"c_{code}"] for row in rows) for code in COMPONENTS},
        "total": sum(row["n"] for row in rows),
    }


def _match(text: str, language: str) -> QuerySet[SearchDocument]:
    """Every stem of the words typed found in the normalised text (search.text), on both
    databases; on PostgreSQL also what the language's full-text configuration matches (its
    Snowball stemmer). Ranked: the country named by the text first, then titles holding every
    word, then (PostgreSQL) full-text rank, then title."""
    stems = query_stems(text)
    documents = SearchDocument.objects.all()
    if not stems:
        return documents.none()
    found = Q()
    for word in stems:
        found &= Q(plain__contains=word)
    in_title, as_words = Q(), Q()
    endings = "|".join(SUFFIXES)
    for word in stems:
        in_title &= Q(plain_title__contains=word)
        # The word itself in the title ("nursing", "nurses"), not a longer one ("nursery").
        as_words &= Q(plain_title__regex=rf"(^| ){re.escape(word)}({endings})?( |$)")
    order: list[Any] = [
        Case(When(_country_named(text), then=0), default=1, output_field=IntegerField()),
        Case(When(as_words, then=0), default=1, output_field=IntegerField()),
        Case(When(in_title, then=0), default=1, output_field=IntegerField()),
    ]
    # A quoted phrase or an excluded word ("-worker") is web-search syntax: on PostgreSQL the
    # full-text query alone then decides, so that the exclusion holds.
    syntax = '"' in text or re.search(r"(^|\s)-\w", text) is not None
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank

        config = LANGUAGE_CONFIGS.get(language, "english")
        folded = fold(text)
        query = SearchQuery(folded, config="simple", search_type="websearch") | SearchQuery(
            folded, config=config, search_type="websearch"
        )
        matched = Q(search_vector=query) if syntax else found | Q(search_vector=query)
        documents = documents.filter(matched).annotate(rank=SearchRank(F("title_vector"), query))
        order.append(F("rank").desc())
    else:
        documents = documents.filter(found)
    return documents.order_by(*order, "title").defer(
        "search_vector", "title_vector", "plain", "plain_title"
    )


def _country_named(text: str) -> Q:
    """The country profile whose name in one of the languages, or ISO3 code, is the whole
    text ("Malaysia", "malaisie", "MYS")."""
    plain = normalise(text)
    if not plain:
        return Q(pk__in=[])
    names = Country.objects.values_list("iso3", "name_en", "name_fr", "name_es")
    named = [iso3 for iso3, *both in names if plain in {normalise(n) for n in both if n}]
    return Q(kind="country") & Q(key__in=[*named, plain.upper()])


def typo_corrected(text: str) -> str | None:
    """The text with each word not in the index replaced by the closest word of its titles,
    for a search that found nothing (None when nothing can be corrected)."""
    words = normalise(text).split()[:12]
    vocabulary: set[str] = set()
    for title in SearchDocument.objects.values_list("plain_title", flat=True).iterator():
        vocabulary.update(w for w in title.split() if len(w) > 2)
    corrected = []
    for word in words:
        if word in vocabulary or len(word) < 4 or word in STOP_WORDS:
            corrected.append(word)
        else:
            corrected.append(closest(word, vocabulary) or word)
    return " ".join(corrected) if corrected != words else None


def snippet(body: str, text: str, *, width: int = 30) -> SafeString:
    """About `width` words of `body` around the first word that matches the query, the
    matching words marked (<mark>), everything escaped."""
    stems = [s for s in query_stems(text) if len(s) > 1]
    words = body.split()
    if not words:
        return SafeString("")

    def hit(word: str) -> bool:
        plain = normalise(word)
        return any(s in plain for s in stems)

    first = next((i for i, w in enumerate(words) if hit(w)), 0)
    start = max(0, first - width // 3)
    window = words[start : start + width]
    parts = [format_html("<mark>{}</mark>", w) if hit(w) else escape(w) for w in window]
    prefix = "… " if start else ""
    suffix = " …" if start + width < len(words) else ""
    return mark_safe(prefix + " ".join(parts) + suffix)
