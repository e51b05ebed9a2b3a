"""Reads of the labour market app shared by pages and API."""

from django.db.models import Q, QuerySet

from labour_market.models import Occupation


def occupation_list(*, search: str = "", level: int | None = None) -> QuerySet[Occupation]:
    queryset = Occupation.objects.select_related("parent").order_by("code")
    if level:
        queryset = queryset.filter(level=level)
    search = search.strip()
    if search:
        queryset = queryset.filter(
            Q(code__startswith=search)
            | Q(title_en__icontains=search)
            | Q(title_fr__icontains=search)
            | Q(title_es__icontains=search)
        )
    return queryset


def occupation_get(*, code: str) -> Occupation | None:
    if not code.isdigit() or len(code) > 4:
        return None
    return Occupation.objects.select_related("parent__parent__parent").filter(code=code).first()
