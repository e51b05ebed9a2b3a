"""Read API of the remittances app: volumes, the bilateral matrix, corridor costs, provider
services and the cost indicators. Every list runs a fixed number of queries."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from imdi_portal.core.api import ErrorSerializer
from imdi_portal.core.api_support import ChoiceLabelField, UncountedPagination
from imdi_portal.stats.api import ObservationSerializer
from remittances.filters import (
    BilateralFilter,
    CorridorCostFilter,
    CostAverageFilter,
    FlowFilter,
    RemittanceServiceFilter,
)
from remittances.models import CostAverage, RemittanceService
from remittances.selectors import (
    bilateral_list,
    corridor_cost_list,
    cost_average_list,
    flow_list,
    service_list,
)

TAGS = ["remittances"]


class BilateralSerializer(serializers.Serializer):
    sending = serializers.CharField(source="area_code")
    sending_name = serializers.CharField(source="area_name")
    receiving = serializers.CharField(source="counterpart_code")
    receiving_name = serializers.CharField(source="counterpart_name")
    year = serializers.IntegerField()
    value = serializers.FloatField(help_text="US$ millions")
    source = serializers.CharField()
    vintage = serializers.CharField()


class CostAverageSerializer(serializers.ModelSerializer):
    sending = serializers.CharField(source="sending.iso3", allow_null=True, default=None)
    # ISO3 of a country, or the code of an economy outside ISO 3166-1 (Kosovo: XKX).
    receiving = serializers.CharField(source="receiving_code", allow_null=True, default=None)
    share_above_5 = serializers.FloatField(read_only=True, allow_null=True)
    gap_to_target = serializers.FloatField(read_only=True)

    class Meta:
        model = CostAverage
        fields = [
            "scope",
            "key",
            "sending",
            "receiving",
            "period",
            "amount",
            "basis",
            "value",
            "corridors",
            "corridors_above_5",
            "share_above_5",
            "gap_to_target",
            "services",
            "has_sample",
        ]
        read_only_fields = fields


class CorridorCostSerializer(CostAverageSerializer):
    class Meta(CostAverageSerializer.Meta):
        fields = [
            "key",
            "sending",
            "receiving",
            "period",
            "amount",
            "basis",
            "value",
            "services",
            "has_sample",
        ]
        read_only_fields = fields


class RemittanceServiceSerializer(serializers.ModelSerializer):
    sending = serializers.CharField(source="sending.iso3")
    receiving = serializers.CharField(source="receiving.iso3")
    speed_label = ChoiceLabelField(source="speed")
    received_200 = serializers.FloatField(
        read_only=True, allow_null=True, help_text="USD the recipient gets of USD 200 sent"
    )

    class Meta:
        model = RemittanceService
        fields = [
            "period",
            "sending",
            "receiving",
            "firm",
            "firm_type",
            "product",
            "payment_instrument",
            "access_point",
            "speed",
            "speed_label",
            "fee_200",
            "fx_margin_200",
            "total_cost_200",
            "received_200",
            "fee_500",
            "fx_margin_500",
            "total_cost_500",
            "transparent",
            "is_sample",
            "source",
        ]
        read_only_fields = fields


def _list(summary: str, description: str, serializer) -> dict:
    return {
        "list": extend_schema(
            summary=summary,
            description=description,
            tags=TAGS,
            responses={200: serializer(many=True), 400: ErrorSerializer},
        )
    }


@extend_schema_view(
    **_list(
        "Remittance volumes by economy and year",
        "WDI personal remittances received (BX.TRF.PWKR.CD.DT) and paid (BM.TRF.PWKR.CD.DT), "
        "received as % of GDP, per inhabitant, and the totals of the bilateral remittance "
        "matrix (IMDI.KNOMAD.RECEIVED / SENT, US$ millions). `direction=in|out`.",
        ObservationSerializer,
    )
)
class FlowViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = ObservationSerializer
    filterset_class = FlowFilter
    pagination_class = UncountedPagination

    def get_queryset(self):
        return flow_list()


@extend_schema_view(
    **_list(
        "The bilateral remittance matrix",
        "World Bank/KNOMAD bilateral remittance estimates, US$ millions, one row per sending "
        "and receiving country and year (zeros are not listed).",
        BilateralSerializer,
    )
)
class BilateralViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = BilateralSerializer
    filterset_class = BilateralFilter

    def get_queryset(self):
        return bilateral_list()


@extend_schema_view(
    **_list(
        "Average total cost by corridor and quarter",
        "basis=corridor: the World Bank's published corridor averages (ATCR.CORR, USD 200); "
        "basis=provider: the simple average of the transparent services surveyed (USD 200 "
        "and 500), without sample services on a real corridor. Percent of the amount sent.",
        CorridorCostSerializer,
    )
)
class CorridorCostViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = CorridorCostSerializer
    filterset_class = CorridorCostFilter

    def get_queryset(self):
        return corridor_cost_list()


@extend_schema_view(
    **_list(
        "Remittance services surveyed (provider level)",
        "One row per service, corridor and quarter: provider, type, instrument, access point, "
        "speed, fee, exchange-rate margin and total cost in % of USD 200 and USD 500. Rows with "
        "is_sample=true are sample data, not a World Bank survey.",
        RemittanceServiceSerializer,
    )
)
class RemittanceServiceViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = RemittanceServiceSerializer
    filterset_class = RemittanceServiceFilter

    def get_queryset(self):
        return service_list()


@extend_schema_view(
    **_list(
        "Remittance cost indicators",
        "Global averages (simple and weighted by bilateral flows), averages by sending and "
        "receiving country, receiving region (scope=wb-region: World Bank region name; "
        "scope=region: UN M49 sub-region code), provider type and payment instrument, SmaRT "
        "by corridor and its global average (scope=smart, global-smart; the portal's "
        "approximation, see the SDG 10.c page), with the SDG 10.c counts: corridors and "
        "corridors above 5 %, gap to the 3 % target. Groups of corridors average the services "
        "with basis=provider (the World Bank's definition) and the corridor averages with "
        "basis=corridor. Sample services count only in corridors without real data.",
        CostAverageSerializer,
    )
)
class CostIndicatorViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = CostAverageSerializer
    filterset_class = CostAverageFilter

    def get_queryset(self):
        return cost_average_list()
