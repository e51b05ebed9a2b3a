"""Public pages of the labour market app: overview, classifications, shortage lists and the
matching of shortage occupations with origin countries."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from imdi_portal.core.selectors import country_choices, country_get
from imdi_portal.stats.charts import Series, line_chart
from imdi_portal.stats.models import Indicator
from labour_market.filters import IndustryFilter, OccupationFilter, ShortageListFilter
from labour_market.forms import MatchingForm
from labour_market.matching import matching_for_destination, matching_for_origin
from labour_market.models import Industry, Occupation
from labour_market.panels import panels
from labour_market.selectors import (
    bilateral,
    industry_get,
    industry_list,
    occupation_get,
    occupation_list,
    shortage_list_get,
    shortage_lists,
)


@dataclass(frozen=True)
class Scheme:
    """What differs between the two classification browsers."""

    name: str
    title: object
    lead: object
    source: object
    list_url: str
    model: type[Model]
    filter_class: type
    list_selector: Callable[[], QuerySet]
    get_selector: Callable[..., Model | None]
    empty: object


ISCO = Scheme(
    name="ISCO-08",
    title=gettext_lazy("Occupations (ISCO-08)"),
    lead=gettext_lazy(
        "The International Standard Classification of Occupations of the ILO, in four levels: "
        "10 major groups, 43 sub-major groups, 130 minor groups and 436 unit groups. Labour "
        "market figures and shortage lists on this portal are coded with it."
    ),
    source=gettext_lazy(
        "Source: International Labour Organization, ISCO-08 structure and definitions; "
        "French titles (CITP-08) as compiled by fabquenneville/isco08. © ILO, reused with "
        "attribution."
    ),
    list_url="labour_market:occupation-list",
    model=Occupation,
    filter_class=OccupationFilter,
    list_selector=occupation_list,
    get_selector=occupation_get,
    empty=gettext_lazy(
        "The classification has not been imported yet (python manage.py import_data isco08 …)."
    ),
)
ISIC = Scheme(
    name="ISIC Rev.4",
    title=gettext_lazy("Economic activities (ISIC Rev.4)"),
    lead=gettext_lazy(
        "The International Standard Industrial Classification of All Economic Activities of "
        "the United Nations, Revision 4: 21 sections, 88 divisions, 238 groups and 419 classes. "
        "Employment by sector on this portal is broken down by its sections."
    ),
    source=gettext_lazy(
        "Source: United Nations Statistics Division, ISIC Rev.4 (ST/ESA/STAT/SER.M/4/Rev.4), "
        "reused with attribution."
    ),
    list_url="labour_market:industry-list",
    model=Industry,
    filter_class=IndustryFilter,
    list_selector=industry_list,
    get_selector=industry_get,
    empty=gettext_lazy(
        "The classification has not been imported yet (python manage.py import_data isic4 …)."
    ),
)


def _index(request: HttpRequest, scheme: Scheme) -> HttpResponse:
    filterset = scheme.filter_class(request.GET or None, queryset=scheme.list_selector())
    searching = filterset.is_bound
    valid = filterset.is_valid() or not searching
    return render(
        request,
        "labour_market/classification_list.html",
        {
            "scheme": scheme,
            "filter": filterset,
            "results": filterset.qs if searching and valid else None,
            "top_groups": scheme.model.objects.filter(level=1)
            .order_by("code")
            .prefetch_related("children"),
        },
        status=200 if valid else 400,
    )


def _detail(request: HttpRequest, scheme: Scheme, code: str) -> HttpResponse:
    group = scheme.get_selector(code=code)
    if group is None:
        raise Http404(f"no {scheme.name} group with this code")
    return render(
        request,
        "labour_market/classification_detail.html",
        {
            "scheme": scheme,
            "group": group,
            "ancestors": group.ancestors(),
            "children": group.children.order_by("code"),
        },
    )


@require_safe
def occupation_index(request: HttpRequest) -> HttpResponse:
    return _index(request, ISCO)


@require_safe
def occupation_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _detail(request, ISCO, code)


@require_safe
def industry_index(request: HttpRequest) -> HttpResponse:
    return _index(request, ISIC)


@require_safe
def industry_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _detail(request, ISIC, code)


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    indicators = Indicator.objects.filter(source__in=["ILOSTAT", "UN DESA"]).order_by("code")
    return render(
        request,
        "labour_market/index.html",
        {
            "indicators": indicators,
            "list_count": shortage_lists().count(),
            "panels": panels("index"),
        },
    )


@require_safe
def shortage_index(request: HttpRequest) -> HttpResponse:
    filterset = ShortageListFilter(request.GET or None, queryset=shortage_lists(current_only=False))
    valid = not filterset.is_bound or filterset.is_valid()
    return render(
        request,
        "labour_market/shortage_list.html",
        {"filter": filterset, "lists": filterset.qs if valid else []},
        status=200 if valid else 400,
    )


@require_safe
def shortage_detail(request: HttpRequest, pk: int) -> HttpResponse:
    shortage_list = shortage_list_get(pk=pk)
    if shortage_list is None:
        raise Http404("no shortage list with this number")
    return render(request, "labour_market/shortage_detail.html", {"list": shortage_list})


@require_safe
def matching(request: HttpRequest) -> HttpResponse:
    form = MatchingForm(request.GET or None)
    # The pickers are rendered from one list (faster than two ModelChoiceField widgets).
    context: dict = {"form": form, "countries": list(country_choices())}
    status = 200
    if form.is_bound:
        if form.is_valid():
            if destination := form.cleaned_data["destination"]:
                context["destination"] = destination
                context["match"] = match = matching_for_destination(destination=destination)
                groups = {d.occupation.code[0] for d in match.demands}
                context["panels"] = panels("matching", destination=destination, groups=groups)
            else:
                origin = form.cleaned_data["origin"]
                context["origin"] = origin
                context["opportunities"] = matching_for_origin(origin=origin)
        else:
            status = 400
    return render(request, "labour_market/matching.html", context, status=status)


@require_safe
def bilateral_page(request: HttpRequest, origin: str, destination: str) -> HttpResponse:
    """Origin -> destination: international migrants from one country (mostly by country of
    birth, UN DESA) living in another, over time."""
    pair = (country_get(iso3=origin), country_get(iso3=destination))
    if None in pair:
        raise Http404("no such country")
    if origin != origin.upper() or destination != destination.upper():
        return redirect("labour_market:bilateral", origin.upper(), destination.upper())
    source, target = pair
    data = bilateral(origin=source, destination=target)
    labels = {"T": _("Both sexes"), "F": _("Women"), "M": _("Men")}
    series = [
        Series(label=str(labels.get(sex, sex)), points=points)
        for sex, points in sorted(data["by_sex"].items(), key=lambda item: "TFM".find(item[0]))
    ]
    title = _("International migrants from %(origin)s living in %(destination)s") % {
        "origin": source.name,
        "destination": target.name,
    }
    years = [y for s in series for y, _v in s.points]
    chart = line_chart(
        series,
        title=title,
        description=_(
            "Line chart of the migrant stock from %(origin)s in %(destination)s, %(first)s to "
            "%(last)s. The table below gives every value."
        )
        % {
            "origin": source.name,
            "destination": target.name,
            "first": min(years) if years else "",
            "last": max(years) if years else "",
        },
    )
    return render(
        request,
        "labour_market/bilateral.html",
        {
            "origin": source,
            "destination": target,
            "title": title,
            "chart": chart,
            **data,
        },
    )
