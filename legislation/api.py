"""Read API of the regulatory-framework database (published categories only).

List elements (requirements, documents, fees, bodies, contacts, laws) are read from the
snapshot of the latest published version, annotated in the same query, so a page of any
size costs two queries (count and rows).
"""

from django.db.models import OuterRef, QuerySet, Subquery
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from imdi_portal.core.api import ErrorSerializer
from imdi_portal.core.api_support import (
    ChoiceLabelField,
    MethodField,
    OptionalURLField,
    OptionalURLsMixin,
)
from legislation.filters import PermitCategoryFilter
from legislation.forms import MAIN_FIELDS
from legislation.models import Agreement, Law, PermitCategory, PermitCategoryVersion
from legislation.selectors import category_list_for_editor
from legislation.services import (
    CHILDREN,
    category_create,
    category_publish,
    category_return,
    category_save_draft,
    category_start_revision,
    category_submit,
)


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
    url = OptionalURLField()


class ContactPointSerializer(serializers.Serializer):
    authority = serializers.CharField()
    address = serializers.CharField(allow_blank=True)
    website = OptionalURLField()
    email = serializers.EmailField(allow_blank=True)
    phone = serializers.CharField(allow_blank=True)


def _elements(name: str, serializer: type[serializers.Serializer], help_text: str):
    return serializer(many=True, read_only=True, source=f"elements.{name}", help_text=help_text)


class PermitCategorySerializer(OptionalURLsMixin, serializers.ModelSerializer):
    country = serializers.CharField(source="country.iso3", read_only=True)
    name = serializers.CharField(read_only=True)
    kind_label = ChoiceLabelField(source="kind")
    page_url = MethodField(source="get_absolute_url")
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
        # The twelve elements in the order of the common format, then the lists.
        fields = [
            "id",
            "country",
            "slug",
            "name",
            "kind_label",
            *MAIN_FIELDS,
            "requirements",
            "documents",
            "fees",
            "professional_bodies",
            "contact_points",
            "last_verified_on",
            "is_out_of_date",
            "is_sample",
            "page_url",
        ]
        read_only_fields = fields


class AgreementSerializer(OptionalURLsMixin, serializers.ModelSerializer):
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


# --- Writes for focal points and the Secretariat (same rules as the editor) --------------


class DraftSerializer(OptionalURLsMixin, serializers.ModelSerializer):
    """A category as its editors see it, lists included (from the rows, not a snapshot)."""

    country = serializers.CharField(source="country.iso3", read_only=True)
    requirements = RequirementSerializer(many=True, read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)
    fees = FeeSerializer(many=True, read_only=True)
    professional_bodies = ProfessionalBodySerializer(many=True, read_only=True)
    contact_points = ContactPointSerializer(many=True, read_only=True)
    laws = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    public = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The published category this draft revises."
    )

    class Meta:
        model = PermitCategory
        fields = [
            "id",
            "country",
            "slug",
            "state",
            "public",
            "review_comment",
            *MAIN_FIELDS,
            "requirements",
            "documents",
            "fees",
            "professional_bodies",
            "contact_points",
            "laws",
            "last_verified_on",
        ]
        read_only_fields = fields


class DraftInputSerializer(OptionalURLsMixin, serializers.ModelSerializer):
    """What a client may send: the scalar elements, the lists whole, the laws by id."""

    requirements = RequirementSerializer(many=True, required=False)
    documents = DocumentSerializer(many=True, required=False)
    fees = FeeSerializer(many=True, required=False)
    professional_bodies = ProfessionalBodySerializer(many=True, required=False)
    contact_points = ContactPointSerializer(many=True, required=False)
    laws = serializers.PrimaryKeyRelatedField(many=True, required=False, queryset=Law.objects.all())

    class Meta:
        model = PermitCategory
        fields = [
            *MAIN_FIELDS,
            "slug",
            "requirements",
            "documents",
            "fees",
            "professional_bodies",
            "contact_points",
            "laws",
        ]
        extra_kwargs = {"slug": {"required": False}}


class ReasonSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


def _split(data: dict) -> tuple[dict, list | None, dict]:
    elements = {name: [dict(row) for row in data.pop(name)] for name in CHILDREN if name in data}
    laws = data.pop("laws", None)
    return data, laws, elements


@extend_schema_view(
    list=extend_schema(summary="Drafts and categories you may edit", tags=["legislation-editor"]),
    retrieve=extend_schema(summary="One category you may edit", tags=["legislation-editor"]),
    create=extend_schema(
        summary="Create a draft for your country",
        tags=["legislation-editor"],
        request=DraftInputSerializer,
        responses={201: DraftSerializer, 400: ErrorSerializer, 409: ErrorSerializer},
    ),
    partial_update=extend_schema(
        summary="Change a draft (lists are replaced whole)",
        tags=["legislation-editor"],
        request=DraftInputSerializer,
        responses={200: DraftSerializer, 400: ErrorSerializer, 409: ErrorSerializer},
    ),
)
class PermitCategoryDraftViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Focal points work on their own country's categories; the Secretariat on all. Other
    countries' drafts are not found. Moves of the workflow are actions."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = DraftSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return category_list_for_editor(user=self.request.user).prefetch_related(
            "requirements", "documents", "fees", "professional_bodies", "contact_points", "laws"
        )

    def create(self, request, *args, **kwargs):
        payload = DraftInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        if request.user.country is None:
            raise PermissionDenied("Only focal points linked to a country create drafts here.")
        fields, laws, elements = _split(dict(payload.validated_data))
        category = category_create(
            user=request.user,
            country=request.user.country,
            laws=laws or (),
            elements=elements,
            **fields,
        )
        return Response(DraftSerializer(category).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        category = self.get_object()
        payload = DraftInputSerializer(category, data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        fields, laws, elements = _split(dict(payload.validated_data))
        fields.pop("slug", None)
        category_save_draft(
            user=request.user,
            category=category,
            fields=fields,
            laws=list(category.laws.all()) if laws is None else laws,
            elements=elements,
        )
        return Response(DraftSerializer(self.get_queryset().get(pk=category.pk)).data)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    def _move(self, request, service, **extra):
        category = self.get_object()
        result = service(user=request.user, category=category, **extra) or category
        return Response(DraftSerializer(self.get_queryset().get(pk=result.pk)).data)

    @extend_schema(
        request=None,
        responses={200: DraftSerializer, 409: ErrorSerializer},
        tags=["legislation-editor"],
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._move(request, category_submit)

    @extend_schema(
        request=ReasonSerializer,
        responses={200: DraftSerializer, 409: ErrorSerializer},
        tags=["legislation-editor"],
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        reason = ReasonSerializer(data=request.data)
        reason.is_valid(raise_exception=True)
        return self._move(request, category_publish, comment=reason.validated_data["comment"])

    @extend_schema(
        request=ReasonSerializer,
        responses={200: DraftSerializer, 409: ErrorSerializer},
        tags=["legislation-editor"],
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_to_focal_point(self, request, pk=None):
        reason = ReasonSerializer(data=request.data)
        reason.is_valid(raise_exception=True)
        return self._move(request, category_return, reason=reason.validated_data["comment"])

    @extend_schema(
        request=None,
        responses={200: DraftSerializer, 409: ErrorSerializer},
        tags=["legislation-editor"],
    )
    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        return self._move(request, category_start_revision)
