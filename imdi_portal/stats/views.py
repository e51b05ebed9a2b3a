"""Pages of the statistical store: the indicator explorer, the world map and the pages that
say what each indicator is."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from imdi_portal.core.downloads import csv_response
from imdi_portal.core.filters import split_codes
from imdi_portal.core.selectors import country_choices
from imdi_portal.stats.bilateral import TOP_CHOICES, Choice, indicator_roles, is_bilateral
from imdi_portal.stats.explorer import (
    CSV_COLUMNS,
    breakdown_options,
    csv_rows,
    explore,
    map_selection,
    selection_data,
    selection_rows,
)
from imdi_portal.stats.filters import ObservationFilter
from imdi_portal.stats.forms import ExplorerForm
from imdi_portal.stats.models import Indicator
from imdi_portal.stats.selectors import (
    indicator_choices,
    indicator_coverage,
    indicator_get,
    indicators_by_source,
    observation_list,
)
from imdi_portal.stats.worldmap import choropleth


@require_safe
def explorer(request: HttpRequest) -> HttpResponse:
    """Pick an indicator, areas, years and breakdowns (and, for bilateral data, the side of
    the chosen countries and their counterparts): chart, a page of the table, CSV."""
    filterset = ObservationFilter(request.GET or None, queryset=observation_list())
    options = ExplorerForm(request.GET or None)
    valid = not filterset.is_bound or (filterset.is_valid() & options.is_valid())
    code = request.GET.get("indicator", "").strip()
    indicator = Indicator.objects.filter(code=code).first() if code else None
    context: dict = {
        "filter": filterset,
        "options_form": options,
        "indicators": indicator_choices(selected=code),
        "indicator": indicator,
        "countries": country_choices(),
        "top_choices": TOP_CHOICES,
    }
    status = 200
    if not valid:
        status = 400
        if indicator is not None and is_bilateral(indicator):
            # The bilateral fields stay on the page, so that their errors point at them.
            context.update(choice=Choice(), roles=indicator_roles(indicator))
    elif code and indicator is None:
        context["unknown_indicator"] = code[:60]
        status = 404
    elif indicator is not None:
        two_sided = is_bilateral(indicator)
        choice = options.choice() if two_sided else None
        data = selection_data(request.GET, is_bilateral=two_sided, choice=options.choice())
        selected = ObservationFilter(data, queryset=observation_list()).qs
        if request.GET.get("format") == "csv":
            rows = selection_rows(selected, choice=choice)
            return csv_response(f"{indicator.code}.csv", CSV_COLUMNS, csv_rows(rows))
        codes = split_codes(filterset.form.cleaned_data.get("country") or "")
        context.update(
            explore(selected, indicator, codes=codes, page=request.GET.get("page"), choice=choice)
        )
        context["options"] = breakdown_options(indicator)
        context["choice"] = choice
        context["roles"] = indicator_roles(indicator)
        query = request.GET.copy()
        query.pop("page", None)
        context["page_query"] = query.urlencode()
        query["format"] = "csv"
        context["csv_query"] = query.urlencode()
        context["api_query"] = data.urlencode()
    return render(request, "stats/explorer.html", context, status=status)


@require_safe
def world_map(request: HttpRequest) -> HttpResponse:
    """One indicator, one year, every country: a choropleth and the ranked table beneath."""
    filterset = ObservationFilter(request.GET or None, queryset=observation_list())
    valid = not filterset.is_bound or filterset.is_valid()
    code = request.GET.get("indicator", "").strip()
    indicator = Indicator.objects.filter(code=code).first() if code else None
    context: dict = {
        "filter": filterset,
        "indicators": indicator_choices(selected=code),
        "indicator": indicator,
    }
    if not valid or (code and indicator is None):
        context["unknown_indicator"] = code[:60] if valid else ""
        return render(request, "stats/world_map.html", context, status=400 if not valid else 404)
    if indicator is not None:
        year = filterset.form.cleaned_data.get("year_to")
        selection = map_selection(filterset.qs, int(year) if year else None)
        context.update(selection)
        values = {o.country.m49: (o.country.name, o.value) for o in selection["rows"]}
        context["map"] = choropleth(values, title=f"{indicator.name}, {selection['year']}")
        context["options"] = breakdown_options(indicator)
    return render(request, "stats/world_map.html", context)


@require_safe
def indicator_index(request: HttpRequest) -> HttpResponse:
    """Every indicator of the store, grouped by source."""
    return render(request, "stats/indicator_list.html", {"indicators": indicators_by_source()})


@require_safe
def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    """What one indicator is: definition, unit, kind, source, coverage, method, citation."""
    indicator = indicator_get(code=code)
    if indicator is None:
        raise Http404("no such indicator")
    context = {
        "indicator": indicator,
        "coverage": indicator_coverage(indicator=indicator),
        "page_url": request.build_absolute_uri(),
        "today": timezone.localdate(),
    }
    return render(request, "stats/indicator.html", context)


# --- Error pages: JSON under /api/ (the API's error format), the portal's pages elsewhere ---
