"""API of the projects app.

Public: /projects/ (approved and later projects) and /contributions/ (every contribution and
its use). Signed in: /proposals/, the proposals the caller may open, under the same rules
as the site (projects.workflow); drafts are created and changed there and moved with the
submit and endorse actions. Every write goes through projects.services.
"""

from typing import Any

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from imdi_portal.core.api import ErrorSerializer
from imdi_portal.core.api_support import ChoiceLabelField, OptionalURLsMixin
from imdi_portal.core.models import Component, Country, Organisation, Theme
from projects import selectors, services
from projects.filters import ProjectFilter
from projects.models import (
    Allocation,
    BudgetLine,
    CoFinancing,
    Contribution,
    InvolvedCountry,
    Partner,
    Proposal,
    ResultLine,
)
from projects.selectors import project_list, proposal_content_list, proposal_private_get

TAGS = ["projects"]


class InvolvedCountrySerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="iso3", queryset=Country.objects.all())
    endorsement = serializers.CharField(read_only=True)

    class Meta:
        model = InvolvedCountry
        fields = ["country", "role", "endorsement"]


class PartnerSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organisation.objects.filter(is_approved=True),
        allow_null=True,
        required=False,
    )
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)

    class Meta:
        model = Partner
        fields = ["organisation", "name", "role"]


class ResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = ResultLine
        fields = ["level", "statement", "indicator", "baseline", "target", "achieved"]
        read_only_fields = ["achieved"]


class BudgetLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = BudgetLine
        fields = ["category", "description", "amount"]


class CoFinancingSerializer(serializers.ModelSerializer):
    class Meta:
        model = CoFinancing
        fields = ["source", "amount", "confirmed"]


class DonorAllocationSerializer(serializers.ModelSerializer):
    donor = serializers.CharField(source="contribution.donor.slug")
    donor_name = serializers.CharField(source="contribution.donor.name")
    currency = serializers.CharField(source="contribution.currency")

    class Meta:
        model = Allocation
        fields = ["donor", "donor_name", "amount", "currency", "allocated_at"]


class ProjectSerializer(OptionalURLsMixin, serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name")
    status = serializers.CharField(source="state")
    status_label = ChoiceLabelField(source="state")
    components = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    countries = InvolvedCountrySerializer(many=True, read_only=True)
    partners = PartnerSerializer(many=True, read_only=True)
    budget_requested = serializers.DecimalField(
        source="budget_sum", max_digits=14, decimal_places=2
    )
    allocated = serializers.DecimalField(source="allocated_sum", max_digits=14, decimal_places=2)
    disbursed = serializers.DecimalField(source="disbursed_sum", max_digits=14, decimal_places=2)

    class Meta:
        model = Proposal
        fields = [
            "reference",
            "title",
            "title_fr",
            "title_es",
            "summary",
            "summary_fr",
            "summary_es",
            "status",
            "status_label",
            "organisation",
            "components",
            "countries",
            "partners",
            "start_date",
            "duration_months",
            "currency",
            "budget_requested",
            "approved_amount",
            "allocated",
            "disbursed",
            "is_sample",
        ]
        read_only_fields = fields


class ProjectDetailSerializer(ProjectSerializer):
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    results = ResultSerializer(many=True, read_only=True)
    budget_lines = BudgetLineSerializer(many=True, read_only=True)
    co_financing = CoFinancingSerializer(many=True, read_only=True)
    allocations = DonorAllocationSerializer(many=True, read_only=True)

    class Meta(ProjectSerializer.Meta):
        fields = [
            *ProjectSerializer.Meta.fields,
            "themes",
            "prsp_statement",
            "prsp_reference",
            "prsp_url",
            "results",
            "budget_lines",
            "co_financing",
            "allocations",
            "decision_note",
        ]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(
        summary="Approved and running IMDI projects",
        description="Projects approved by the Technical Advisory Panel and later (funded, in "
        "implementation, completed, closed), with countries, executing organisations, budget "
        "and funding received. Rows with is_sample=true are demonstration records.",
        tags=TAGS,
        responses={200: ProjectSerializer(many=True), 400: ErrorSerializer},
    ),
    retrieve=extend_schema(
        summary="One project by reference",
        tags=TAGS,
        responses={200: ProjectDetailSerializer, 404: ErrorSerializer},
    ),
)
class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    filterset_class = ProjectFilter
    lookup_field = "reference"
    lookup_value_regex = r"[A-Za-z0-9-]+"

    def get_queryset(self):
        qs = project_list()
        if self.action == "retrieve":
            qs = qs.prefetch_related(
                "themes",
                "results",
                "budget_lines",
                "co_financing",
                Prefetch(
                    "allocations",
                    queryset=Allocation.objects.select_related("contribution__donor"),
                ),
            )
        return qs

    def get_serializer_class(self):
        return ProjectDetailSerializer if self.action == "retrieve" else ProjectSerializer


class ContributionSerializer(serializers.ModelSerializer):
    donor = serializers.CharField(source="donor.slug")
    donor_name = serializers.CharField(source="donor.name")
    pool = serializers.CharField(source="earmark")
    project = serializers.CharField(source="project.reference", allow_null=True, default=None)
    component = serializers.CharField(source="component.code", allow_null=True, default=None)
    country = serializers.CharField(source="country.iso3", allow_null=True, default=None)
    allocated = serializers.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        model = Contribution
        fields = [
            "id",
            "donor",
            "donor_name",
            "status",
            "amount",
            "currency",
            "pledged_on",
            "received_on",
            "pool",
            "project",
            "component",
            "country",
            "allocated",
            "is_sample",
        ]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(
        summary="Donors' contributions",
        description="Every contribution, pledged or received, pooled (core) or earmarked to a "
        "project, a component or a country, with the amount allocated to projects.",
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="One contribution", tags=TAGS),
)
class ContributionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ContributionSerializer

    def get_queryset(self):
        return (
            Contribution.objects.select_related("donor", "project", "component", "country")
            .with_allocated()
            .order_by("-pledged_on", "-id")
        )


class ProposalSerializer(OptionalURLsMixin, serializers.ModelSerializer):
    """A proposal as its submitter writes it. Lists are replaced as a whole when given."""

    organisation = serializers.CharField(source="organisation.slug", read_only=True)
    components = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Component.objects.all(), required=False
    )
    themes = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=Theme.objects.all(), required=False
    )
    countries = InvolvedCountrySerializer(many=True, required=False)
    partners = PartnerSerializer(many=True, required=False)
    results = ResultSerializer(many=True, required=False)
    budget_lines = BudgetLineSerializer(many=True, required=False)
    co_financing = CoFinancingSerializer(many=True, required=False)
    missing = serializers.SerializerMethodField(
        help_text="What the proposal still lacks before it can be submitted."
    )

    class Meta:
        model = Proposal
        fields = [
            "id",
            "reference",
            "state",
            "version",
            "organisation",
            "title",
            "title_fr",
            "title_es",
            "summary",
            "summary_fr",
            "summary_es",
            "components",
            "themes",
            "start_date",
            "duration_months",
            "prsp_statement",
            "prsp_reference",
            "prsp_url",
            "currency",
            "countries",
            "partners",
            "results",
            "budget_lines",
            "co_financing",
            "approved_amount",
            "decision_note",
            "missing",
        ]
        read_only_fields = [
            "id",
            "reference",
            "state",
            "version",
            "approved_amount",
            "decision_note",
        ]

    def get_missing(self, proposal: Proposal) -> list[str]:
        return selectors.proposal_gaps_list(proposal) if proposal.is_editable else []

    def to_service_kwargs(self) -> dict[str, Any]:
        data = dict(self.validated_data)
        children = {}
        for name in services.CHILDREN:
            if name in data:
                rows = data.pop(name)
                if name == "results":
                    rows = [{k: v for k, v in r.items() if k != "achieved"} for r in rows]
                children[name] = [dict(r) for r in rows]
        data["children"] = children
        return data


class EndorsementSerializer(serializers.Serializer):
    country = serializers.SlugRelatedField(slug_field="iso3", queryset=Country.objects.all())
    endorse = serializers.BooleanField()
    comment = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema_view(
    list=extend_schema(summary="Proposals you may open", tags=TAGS),
    retrieve=extend_schema(summary="One of your proposals", tags=TAGS),
    create=extend_schema(
        summary="Start a proposal (draft)",
        tags=TAGS,
        responses={201: ProposalSerializer, 400: ErrorSerializer, 409: ErrorSerializer},
    ),
    partial_update=extend_schema(
        summary="Change a draft",
        tags=TAGS,
        responses={200: ProposalSerializer, 400: ErrorSerializer, 409: ErrorSerializer},
    ),
    update=extend_schema(
        summary="Change a draft",
        tags=TAGS,
        responses={200: ProposalSerializer, 400: ErrorSerializer, 409: ErrorSerializer},
    ),
)
class ProposalViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Submitters see their organisation's proposals, focal points those involving their
    country, TAP members those assigned to them, the Secretariat all."""

    serializer_class = ProposalSerializer
    permission_classes = [permissions.IsAuthenticated]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return proposal_content_list(self.request.user)

    def get_object(self):
        proposal = proposal_private_get(self.request.user, self.kwargs["pk"])
        if proposal is None:
            from django.http import Http404

            raise Http404
        return proposal

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        proposal = services.proposal_create(user=request.user, **serializer.to_service_kwargs())
        return Response(
            self.get_serializer(self.get_object_by_pk(proposal.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    def get_object_by_pk(self, pk: int) -> Proposal:
        return proposal_private_get(self.request.user, pk)

    def update(self, request, *args, **kwargs):
        proposal = self.get_object()
        serializer = self.get_serializer(
            proposal, data=request.data, partial=kwargs.pop("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        services.proposal_update(
            user=request.user, proposal=proposal, **serializer.to_service_kwargs()
        )
        return Response(self.get_serializer(self.get_object_by_pk(proposal.pk)).data)

    @extend_schema(
        summary="Submit a complete draft",
        request=None,
        tags=TAGS,
        responses={200: ProposalSerializer, 409: ErrorSerializer},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        proposal = services.proposal_submit(user=request.user, proposal=self.get_object())
        return Response(self.get_serializer(self.get_object_by_pk(proposal.pk)).data)

    @extend_schema(
        summary="Endorse or decline for your country (focal points)",
        request=EndorsementSerializer,
        tags=TAGS,
        responses={200: ProposalSerializer, 400: ErrorSerializer, 409: ErrorSerializer},
    )
    @action(detail=True, methods=["post"])
    def endorse(self, request, pk=None):
        proposal = self.get_object()
        body = EndorsementSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.proposal_endorse(
            user=request.user,
            proposal=proposal,
            country=body.validated_data["country"],
            endorse=body.validated_data["endorse"],
            comment=body.validated_data["comment"],
        )
        return Response(self.get_serializer(self.get_object_by_pk(proposal.pk)).data)
