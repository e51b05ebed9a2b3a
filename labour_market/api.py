"""Read API of the labour market app: classifications, shortage lists and matching."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from labour_market.filters import IndustryFilter, OccupationFilter
from labour_market.models import Industry, Occupation
from labour_market.selectors import industry_list, occupation_list


class OccupationSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)
    title = serializers.CharField(read_only=True, help_text="Title in the requested language.")
    level_label = serializers.CharField(source="get_level_display", read_only=True)
    page_url = serializers.CharField(source="get_absolute_url", read_only=True)

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
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)
    title = serializers.CharField(read_only=True, help_text="Title in the requested language.")
    level_label = serializers.CharField(source="get_level_display", read_only=True)
    page_url = serializers.CharField(source="get_absolute_url", read_only=True)

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
