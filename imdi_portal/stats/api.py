"""Serializers and viewsets of the statistical store: import jobs, the catalogue,
observations and projections."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, parsers, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from imdi_portal.core.api import ErrorSerializer
from imdi_portal.core.api_support import (
    ChoiceLabelField,
    JSONParser,
    OptionalURLsMixin,
    StreamedCSVMixin,
    UncountedPagination,
)
from imdi_portal.core.exceptions import DomainError
from imdi_portal.stats.explorer import observation_table
from imdi_portal.stats.filters import ObservationFilter, ProjectionFilter
from imdi_portal.stats.importing import registry
from imdi_portal.stats.models import ImportJob, Indicator, Observation, Projection
from imdi_portal.stats.projections import method_for
from imdi_portal.stats.selectors import indicator_list, observation_list, projection_list
from imdi_portal.stats.services import (
    import_job_apply_revisions,
    import_job_discard,
    import_job_submit,
)


class ImportReviewIndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    existing = serializers.IntegerField(help_text="Values of the indicator in the store.")
    changing = serializers.IntegerField(help_text="Published values the file would change.")
    share = serializers.FloatField(help_text="changing / existing (0.1 = 10 %).")
    over_change = serializers.IntegerField(
        help_text="Values that would change by more than the change threshold."
    )
    largest_change = serializers.FloatField(
        allow_null=True,
        help_text="Largest relative change (0.6 = 60 %); null when a published 0 changes.",
    )
    needs_review = serializers.BooleanField()


class ImportReviewChangeSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    area_code = serializers.CharField()
    area_name = serializers.CharField()
    counterpart_code = serializers.CharField()
    counterpart_name = serializers.CharField()
    period = serializers.CharField()
    sex = serializers.CharField()
    age = serializers.CharField()
    classification = serializers.CharField()
    before = serializers.FloatField(help_text="The published value.")
    after = serializers.FloatField(help_text="The file's value.")
    change = serializers.FloatField(
        allow_null=True, help_text="(after - before) / |before|; null when before is 0."
    )


class ImportReviewThresholdsSerializer(serializers.Serializer):
    share = serializers.FloatField(help_text="settings.IMPORT_REVIEW_SHARE (0.05 = 5 %).")
    change = serializers.FloatField(help_text="settings.IMPORT_REVIEW_CHANGE (0.5 = 50 %).")


class ImportReviewSerializer(serializers.Serializer):
    """What an import would revise; filled when it awaits review (or, for a dry run, when
    it would)."""

    thresholds = ImportReviewThresholdsSerializer()
    changing = serializers.IntegerField(help_text="Published values that would change.")
    indicators = ImportReviewIndicatorSerializer(many=True)
    largest = ImportReviewChangeSerializer(many=True, help_text="The largest changes, at most 20.")
    areas = serializers.ListField(
        child=serializers.CharField(), help_text="Countries and areas concerned."
    )
    periods = serializers.ListField(child=serializers.CharField(), help_text="Periods concerned.")
    staged = serializers.IntegerField(
        required=False, help_text="Values of the file kept for the decision."
    )
    dry_run = serializers.BooleanField(
        required=False, help_text="A dry run: what the real import would need reviewed."
    )
    accepted_at_start = serializers.BooleanField(
        required=False,
        help_text="Started with accept_revisions: these revisions were applied at once, "
        "on the decision of whoever started the import (created_by).",
    )
    dry_run = serializers.BooleanField(
        required=False, help_text="True: a dry run, which did not stop."
    )


class ImportJobSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:import-detail", read_only=True)
    status_label = ChoiceLabelField(source="status")
    percent = serializers.IntegerField(read_only=True)
    is_finished = serializers.BooleanField(
        read_only=True,
        help_text='True once succeeded or failed. A job in status "review" waits for a '
        "person (apply/ or discard/), not for the worker: stop polling there too.",
    )
    error_report_url = serializers.SerializerMethodField()
    skipped_line = serializers.CharField(
        read_only=True, help_text='Why values were left out: "48 regional aggregate, ...".'
    )
    review = serializers.SerializerMethodField(
        help_text='Set when the job awaits review (status "review"): apply or discard it '
        "at apply/ or discard/; kept afterwards, and for a dry run or an import started with "
        "accept_revisions that revised values past the thresholds."
    )
    reviewed_by = serializers.SerializerMethodField(help_text="Who applied or discarded it.")

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "url",
            "source",
            "original_name",
            "size",
            "sha256",
            "options",
            "status",
            "status_label",
            "is_finished",
            "percent",
            "rows_total",
            "rows_processed",
            "created",
            "updated",
            "unchanged",
            "rejected",
            "skipped",
            "skipped_reasons",
            "skipped_line",
            "review",
            "reviewed_by",
            "reviewed_at",
            "error",
            "errors",
            "error_report_url",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_reviewed_by(self, job: ImportJob) -> str | None:
        return str(job.reviewed_by) if job.reviewed_by_id else None

    @extend_schema_field(ImportReviewSerializer(allow_null=True))
    def get_review(self, job: ImportJob) -> dict | None:
        if not job.review:
            return None
        # The file's context is kept for the later merge; it is not part of the summary.
        return {key: value for key, value in job.review.items() if key != "context"}

    def get_error_report_url(self, job: ImportJob) -> str | None:
        if not job.error_report:
            return None
        return self.context["request"].build_absolute_uri(
            reverse("admin:stats_importjob_errors", args=[job.pk])
        )


@extend_schema_field(
    {
        "oneOf": [
            {"type": "boolean"},
            {"type": "string", "enum": ["true", "false", "1", "0", "True", "False"]},
        ]
    }
)
class FormBooleanField(serializers.BooleanField):
    """A yes/no field of a multipart form, where every value is text ("true", "0", ...)."""


@extend_schema_field({"type": "string", "format": "binary", "minLength": 1})
class UploadedFileField(serializers.FileField):
    """A file that is not empty (DRF refuses an empty one; the schema says so)."""


class ImportUploadSerializer(serializers.Serializer):
    source = serializers.ChoiceField(choices=())
    file = UploadedFileField()
    skip_invalid = FormBooleanField(default=False)
    dry_run = FormBooleanField(default=False)
    country = serializers.RegexField(
        r"^[A-Za-z]{3}$",
        required=False,
        allow_blank=True,
        help_text="Only import rows of this ISO3 country (empty: every country).",
    )
    sex = serializers.ChoiceField(
        choices=[("T", "Both sexes"), ("M", "Males"), ("F", "Females")],
        required=False,
        help_text="The sex of the values when the file's layout cannot tell (UN DESA CSVs): "
        "T both sexes, M males, F females.",
    )
    year = serializers.RegexField(
        r"^\d{4}$",
        required=False,
        allow_blank=True,
        help_text="The year of the values when the file does not say it (a KNOMAD matrix "
        "without its title line).",
    )
    accept_revisions = FormBooleanField(
        default=False,
        help_text="Apply an import that revises many published values without stopping for review.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = registry.choices()


class CanImport(permissions.BasePermission):
    """Staff with the import permissions: view jobs to read, run_import to upload."""

    message = "Imports are for Secretariat staff with the import permission."

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_staff):
            return False
        if request.method == "POST":
            return user.has_perm("stats.run_import")
        return user.has_perm("stats.view_importjob")


@extend_schema_view(
    list=extend_schema(summary="List import jobs (staff)", tags=["imports"]),
    retrieve=extend_schema(summary="Status and progress of one import job", tags=["imports"]),
    create=extend_schema(
        summary="Upload a file for import (multipart); answers 202 with the queued job",
        description=(
            "A file that would revise more than IMPORT_REVIEW_SHARE (5 %) of an indicator's "
            "published values, or one of them by more than IMPORT_REVIEW_CHANGE (50 %), "
            'writes nothing: the job ends in status "review" with a `review` summary, to be '
            "applied or discarded (apply/, discard/), unless `accept_revisions` is true. "
            "While a job of a source awaits review, other files of that source are refused "
            "(400), except dry runs."
        ),
        tags=["imports"],
        request={"multipart/form-data": ImportUploadSerializer},
        responses={202: ImportJobSerializer, 400: ErrorSerializer, 503: ErrorSerializer},
    ),
    apply=extend_schema(
        summary="Apply the revisions of a job awaiting review (staff with run_import)",
        description=(
            "Writes the file's kept values as if `accept_revisions` had been given; answers "
            'with the job, now "succeeded" with its counts and `reviewed_by`. 409 if the job '
            "is not awaiting review."
        ),
        tags=["imports"],
        request=None,
        responses={
            200: ImportJobSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
            409: ErrorSerializer,
        },
    ),
    discard=extend_schema(
        summary="Discard a job awaiting review (staff with run_import)",
        description=(
            'Deletes the kept values; nothing is written. Answers with the job, now "discarded". '
            "409 if the job is not awaiting review."
        ),
        tags=["imports"],
        request=None,
        responses={
            200: ImportJobSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
            409: ErrorSerializer,
        },
    ),
)
class ImportJobViewSet(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [CanImport]
    parser_classes = [parsers.MultiPartParser, parsers.FormParser]
    queryset = ImportJob.objects.select_related("reviewed_by").order_by("-created_at")
    serializer_class = ImportJobSerializer
    throttle_classes = []  # staff only; their uploads are not anonymous traffic

    def get_serializer_class(self):
        return ImportUploadSerializer if self.action == "create" else ImportJobSerializer

    def create(self, request, *args, **kwargs):
        upload = ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        try:
            job = import_job_submit(
                source=data["source"],
                upload=data["file"],
                user=request.user,
                skip_invalid=data["skip_invalid"],
                dry_run=data["dry_run"],
                country=data.get("country", ""),
                sex=data.get("sex", ""),
                year=data.get("year", ""),
                accept_revisions=data["accept_revisions"],
            )
        except DomainError as exc:
            raise serializers.ValidationError({"file": [str(exc)]}) from None
        body = ImportJobSerializer(job, context={"request": request}).data
        if job.status == ImportJob.Status.FAILED and not job.started_at:
            # The broker is down: say so instead of pretending the job was queued.
            return Response(
                {"detail": job.error, "job": body}, status=status.HTTP_503_SERVICE_UNAVAILABLE
            )
        # str(): the URL is a DRF Hyperlink, which strict WSGI servers refuse as a header.
        return Response(
            body, status=status.HTTP_202_ACCEPTED, headers={"Location": str(body["url"])}
        )

    # The services refuse a job that is not awaiting review with a DomainError: a 409.
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def apply(self, request, pk=None):
        job = import_job_apply_revisions(job=self.get_object(), user=request.user)
        return Response(ImportJobSerializer(job, context={"request": request}).data)

    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def discard(self, request, pk=None):
        job = import_job_discard(job=self.get_object(), user=request.user)
        return Response(ImportJobSerializer(job, context={"request": request}).data)


class IndicatorSerializer(OptionalURLsMixin, serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="Name in the requested language.")
    kind = serializers.ChoiceField(
        choices=Indicator.Kind.choices,
        allow_blank=True,
        read_only=True,
        help_text="Kind of value; empty while unknown.",
    )
    kind_label = ChoiceLabelField(source="kind")
    definition = serializers.CharField(
        read_only=True, help_text="Definition in the requested language (English if missing)."
    )
    page_url = serializers.SerializerMethodField(
        help_text="The indicator's page: definition, coverage, method and how to cite it."
    )
    projection_method = serializers.SerializerMethodField(
        help_text="How the indicator's series are projected (by its kind); empty: not projected."
    )

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "name_en",
            "name_fr",
            "name_es",
            "kind",
            "kind_label",
            "unit",
            "definition",
            "definition_en",
            "definition_fr",
            "definition_es",
            "source",
            "source_url",
            "licence",
            "vintage",
            "description",
            "is_derived",
            "projection_method",
            "page_url",
        ]
        read_only_fields = fields

    def get_page_url(self, indicator: Indicator) -> str:
        url = reverse("imdi_portal:indicator-detail", args=[indicator.code])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url

    def get_projection_method(self, indicator: Indicator) -> str:
        return method_for(indicator.kind)


class ObservationSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    area_name = serializers.CharField(read_only=True)
    counterpart_name = serializers.SerializerMethodField()
    status_label = ChoiceLabelField(source="status")

    class Meta:
        model = Observation
        fields = [
            "indicator",
            "area_code",
            "area_name",
            "counterpart_code",
            "counterpart_name",
            "period",
            "year",
            "sex",
            "age",
            "classification",
            "value",
            "status",
            "status_label",
            "source",
            "vintage",
        ]
        read_only_fields = fields

    def get_counterpart_name(self, obs: Observation) -> str:
        return obs.counterpart_name


@extend_schema_view(
    list=extend_schema(summary="The indicator catalogue", tags=["statistics"]),
    retrieve=extend_schema(summary="One indicator by code", tags=["statistics"]),
)
class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = IndicatorSerializer
    lookup_field = "code"
    lookup_value_regex = r"[A-Za-z0-9_.+\-]{1,60}"

    def get_queryset(self):
        return indicator_list()


@extend_schema_view(
    list=extend_schema(
        summary="Observed values of the statistical store",
        description=(
            "One row per value: indicator, area, counterpart (bilateral data), period, sex, "
            "age and breakdown. Pages give `next` and `previous` links but no total count. "
            "With `format=csv` the whole selection (at most 200,000 rows) is streamed as "
            "one file, header first; `limit` and `offset` apply when given. "
            "Projections are not observations; see /api/v1/projections/."
        ),
        tags=["statistics"],
        responses={200: ObservationSerializer(many=True), 400: ErrorSerializer},
    ),
)
class ObservationViewSet(StreamedCSVMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = ObservationSerializer
    filterset_class = ObservationFilter
    pagination_class = UncountedPagination  # no COUNT(*) over millions of rows
    csv_filename = "observations.csv"

    def get_queryset(self):
        return observation_list()

    def csv_table(self, queryset):
        """The serializer's columns, read as plain values (a whole indicator streams)."""
        columns = list(ObservationSerializer.Meta.fields)
        return columns, observation_table(queryset, columns)


class ProjectionSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    is_projection = serializers.SerializerMethodField()
    method = serializers.CharField(
        read_only=True,
        help_text="The method of this row: a log-linear trend (counts, amounts, indices) or a "
        "logit trend (shares, kept within 0-100 %), anchored on the last observation.",
    )

    class Meta:
        model = Projection
        fields = [
            "indicator",
            "area_code",
            "counterpart_code",
            "sex",
            "age",
            "classification",
            "year",
            "value",
            "lower",
            "upper",
            "is_projection",
            "method",
            "base_first_year",
            "base_last_year",
            "base_points",
            "computed_at",
        ]
        read_only_fields = fields

    def get_is_projection(self, obj: Projection) -> bool:
        return True


@extend_schema_view(
    list=extend_schema(
        summary="Projected values (never observations)",
        description=(
            "Five years ahead of every annual series with at least 8 observed years after its "
            "last series break, by the indicator's kind: a log-linear trend for counts, "
            "amounts and indices; a trend on the logit for shares, so that values and "
            "interval stay within 0-100 %; no projection for rates and balances that can be "
            "negative or change sign (e.g. net migration) nor for indicators of unknown kind. "
            "The fitted trend is shifted to pass through the last observed value; lower and "
            "upper are its 95% prediction interval. Each row names its `method`. A projection "
            "shows where the past trend leads, not a forecast."
        ),
        tags=["statistics"],
        responses={200: ProjectionSerializer(many=True), 400: ErrorSerializer},
    ),
)
class ProjectionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = ProjectionSerializer
    filterset_class = ProjectionFilter
    pagination_class = UncountedPagination

    def get_queryset(self):
        return projection_list()
