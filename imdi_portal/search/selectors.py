"""Queries of the search index, shared by the search page, its API and the header's box.

On PostgreSQL: full-text search over the stored tsvector (GIN index), ranked by ts_rank on
the titles. Elsewhere (SQLite) every word must appear in the title or body (LIKE), titles
first.
"""

from typing import Any

from django.db import connection
from django.db.models import Count, F, Q, QuerySet

from imdi_portal.core.text_search import words_filter
from imdi_portal.search.models import SearchDocument
from imdi_portal.search.services import LANGUAGE_CONFIGS


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
    words = text.split()[:12]
    documents = SearchDocument.objects.all()
    if not words:
        return documents.none()
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank

        config = LANGUAGE_CONFIGS.get(language, "english")
        query = SearchQuery(text, config="simple", search_type="websearch") | SearchQuery(
            text, config=config, search_type="websearch"
        )
        return (
            documents.filter(search_vector=query)
            .annotate(rank=SearchRank(F("title_vector"), query))
            .order_by("-rank", "title")
            .defer("search_vector", "title_vector")
        )
    matched = words_filter(documents, text, ("title", "title_fr", "title_es", "body"), max_words=12)
    return matched.order_by("title").defer("search_vector", "title_vector")
