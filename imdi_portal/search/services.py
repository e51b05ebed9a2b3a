"""Writes of the search index: replace the rows of some kinds by what their sources give.

Rebuilt per kind after a source's models change (registry) and in full by
`rebuild_search_index`. On PostgreSQL the stored vectors are computed in the database: the
'simple' configuration (every language, no stemming) plus the English, French and Spanish
ones (stems), weighted title A / body B.
"""

from collections.abc import Iterable

from django.db import connection, transaction

from imdi_portal.search.models import SearchDocument
from imdi_portal.search.registry import sources
from imdi_portal.search.text import normalise

LANGUAGE_CONFIGS = {"en": "english", "fr": "french", "es": "spanish"}


def _codes(values: Iterable[str]) -> str:
    values = [v for v in values if v]
    return f",{','.join(values)}," if values else ""


# First key of the two-key advisory locks taken by rebuilds (the second is the kind's hash),
# so they cannot collide with another feature's locks.
LOCK_CLASS = 21_0001


@transaction.atomic
def search_index_rebuild(kinds: Iterable[str] | None = None) -> dict[str, int]:
    """Replace the index rows of these kinds (all when None) by what their sources give.

    Safe to run twice at once (two workers, #21): on PostgreSQL each kind's delete and
    insert happen under a transaction-scoped advisory lock on that kind, so the second
    rebuild waits for the first to commit, then deletes its rows and writes its own; kinds
    are locked in sorted order so that two rebuilds of several kinds cannot deadlock.
    SQLite serialises writers by itself.
    """
    registered = sources()
    counts = {}
    for kind in sorted(set(kinds or registered)):
        source = registered.get(kind)
        if source is None:
            continue
        _lock(kind)
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
                plain_title=normalise(" ".join((doc.title, doc.title_fr, doc.title_es))),
                plain=normalise(" ".join((doc.title, doc.title_fr, doc.title_es, doc.body))),
            )
            for doc in source.documents()
        ]
        SearchDocument.objects.bulk_create(rows, batch_size=1000)
        counts[kind] = len(rows)
        if connection.vendor == "postgresql":
            _fill_vectors(kind)
    return counts


def _lock(kind: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [LOCK_CLASS, f"search:{kind}"]
            )


def _fill_vectors(kind: str) -> None:
    """One UPDATE per kind computes the stored vectors in the database: every word of the
    titles and body for matching (GIN-indexed), the titles alone for ranking."""
    configs = ("simple", *LANGUAGE_CONFIGS.values())
    # From the normalised text (accents folded, as the query is): unaccent done once, in
    # Python, for PostgreSQL and SQLite alike.
    titles = [f"setweight(to_tsvector('{c}', plain_title), 'A')" for c in configs]
    bodies = [f"setweight(to_tsvector('{c}', plain), 'B')" for c in configs]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {SearchDocument._meta.db_table} "
            f"SET title_vector = {' || '.join(titles)}, "
            f"search_vector = {' || '.join(titles + bodies)} WHERE kind = %s",
            [kind],
        )
