"""The global search page and its API endpoint (one form validates both)."""

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError

from imdi_portal.models import SearchDocument
from imdi_portal.search import search, sources
from imdi_portal.translation import active_language


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), max_length=200, required=False)
    type = forms.ChoiceField(label=_("Type"), required=False)
    country = forms.RegexField(
        label=_("Country (ISO3)"),
        regex=r"^[A-Za-z]{3}$",
        required=False,
        error_messages={"invalid": _("Give an ISO 3166-1 alpha-3 code, e.g. PHL.")},
    )
    component = forms.ChoiceField(
        label=_("IMDI component"),
        required=False,
        choices=[("", _("All components")), ("I", "I"), ("II", "II"), ("III", "III")],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("All types"))] + [
            (kind, source.label) for kind, source in sources().items()
        ]

    def run(self):
        data = self.cleaned_data
        return search(
            data.get("q", ""),
            language=active_language(),
            kind=data.get("type", ""),
            country=data.get("country", ""),
            component=data.get("component", ""),
        )


@require_GET
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
        context["page"] = paginator.get_page(request.GET.get("page"))
        context["facets"] = facets
        query = request.GET.copy()
        query.pop("page", None)
        context["query"] = query.urlencode()
        base = query.copy()
        for name in ("type", "component", "page"):
            base.pop(name, None)
        context["base_query"] = base.urlencode()
    context["language"] = get_language()
    return render(request, "imdi_portal/search.html", context)


class SearchResultSerializer(serializers.ModelSerializer):
    countries = serializers.SerializerMethodField()
    components = serializers.SerializerMethodField()

    class Meta:
        model = SearchDocument
        fields = ["kind", "title", "url", "countries", "components", "is_sample"]

    def get_countries(self, doc) -> list[str]:
        return [c for c in doc.countries.split(",") if c]

    def get_components(self, doc) -> list[str]:
        return [c for c in doc.components.split(",") if c]


class SearchAPIView(generics.ListAPIView):
    """The same search as /search/: `q` (required), `type`, `country`, `component`."""

    serializer_class = SearchResultSerializer
    filter_backends: list = []

    @extend_schema(
        summary="Search everything",
        parameters=[
            OpenApiParameter("q", str, required=True, description="Words to find."),
            OpenApiParameter("type", str, description="Kind of result (facet)."),
            OpenApiParameter("country", str, description="ISO3 code."),
            OpenApiParameter("component", str, enum=["I", "II", "III"]),
        ],
        tags=["search"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        form = SearchForm(self.request.query_params)
        if not form.is_valid() or not form.cleaned_data["q"].strip():
            errors = dict(form.errors) or {"q": [str(_("Give the words to search for."))]}
            raise ValidationError(errors)
        results, _facets = form.run()
        return results
