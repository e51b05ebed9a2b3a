"""The one search box of the portal.

Each app registers SearchSources (in its AppConfig.ready): a kind, a label and a function
yielding Doc rows for everything of that kind the public may see. `search_index_rebuild`
replaces the rows of the kinds asked for, in one transaction; saves of a source's models
queue a rebuild of that kind after the commit (imdi_portal.tasks), and `rebuild_search_index`
rebuilds everything.

Queries: on PostgreSQL, full-text search over a stored tsvector built with the 'simple'
configuration (every language, no stemming) plus the English, French and Spanish ones
(stems), weighted title A / body B, ranked by ts_rank, with a GIN index. Elsewhere (SQLite)
every word must appear in the title or body (LIKE), titles first.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, Q, QuerySet
from django.db.models.signals import post_delete, post_save
from django.utils.functional import Promise

from imdi_portal.models import SearchDocument

LANGUAGE_CONFIGS = {"en": "english", "fr": "french", "es": "spanish"}


@dataclass
class Doc:
    key: str
    title: str
    url: str
    body: str = ""
    countries: Iterable[str] = ()
    components: Iterable[str] = ()
    is_sample: bool = False
    title_fr: str = ""
    title_es: str = ""


@dataclass(frozen=True)
class SearchSource:
    kind: str
    label: str | Promise
    documents: Callable[[], Iterator[Doc]]
    models: tuple[type, ...] = field(default_factory=tuple)


_SOURCES: dict[str, SearchSource] = {}


def register_source(source: SearchSource) -> None:
    _SOURCES[source.kind] = source
    for model in source.models:
        post_save.connect(
            _changed,
            sender=model,
            weak=False,
            dispatch_uid=f"search-{source.kind}-{model.__name__}",
        )
        post_delete.connect(
            _changed,
            sender=model,
            weak=False,
            dispatch_uid=f"search-del-{source.kind}-{model.__name__}",
        )


def sources() -> dict[str, SearchSource]:
    return dict(_SOURCES)


def kinds_for(model: type) -> list[str]:
    return [s.kind for s in _SOURCES.values() if model in s.models]


def _changed(sender, **kwargs) -> None:
    """Queue a rebuild of the kinds this model feeds, once the transaction commits (nothing
    is queued for a transaction that rolls back)."""
    from imdi_portal.tasks import enqueue, rebuild_search_index_task

    kinds = kinds_for(sender)
    if kinds:
        enqueue(rebuild_search_index_task, kinds, on_unreachable=lambda exc: None)


def _codes(values: Iterable[str]) -> str:
    values = [v for v in values if v]
    return f",{','.join(values)}," if values else ""


@transaction.atomic
def search_index_rebuild(kinds: Iterable[str] | None = None) -> dict[str, int]:
    """Replace the index rows of these kinds (all when None) by what their sources give."""
    counts = {}
    for kind in kinds or list(_SOURCES):
        source = _SOURCES.get(kind)
        if source is None:
            continue
        SearchDocument.objects.filter(kind=kind).delete()
        rows = [
            SearchDocument(
                kind=kind,
                key=str(doc.key)[:80],
                title=doc.title[:300],
                title_fr=doc.title_fr[:300],
                title_es=doc.title_es[:300],
                body=doc.body,
                url=doc.url[:300],
                countries=_codes(doc.countries)[:400],
                components=_codes(doc.components)[:12],
                is_sample=doc.is_sample,
            )
            for doc in source.documents()
        ]
        SearchDocument.objects.bulk_create(rows, batch_size=1000)
        counts[kind] = len(rows)
        if connection.vendor == "postgresql":
            _fill_vectors(kind)
    return counts


def _fill_vectors(kind: str) -> None:
    """One UPDATE per kind computes the stored vectors in the database: every word of the
    titles and body for matching (GIN-indexed), the titles alone for ranking."""
    configs = ("simple", *LANGUAGE_CONFIGS.values())
    titles = [
        f"setweight(to_tsvector('{c}', concat_ws(' ', title, title_fr, title_es)), 'A')"
        for c in configs
    ]
    bodies = [f"setweight(to_tsvector('{c}', coalesce(body, '')), 'B')" for c in configs]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {SearchDocument._meta.db_table} "
            f"SET title_vector = {' || '.join(titles)}, "
            f"search_vector = {' || '.join(titles + bodies)} WHERE kind = %s",
            [kind],
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
    condition = Q()
    for word in words:
        condition &= (
            Q(title__icontains=word)
            | Q(title_fr__icontains=word)
            | Q(title_es__icontains=word)
            | Q(body__icontains=word)
        )
    return documents.filter(condition).order_by("title").defer("search_vector", "title_vector")
