"""Read API of the regulatory-framework database (published categories only).

List elements (requirements, documents, fees, bodies, contacts, laws) are read from the
snapshot of the latest published version, annotated in the same query, so a page of any
size costs two queries (count and rows).
"""

from django.db.models import OuterRef, QuerySet, Subquery
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from imdi_portal.api import ErrorSerializer
from legislation.filters import PermitCategoryFilter
from legislation.models import Agreement, PermitCategory, PermitCategoryVersion


class RequirementSerializer(serializers.Serializer):
    text = serializers.CharField()


class DocumentSerializer(serializers.Serializer):
    name = serializers.CharField()
    translation_required = serializers.BooleanField()
    legalisation_required = serializers.BooleanField()
    notes = serializers.CharField(allow_blank=True)


class FeeSerializer(serializers.Serializer):
    label = serializers.CharField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=True)
    currency = serializers.CharField(help_text="ISO 4217 code.")
    payer = serializers.ChoiceField(choices=["applicant", "employer"])


class ProfessionalBodySerializer(serializers.Serializer):
    name = serializers.CharField()
    url = serializers.URLField(allow_blank=True)


class ContactPointSerializer(serializers.Serializer):
    authority = serializers.CharField()
    address = serializers.CharField(allow_blank=True)
    website = serializers.URLField(allow_blank=True)
    email = serializers.EmailField(allow_blank=True)
    phone = serializers.CharField(allow_blank=True)


def _elements(name: str, serializer: type[serializers.Serializer], help_text: str):
    return serializer(many=True, read_only=True, source=f"elements.{name}", help_text=help_text)


class PermitCategorySerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.iso3", read_only=True)
    name = serializers.CharField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    page_url = serializers.CharField(source="get_absolute_url", read_only=True)
    requirements = _elements("requirements", RequirementSerializer, "1. Requirements.")
    documents = _elements("documents", DocumentSerializer, "2. Documents required.")
    fees = _elements("fees", FeeSerializer, "4. Fees, in the currency charged.")
    professional_bodies = _elements(
        "professional_bodies", ProfessionalBodySerializer, "10. Bodies recognising qualifications."
    )
    contact_points = _elements("contact_points", ContactPointSerializer, "11. Contact points.")
    is_out_of_date = serializers.BooleanField(read_only=True)

    class Meta:
        model = PermitCategory
        fields = [
            "id",
            "country",
            "slug",
            "name",
            "name_en",
            "name_fr",
            "name_es",
            "kind",
            "kind_label",
            "legal_basis",
            "summary",
            "requirements",
            "documents",
            "apply_online",
            "apply_at_consulate",
            "apply_in_country",
            "application_url",
            "application_notes",
            "processing_days_typical",
            "processing_days_max",
            "fees",
            "initial_stay_months",
            "stay_conditions",
            "renewable",
            "max_total_stay_months",
            "extension_conditions",
            "multiple_entry_visa",
            "dependants_allowed",
            "dependants_who",
            "spouse_may_work",
            "appeal_available",
            "appeal_body",
            "appeal_deadline_days",
            "labour_market_test",
            "labour_market_test_criteria",
            "annual_quota",
            "quota_period",
            "recognition_procedure",
            "professional_bodies",
            "contact_points",
            "last_verified_on",
            "is_out_of_date",
            "is_sample",
            "page_url",
        ]
        read_only_fields = fields


class AgreementSerializer(serializers.ModelSerializer):
    countries = serializers.SlugRelatedField(slug_field="iso3", many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = ["id", "title", "kind", "countries", "signed_year", "url", "summary", "is_sample"]
        read_only_fields = fields


def published_with_elements() -> QuerySet[PermitCategory]:
    latest = PermitCategoryVersion.objects.filter(category=OuterRef("pk")).order_by("-number")
    return (
        PermitCategory.objects.published()
        .select_related("country")
        .annotate(snapshot=Subquery(latest.values("data")[:1]))
        .order_by("country__iso3", "name_en")
    )


@extend_schema_view(
    list=extend_schema(
        summary="Published permit categories with their twelve elements",
        tags=["legislation"],
        responses={200: PermitCategorySerializer(many=True), 400: ErrorSerializer},
    ),
    retrieve=extend_schema(summary="One published permit category", tags=["legislation"]),
)
class PermitCategoryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PermitCategorySerializer
    filterset_class = PermitCategoryFilter

    def get_queryset(self):
        return published_with_elements()


@extend_schema_view(
    list=extend_schema(summary="Bilateral and regional agreements", tags=["legislation"]),
    retrieve=extend_schema(summary="One agreement", tags=["legislation"]),
)
class AgreementViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AgreementSerializer
    queryset = Agreement.objects.prefetch_related("countries").order_by("-signed_year", "title")
