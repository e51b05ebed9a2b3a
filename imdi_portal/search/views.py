"""The global search page."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from imdi_portal.search.forms import SearchForm
from imdi_portal.search.registry import sources
from imdi_portal.search.selectors import snippet


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    context = {"form": form, "labels": {k: s.label for k, s in sources().items()}}
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        results, facets = form.run()
        context["searched"] = True
        paginator = Paginator(results, 20)
        data = form.cleaned_data
        if not (data.get("type") or data.get("country") or data.get("component")):
            paginator.count = facets["total"]  # counted by the facet query already
        context["page"] = page = paginator.get_page(request.GET.get("page"))
        context["corrected"] = form.corrected
        words = form.corrected or data["q"]
        for doc in page.object_list:
            doc.snippet = snippet(doc.body, words)
        context["facets"] = facets
        query = request.GET.copy()
        query.pop("page", None)
        context["query"] = query.urlencode()
        base = query.copy()
        for name in ("type", "component", "page"):
            base.pop(name, None)
        context["base_query"] = base.urlencode()
    context["language"] = get_language()
    return render(request, "search/search.html", context)
