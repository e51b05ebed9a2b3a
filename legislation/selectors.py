"""Reads of the regulatory-framework database shared by pages, API and exports."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from imdi_portal.core.models import Country
from imdi_portal.core.text_search import any_field
from legislation.models import (
    Agreement,
    CountryRegime,
    Law,
    PermitCategory,
    PermitCategoryVersion,
    PermitKind,
)
from legislation.regimes import regimes_for


def countries_with_categories() -> QuerySet[Country]:
    """Countries that publish permit categories, for the category list's picker."""
    published = PermitCategory.objects.published()
    return Country.objects.filter(pk__in=published.values("country")).ordered_by_name()


def category_list_published(
    *, country: Any = None, with_elements: bool = True
) -> QuerySet[PermitCategory]:
    queryset = PermitCategory.objects.published().select_related("country")
    queryset = queryset.order_by("country", "name_en")
    if with_elements:
        queryset = queryset.with_elements()
    return queryset.filter(country=country) if country is not None else queryset


def category_get_published(*, iso3: str, slug: str) -> PermitCategory | None:
    return (
        PermitCategory.objects.published()
        .with_elements()
        .filter(country__iso3=iso3.upper(), slug=slug)
        .first()
    )


def _newest_first(year: int | None, title: str) -> tuple:
    """Dated before undated, the latest year first, then by title."""
    return (year is None, -(year or 0), title)


def law_list_for_country(*, country: Any) -> list[Law]:
    """The country's laws, newest first: one query."""
    laws = list(Law.objects.filter(country=country).order_by("pk"))
    return sorted(laws, key=lambda law: _newest_first(law.year, law.title))


def agreement_list_for_country(*, country: Any) -> list[dict[str, Any]]:
    """The agreements the country is a party to, newest first, each with its other parties
    by name: one query, over the links between agreements and their parties."""
    links = (
        Agreement.countries.through.objects.filter(agreement__countries=country)
        .select_related("agreement", "country")
        .only(
            "agreement__title",
            "agreement__signed_year",
            "agreement__url",
            "agreement__kind",
            "agreement__is_sample",
            *(f"country__{name}" for name in Country.LINK_FIELDS),
        )
        .order_by("pk")
    )
    found: dict[int, dict[str, Any]] = {}
    for link in links:
        item = found.setdefault(link.agreement_id, {"agreement": link.agreement, "others": []})
        if link.country_id != country.pk:
            item["others"].append(link.country)
    for item in found.values():
        item["others"].sort(key=lambda c: c.name)
    return sorted(
        found.values(),
        key=lambda i: (
            *_newest_first(i["agreement"].signed_year, i["agreement"].title),
            i["agreement"].pk,
        ),
    )


def laws_and_agreements(*, country: Any) -> tuple[list[Law], list[dict[str, Any]]]:
    """The country's laws, and its agreements each with its other parties: two queries."""
    return law_list_for_country(country=country), agreement_list_for_country(country=country)


def version_diff(*, category: PermitCategory, number: int) -> list[dict[str, Any]]:
    """Fields of version `number` that differ from the version before it."""
    versions = {
        v.number: v.data
        for v in PermitCategoryVersion.objects.filter(
            Q(number=number) | Q(number=number - 1), category=category
        )
    }
    new, old = versions.get(number), versions.get(number - 1, {})
    if new is None:
        return []
    return [
        {"field": key, "before": old.get(key), "after": new[key]}
        for key in new
        if old.get(key) != new[key] and key != "last_verified_on"
    ]


def _regime(country: Any) -> CountryRegime | None:
    """The country's regime; free when the country was fetched with select_related."""
    try:
        return country.regime
    except CountryRegime.DoesNotExist:
        return None


def country_section(*, country: Any) -> dict[str, Any]:
    """What the country profile and the country's permit page show."""
    laws, agreements = laws_and_agreements(country=country)
    return {
        "country": country,
        "regime": _regime(country),
        "laws": laws,
        "categories": list(category_list_published(country=country, with_elements=False)),
        "agreements": agreements,
    }


def category_list_for_editor(*, user: Any) -> QuerySet[PermitCategory]:
    """What a focal point (own country) or the Secretariat (all) works on in the editor."""
    from imdi_portal.core.roles import Role, has_role

    queryset = PermitCategory.objects.select_related("country", "public").order_by(
        "country__name_en", "name_en", "state"
    )
    if user.is_superuser or has_role(user, Role.SECRETARIAT):
        return queryset
    if has_role(user, Role.FOCAL_POINT) and user.country_id:
        return queryset.filter(country_id=user.country_id)
    return queryset.none()


def category_get_for_editor(*, user: Any, pk: int) -> PermitCategory | None:
    """None (a 404 for the caller) for anything this user may not see, drafts of other
    countries included, so that guessing ids reveals nothing."""
    return category_list_for_editor(user=user).filter(pk=pk).first()


def category_compare(*, kind: str, countries: list[Any]) -> list[PermitCategory]:
    """Published categories of one kind in the chosen countries, in the order chosen."""
    order = {c.pk: n for n, c in enumerate(countries)}
    found = category_list_published().filter(kind=kind, country__in=countries)
    return sorted(found, key=lambda c: (order[c.country_id], c.name_en))


def category_kinds_published(*, countries: list[Any]) -> list[dict[str, Any]]:
    """The kinds of permit the countries have published, with how many of them publish
    each, most widely published first (what to compare when no kind was chosen)."""
    rows = (
        PermitCategory.objects.published()
        .filter(country__in=countries)
        .values("kind")
        .annotate(countries=Count("country", distinct=True))
    )
    labels = dict(PermitKind.choices)
    return sorted(
        (
            {"kind": row["kind"], "label": labels.get(row["kind"], row["kind"]), **row}
            for row in rows
        ),
        key=lambda item: (-item["countries"], str(item["label"])),
    )


def finder_results(*, nationality: Any, destination: Any, kind: str = "") -> dict[str, Any]:
    """What lets a national of one country work in another: first the regimes that apply
    (free movement, agreements between the two), then the destination's categories."""
    regimes = regimes_for(nationality=nationality, destination=destination)
    categories = category_list_published(country=destination, with_elements=False)
    if kind:
        categories = categories.filter(kind=kind)
    return {
        "regimes": regimes,
        "waives_permit": [r for r in regimes if r.waives_permit],
        "categories": list(categories),
    }


def legislation_search(*, query: str, limit: int = 50) -> list[dict[str, Any]]:
    """Published categories and laws matching `query`, best first.

    PostgreSQL: full-text search with the 'simple' configuration (the portal's content is in
    three languages, so no single stemmer fits), names weighted above summaries and legal
    bases. SQLite: substring matching, names before other fields.
    """
    from django.db import connection

    query = query.strip()
    if not query:
        return []
    categories = PermitCategory.objects.published().select_related("country")
    laws = Law.objects.select_related("country")
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        search = SearchQuery(query, config="simple", search_type="websearch")
        category_vector = SearchVector(
            "name_en", "name_fr", "name_es", weight="A", config="simple"
        ) + SearchVector("summary", "legal_basis", weight="B", config="simple")
        # Filter on the match itself: ts_rank gives non-matching rows a tiny positive rank.
        categories = (
            categories.annotate(document=category_vector, rank=SearchRank(category_vector, search))
            .filter(document=search)
            .order_by("-rank", "name_en")
        )
        law_vector = SearchVector("title", weight="A", config="simple")
        laws = (
            laws.annotate(document=law_vector, rank=SearchRank(law_vector, search))
            .filter(document=search)
            .order_by("-rank", "title")
        )
        found = [{"kind": "category", "object": c, "rank": c.rank} for c in categories[:limit]]
        found += [{"kind": "law", "object": law, "rank": law.rank} for law in laws[:limit]]
    else:
        in_name = any_field(query, ("name_en", "name_fr", "name_es"))
        other = any_field(query, ("summary", "legal_basis"))
        found = [
            {"kind": "category", "object": c, "rank": 1.0}
            for c in categories.filter(in_name)[:limit]
        ]
        seen = {item["object"].pk for item in found}
        found += [
            {"kind": "category", "object": c, "rank": 0.5}
            for c in categories.filter(other).exclude(pk__in=seen)[:limit]
        ]
        found += [
            {"kind": "law", "object": law, "rank": 1.0}
            for law in laws.filter(any_field(query, ("title",)))[:limit]
        ]
    return sorted(found, key=lambda item: -item["rank"])[:limit]
