"""Which importer handles which `source` name. Apps register theirs in AppConfig.ready()."""

from imdi_portal.stats.importing.base import Importer
from imdi_portal.stats.importing.errors import ImportFailed

_IMPORTERS: dict[str, type[Importer]] = {}


def register(importer: type[Importer]) -> type[Importer]:
    _IMPORTERS[importer.source] = importer
    return importer


def get(source: str) -> Importer:
    try:
        return _IMPORTERS[source]()
    except KeyError:
        raise ImportFailed(
            f"unknown source '{source}'; known sources: {', '.join(sorted(_IMPORTERS))}"
        ) from None


def choices() -> list[tuple[str, str]]:
    return [(code, f"{code}: {cls.label}") for code, cls in sorted(_IMPORTERS.items())]
