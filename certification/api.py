"""Public API of the certification app: the label registry, verification by number
(rate-limited like the page) and the twinnings. Nothing here exposes audit findings,
self-assessments or evidence."""

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from certification.filters import RegistryFilter, TwinningFilter
from certification.models import (
    Benefit,
    Commitment,
    CommitmentRating,
    Label,
    Twinning,
    TwinningReview,
)
from certification.selectors import label_list, label_verification_get, twinning_list
from imdi_portal.core.api import ErrorSerializer
from imdi_portal.core.ratelimit import allow

TAGS = ["certification"]


class LabelSerializer(serializers.ModelSerializer):
    enterprise = serializers.CharField(source="enterprise.legal_name")
    enterprise_slug = serializers.CharField(source="enterprise.slug")
    country = serializers.CharField(source="enterprise.country.iso3")
    sector = serializers.CharField(source="enterprise.sector.code")
    kind = serializers.CharField(source="enterprise.kind")

    class Meta:
        model = Label
        fields = [
            "number",
            "enterprise",
            "enterprise_slug",
            "country",
            "sector",
            "kind",
            "scope",
            "status",
            "status_reason",
            "issued_on",
            "expires_on",
            "is_sample",
        ]
        read_only_fields = fields


class VerificationSerializer(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.ChoiceField(
        choices=["valid", "suspended", "withdrawn", "expired", "unknown"]
    )
    well_formed = serializers.BooleanField(
        help_text="False when the text cannot be a label number (length, characters or check "
        "character)."
    )
    label = LabelSerializer(allow_null=True)


@extend_schema_view(
    list=extend_schema(
        summary="The registry of quality labels",
        tags=TAGS,
        responses={200: LabelSerializer(many=True), 400: ErrorSerializer},
    ),
    retrieve=extend_schema(
        summary="One label by number",
        tags=TAGS,
        responses={200: LabelSerializer, 404: ErrorSerializer},
    ),
)
class LabelViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = LabelSerializer
    filterset_class = RegistryFilter
    lookup_field = "number"
    lookup_value_regex = r"[A-Za-z0-9-]+"

    def get_queryset(self):
        return label_list()

    @extend_schema(
        summary="Verify a label number",
        description="Answers valid, suspended, withdrawn, expired or unknown. Limited per "
        "client address (CERTIFICATION_VERIFY_LIMIT per window): 429 beyond.",
        parameters=[
            OpenApiParameter(
                "number",
                {"type": "string", "minLength": 1, "maxLength": 40, "pattern": r"\S"},
                required=True,
                description="The label number as printed (spaces around it are ignored).",
            )
        ],
        tags=TAGS,
        responses={200: VerificationSerializer, 400: ErrorSerializer, 429: ErrorSerializer},
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def verify(self, request):
        number = (request.query_params.get("number") or "").strip()
        if not number or len(number) > 40:
            return Response(
                {
                    "detail": "Give the label number as ?number=…",
                    "errors": {"number": ["This parameter is required (at most 40 characters)."]},
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        if not allow(
            request,
            "label-verify",
            settings.CERTIFICATION_VERIFY_LIMIT,
            settings.CERTIFICATION_VERIFY_WINDOW_SECONDS,
        ):
            return Response(
                {"detail": "Too many verifications from this address; try again in a few minutes."},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        return Response(VerificationSerializer(label_verification_get(number)).data)


class CommitmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Commitment
        fields = ["id", "party", "area", "text", "criteria", "indicators"]


class BenefitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Benefit
        fields = ["kind", "description", "quota"]


class RatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = CommitmentRating
        fields = ["commitment", "rating", "evidence", "recommendation"]


class ReviewSerializer(serializers.ModelSerializer):
    ratings = RatingSerializer(many=True)

    class Meta:
        model = TwinningReview
        fields = [
            "period_start",
            "period_end",
            "reviewed_on",
            "summary",
            "recommendations",
            "ratings",
        ]


class TwinningSerializer(serializers.ModelSerializer):
    origin = serializers.CharField(source="origin.iso3")
    destination = serializers.CharField(source="destination.iso3")

    class Meta:
        model = Twinning
        fields = [
            "slug",
            "title",
            "title_fr",
            "title_es",
            "origin",
            "destination",
            "status",
            "signed_on",
            "summary",
            "summary_fr",
            "summary_es",
            "is_sample",
        ]


class TwinningDetailSerializer(TwinningSerializer):
    commitments = CommitmentSerializer(many=True)
    benefits = BenefitSerializer(many=True)
    reviews = ReviewSerializer(many=True)

    class Meta(TwinningSerializer.Meta):
        fields = [*TwinningSerializer.Meta.fields, "commitments", "benefits", "reviews"]


@extend_schema_view(
    list=extend_schema(summary="Twinnings of the Twinning Programme", tags=TAGS),
    retrieve=extend_schema(
        summary="One twinning with commitments, benefits and reviews", tags=TAGS
    ),
)
class TwinningViewSet(viewsets.ReadOnlyModelViewSet):
    filterset_class = TwinningFilter
    lookup_field = "slug"

    def get_queryset(self):
        qs = twinning_list()
        if self.action == "retrieve":
            qs = qs.prefetch_related("commitments", "benefits", "reviews__ratings")
        return qs

    def get_serializer_class(self):
        return TwinningDetailSerializer if self.action == "retrieve" else TwinningSerializer
