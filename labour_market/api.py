"""Read API of the labour market app: classifications, shortage lists and matching."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from imdi_portal.core.api import ErrorSerializer
from imdi_portal.core.api_support import ChoiceLabelField, MethodField, OptionalURLsMixin
from imdi_portal.core.selectors import country_get
from labour_market.filters import IndustryFilter, OccupationFilter, ShortageListFilter
from labour_market.matching import matching_for_destination, matching_for_origin
from labour_market.models import Industry, Occupation, ShortageEntry, ShortageList
from labour_market.selectors import industry_list, occupation_list, shortage_lists


class OccupationSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    title = serializers.CharField(read_only=True, help_text="Title in the requested language.")
    level_label = ChoiceLabelField(source="level")
    page_url = MethodField(source="get_absolute_url")

    class Meta:
        model = Occupation
        fields = [
            "code",
            "level",
            "level_label",
            "parent",
            "title",
            "title_en",
            "title_fr",
            "definition",
            "page_url",
        ]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="ISCO-08 groups (all four levels)", tags=["classifications"]),
    retrieve=extend_schema(summary="One ISCO-08 group by code", tags=["classifications"]),
)
class OccupationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OccupationSerializer
    filterset_class = OccupationFilter
    lookup_field = "code"
    lookup_value_regex = "[0-9]{1,4}"

    def get_queryset(self):
        return occupation_list()


class IndustrySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    title = serializers.CharField(read_only=True, help_text="Title in the requested language.")
    level_label = ChoiceLabelField(source="level")
    page_url = MethodField(source="get_absolute_url")

    class Meta:
        model = Industry
        fields = ["code", "level", "level_label", "parent", "title", "title_en", "page_url"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="ISIC Rev.4 groups (all four levels)", tags=["classifications"]),
    retrieve=extend_schema(summary="One ISIC Rev.4 group by code", tags=["classifications"]),
)
class IndustryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = IndustrySerializer
    filterset_class = IndustryFilter
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z0-9]{1,4}"

    def get_queryset(self):
        return industry_list()


class ShortageEntrySerializer(serializers.ModelSerializer):
    isco_code = serializers.CharField(source="occupation.code", read_only=True)
    occupation = serializers.CharField(source="occupation.title", read_only=True)

    class Meta:
        model = ShortageEntry
        fields = ["isco_code", "occupation", "title_as_published", "notes"]
        read_only_fields = fields


class ShortageListSerializer(OptionalURLsMixin, serializers.ModelSerializer):
    country = serializers.CharField(source="country.iso3", read_only=True)
    country_name = serializers.CharField(source="country.name", read_only=True)
    entries = ShortageEntrySerializer(many=True, read_only=True)
    page_url = MethodField(source="get_absolute_url")

    class Meta:
        model = ShortageList
        fields = [
            "id",
            "country",
            "country_name",
            "region",
            "title",
            "source",
            "source_url",
            "valid_from",
            "valid_to",
            "notes",
            "is_sample",
            "updated_at",
            "page_url",
            "entries",
        ]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(
        summary="Shortage occupation lists (valid today unless include_past=true)",
        tags=["labour market"],
    ),
    retrieve=extend_schema(summary="One shortage occupation list", tags=["labour market"]),
)
class ShortageListViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ShortageListSerializer
    filterset_class = ShortageListFilter

    def get_queryset(self):
        return shortage_lists(current_only=False).prefetch_related(
            Prefetch("entries", ShortageEntry.objects.select_related("occupation"))
        )


class MatchingQuerySerializer(serializers.Serializer):
    destination = serializers.RegexField(r"^[A-Za-z]{3}$", required=False)
    origin = serializers.RegexField(r"^[A-Za-z]{3}$", required=False)

    def validate(self, attrs):
        if bool(attrs.get("destination")) == bool(attrs.get("origin")):
            raise serializers.ValidationError("Give either destination or origin (ISO3 code).")
        for key in ("destination", "origin"):
            if attrs.get(key):
                # A well-formed code of no country is a missing resource, not a bad request.
                country = country_get(iso3=attrs[key])
                if country is None:
                    raise NotFound(f"Unknown country {attrs[key]!r}.")
                attrs[key] = country
        return attrs


class CountryRefSerializer(serializers.Serializer):
    iso3 = serializers.CharField()
    name = serializers.CharField()


class AgreementRefSerializer(serializers.Serializer):
    title = serializers.CharField()
    kind = serializers.CharField()
    is_sample = serializers.BooleanField()


class EmployedSerializer(serializers.Serializer):
    isco_major_group = serializers.CharField()
    value = serializers.FloatField()
    year = serializers.IntegerField()
    indicator = serializers.CharField()


class SupplySerializer(serializers.Serializer):
    country = CountryRefSerializer()
    stock = serializers.FloatField(allow_null=True)
    stock_year = serializers.IntegerField(allow_null=True)
    employed = serializers.SerializerMethodField()
    agreements = AgreementRefSerializer(many=True)

    @extend_schema_field(EmployedSerializer(many=True))
    def get_employed(self, supply) -> list[dict]:
        return [
            {"isco_major_group": g, "value": v, "year": y, "indicator": code}
            for g, (v, y, code) in sorted(supply.employed.items())
        ]


class DemandSerializer(serializers.Serializer):
    isco_code = serializers.CharField(source="occupation.code")
    occupation = serializers.CharField(source="occupation.title")
    lists = serializers.SerializerMethodField()
    permit_categories = serializers.SerializerMethodField()

    def get_lists(self, demand) -> list[int]:
        return [item.pk for item in demand.lists]

    def get_permit_categories(self, demand) -> list[str]:
        return [c.get_absolute_url() for c in demand.permit_categories]


class OpportunitySerializer(serializers.Serializer):
    destination = CountryRefSerializer()
    isco_codes = serializers.SerializerMethodField()
    stock = serializers.FloatField(allow_null=True)
    stock_year = serializers.IntegerField(allow_null=True)
    agreements = AgreementRefSerializer(many=True)

    def get_isco_codes(self, item) -> list[str]:
        return [o.code for o in item.occupations]


class MatchingSerializer(serializers.Serializer):
    destination = CountryRefSerializer(required=False)
    origin = CountryRefSerializer(required=False)
    demands = DemandSerializer(many=True, required=False, help_text="For a destination.")
    origins = SupplySerializer(many=True, required=False, help_text="For a destination.")
    opportunities = OpportunitySerializer(many=True, required=False, help_text="For an origin.")


class MatchingView(APIView):
    """Shortage occupations of a destination and possible origins, or, for an origin, the
    destinations where its occupations are in demand (see labour_market.matching)."""

    @extend_schema(
        summary="Match shortage occupations with origin countries",
        tags=["labour market"],
        parameters=[MatchingQuerySerializer],
        responses={200: MatchingSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request):
        query = MatchingQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        if destination := query.validated_data.get("destination"):
            match = matching_for_destination(destination=destination)
            body = {"destination": destination, "demands": match.demands, "origins": match.origins}
        else:
            origin = query.validated_data["origin"]
            body = {"origin": origin, "opportunities": matching_for_origin(origin=origin)}
        return Response(MatchingSerializer(body).data)
