"""Which kinds of things are searchable, and who feeds them.

Each app registers SearchSources in its AppConfig.ready(): a kind, a label and a function
yielding Doc rows for everything of that kind the public may see. Saves and deletes of a
source's models queue a rebuild of that kind after the commit (nothing is queued for a
transaction that rolls back). The kinds changed in one transaction are collected and sent as
ONE task after its commit: an import that saves a thousand indicators queues one rebuild,
not a thousand racing ones (#21).
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.functional import Promise


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


def in_every_language(text: Promise | str) -> list[str]:
    """A translatable text in English, French and Spanish, for a document's words."""
    from django.utils import translation

    words = []
    for language in ("en", "fr", "es"):
        with translation.override(language):
            words.append(str(text))
    return words


def sources() -> dict[str, SearchSource]:
    return dict(_SOURCES)


def kinds_for(model: type) -> list[str]:
    return [s.kind for s in _SOURCES.values() if model in s.models]


def _changed(sender, **kwargs) -> None:
    kinds = kinds_for(sender)
    if kinds:
        _queue(kinds)


def kind_changed(kind: str) -> None:
    """Queue a rebuild of one kind whose source changed in bulk (no per-row signals)."""
    if kind in _SOURCES:
        _queue([kind])


def _queue(kinds: list[str]) -> None:
    """Add these kinds to the rebuild pending for the current transaction.

    The pending kinds live on the connection (one per thread); every change registers the
    same `_flush` after the commit, and the first `_flush` to run sends them all as one task
    while the others find nothing left. A rollback drops the callbacks of what it undid:
    when none of ours is still registered, what the set holds was rolled back (or already
    sent) and it starts afresh.
    """
    connection = transaction.get_connection()
    if not any(func is _flush for _sids, func, _robust in connection.run_on_commit):
        connection._search_pending = set()
    connection._search_pending.update(kinds)
    transaction.on_commit(_flush)


def _flush() -> None:
    from imdi_portal.core.tasks import enqueue
    from imdi_portal.search.tasks import rebuild_search_index_task

    connection = transaction.get_connection()
    kinds = getattr(connection, "_search_pending", None)
    connection._search_pending = set()
    if kinds:
        # After the commit, outside any transaction: enqueue sends at once.
        enqueue(rebuild_search_index_task, sorted(kinds), on_unreachable=lambda exc: None)
