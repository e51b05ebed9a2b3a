"""Public pages of the labour market app: the ISCO-08 classification."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from labour_market.filters import OccupationFilter
from labour_market.models import Occupation
from labour_market.selectors import occupation_get, occupation_list


@require_GET
def occupation_index(request: HttpRequest) -> HttpResponse:
    filterset = OccupationFilter(request.GET or None, queryset=occupation_list())
    searching = filterset.is_bound
    valid = filterset.is_valid() or not searching
    return render(
        request,
        "labour_market/occupation_list.html",
        {
            "filter": filterset,
            "results": filterset.qs if searching and valid else None,
            "major_groups": Occupation.objects.major_groups().prefetch_related("children"),
        },
        status=200 if valid else 400,
    )


@require_GET
def occupation_detail(request: HttpRequest, code: str) -> HttpResponse:
    occupation = occupation_get(code=code)
    if occupation is None:
        raise Http404("no ISCO-08 group with this code")
    ancestors = []
    parent = occupation.parent
    while parent is not None:
        ancestors.insert(0, parent)
        parent = parent.parent
    return render(
        request,
        "labour_market/occupation_detail.html",
        {
            "occupation": occupation,
            "ancestors": ancestors,
            "children": occupation.children.order_by("code"),
        },
    )
