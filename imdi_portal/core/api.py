"""Serializers and viewsets of the core app."""

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from imdi_portal.core.api_support import (
    ChoiceLabelField,
    MethodField,
    RepeatedNestedMixin,
)
from imdi_portal.core.filters import CountryFilter
from imdi_portal.core.models import Country, Region
from imdi_portal.core.selectors import country_list


class ErrorSerializer(serializers.Serializer):
    """The shape of every API error (see imdi_portal.api_support.exception_handler)."""

    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Messages per parameter or field, for invalid input; fields of nested "
        "objects and lists under dotted paths (e.g. `budget_lines.0.amount`).",
    )


class RegionSerializer(RepeatedNestedMixin, serializers.ModelSerializer):
    """A UN M49 region, sub-region or intermediate region."""

    name = serializers.CharField(source="localized_name", read_only=True)

    class Meta:
        model = Region
        fields = ["code", "slug", "name"]


class CountrySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="Name in the requested language.")
    region = RegionSerializer(read_only=True, allow_null=True)
    sub_region = RegionSerializer(read_only=True, allow_null=True)
    intermediate_region = RegionSerializer(read_only=True, allow_null=True)
    income_group_label = ChoiceLabelField(source="income_group")
    url = serializers.HyperlinkedIdentityField(
        view_name="api:country-detail", lookup_field="iso3", read_only=True
    )
    profile_url = MethodField(source="get_absolute_url")

    class Meta:
        model = Country
        fields = [
            "iso3",
            "iso2",
            "m49",
            "name",
            "name_en",
            "name_fr",
            "name_es",
            "region",
            "sub_region",
            "intermediate_region",
            "income_group",
            "income_group_label",
            "wb_region",
            "url",
            "profile_url",
        ]


@extend_schema_view(
    list=extend_schema(
        summary="List countries",
        tags=["countries"],
        responses={200: CountrySerializer(many=True), 400: ErrorSerializer},
    ),
    retrieve=extend_schema(
        summary="One country by ISO 3166-1 alpha-3 code",
        tags=["countries"],
        responses={200: CountrySerializer, 404: ErrorSerializer},
    ),
)
class CountryViewSet(viewsets.ReadOnlyModelViewSet):
    """ISO 3166-1 countries with UN M49 regions and World Bank income groups."""

    serializer_class = CountrySerializer
    filterset_class = CountryFilter
    lookup_field = "iso3"
    lookup_value_regex = "[A-Za-z]{3}"

    def get_queryset(self):
        return country_list()

    def get_object(self) -> Country:
        iso3 = self.kwargs["iso3"].upper()
        country = self.get_queryset().filter(iso3=iso3).first()
        if country is None:
            raise Http404(f"Unknown country code '{iso3}' (expected ISO 3166-1 alpha-3).")
        return country
