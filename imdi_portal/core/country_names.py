"""Country names as sources write them -> ISO 3166-1 alpha-3.

Sources that publish labels instead of codes (ILOSTAT's labels download, reshaped UN tables)
spell names their own way: "Republic of Moldova" for ISO's "Moldova, Republic of",
"Bolivia (Plurinational State of)" for "Bolivia, Plurinational State of", "Türkiye". A name is
matched on its set of words (case, accents, punctuation and word order ignored) against the
portal's names in three languages and pycountry's official and common names. A name that
matches two countries is ambiguous and matches none: better a clear error than a wrong row.
"""

import re
import unicodedata

import pycountry

from imdi_portal.core.models import Country

_WORD = re.compile(r"[a-z0-9]+")
_IGNORED = {"the", "of", "and", "d", "l"}


def name_key(name: str) -> frozenset[str]:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return frozenset(w for w in _WORD.findall(folded) if w not in _IGNORED)


class CountryNames:
    """Built once per import (one query), then looked up per row."""

    def __init__(self, extra: dict[str, str] | None = None) -> None:
        index: dict[frozenset[str], set[str]] = {}

        def add(name: str | None, iso3: str) -> None:
            if name:
                index.setdefault(name_key(name), set()).add(iso3)

        known = set()
        for iso3, *names in Country.objects.values_list("iso3", "name_en", "name_fr", "name_es"):
            known.add(iso3)
            for name in names:
                add(name, iso3)
        for entry in pycountry.countries:
            if entry.alpha_3 in known:
                for attr in ("name", "official_name", "common_name"):
                    add(getattr(entry, attr, None), entry.alpha_3)
        for name, iso3 in (extra or {}).items():
            index[name_key(name)] = {iso3}
        self._index = {key: next(iter(codes)) for key, codes in index.items() if len(codes) == 1}
        self._cache: dict[str, str | None] = {}

    def iso3(self, name: str) -> str | None:
        if name not in self._cache:
            self._cache[name] = self._index.get(name_key(name))
        return self._cache[name]
