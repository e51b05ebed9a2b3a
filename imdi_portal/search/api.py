"""The search API: the same search as /search/, through the same form."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError

from imdi_portal.search.forms import SearchForm
from imdi_portal.search.models import SearchDocument
from imdi_portal.search.registry import sources


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
            OpenApiParameter(
                "q",
                {"type": "string", "minLength": 1, "maxLength": 200, "pattern": r"\S"},
                required=True,
                description="Words to find (not only spaces).",
            ),
            # The sources register in the apps' ready(), before the URL map imports this.
            OpenApiParameter(
                "type", str, enum=[*sorted(sources()), ""], description="Kind of result."
            ),
            OpenApiParameter(
                "country",
                # The form's RegexField does not strip: " PHL" is refused.
                {"type": "string", "pattern": r"^(?:[A-Za-z]{3})?$"},
                description="ISO3 code.",
            ),
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
