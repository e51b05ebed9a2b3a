"""Public API of the job-mobility area: open vacancies and recruitment agencies with their
licences. There is no profile endpoint: profiles are never public."""

from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets

from mobility.filters import AgencyFilter, VacancyFilter
from mobility.models import Licence, RecruitmentAgency, Vacancy, VacancyLanguage
from mobility.selectors import agency_list, vacancy_list_public

TAGS = ["mobility"]


class VacancyLanguageSerializer(serializers.ModelSerializer):
    min_level = serializers.CharField(source="get_min_level_display")

    class Meta:
        model = VacancyLanguage
        fields = ["language", "min_level"]


class VacancySerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    destination = serializers.CharField(source="destination.iso3")
    occupation = serializers.CharField(source="occupation.code")
    sector = serializers.CharField(source="sector.code", allow_null=True, default=None)
    in_shortage = serializers.BooleanField(
        help_text="The occupation (or a group containing it) is on a shortage list of the "
        "destination valid today."
    )
    languages = VacancyLanguageSerializer(many=True)

    class Meta:
        model = Vacancy
        fields = [
            "id",
            "title",
            "agency",
            "employer_name",
            "destination",
            "occupation",
            "sector",
            "posts",
            "min_education",
            "min_experience_years",
            "languages",
            "salary_min",
            "salary_max",
            "currency",
            "contract_months",
            "permit_category",
            "agreement",
            "twinning",
            "in_shortage",
            "is_sample",
            "created_at",
        ]
        read_only_fields = fields


class LicenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Licence
        fields = ["number", "issuing_authority", "status", "valid_from", "valid_to"]


class AgencySerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.iso3")
    has_valid_licence = serializers.BooleanField()
    has_label = serializers.BooleanField(help_text="Holds a valid IMDI quality label today.")
    is_blacklisted = serializers.BooleanField()
    may_recruit = serializers.SerializerMethodField()
    licences = LicenceSerializer(many=True)

    class Meta:
        model = RecruitmentAgency
        fields = [
            "slug",
            "name",
            "country",
            "website",
            "has_valid_licence",
            "has_label",
            "is_blacklisted",
            "may_recruit",
            "licences",
            "is_sample",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField())
    def get_may_recruit(self, agency: RecruitmentAgency) -> bool:
        return (agency.has_valid_licence or agency.has_label) and not agency.is_blacklisted


@extend_schema_view(
    list=extend_schema(summary="Open vacancies of agencies that may recruit", tags=TAGS),
    retrieve=extend_schema(summary="One open vacancy", tags=TAGS),
)
class VacancyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = VacancySerializer
    filterset_class = VacancyFilter

    def get_queryset(self):
        return vacancy_list_public().prefetch_related("languages")


@extend_schema_view(
    list=extend_schema(summary="Recruitment agencies with their licences", tags=TAGS),
    retrieve=extend_schema(summary="One recruitment agency", tags=TAGS),
)
class RecruitmentAgencyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AgencySerializer
    filterset_class = AgencyFilter
    lookup_field = "slug"

    def get_queryset(self):
        return agency_list()
