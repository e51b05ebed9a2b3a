"""Read-only API of the information gateway: published activities and good practices, and
the directory (official details; a person's details only with recorded consent). The same
selectors and filter sets as the pages."""

from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets

from imdi_portal.core.api import ErrorSerializer
from imdi_portal.core.api_support import OptionalURLsMixin
from imdi_portal.gateway.directory import contact_list
from imdi_portal.gateway.filters import ActivityFilter, ContactFilter, PracticeFilter
from imdi_portal.gateway.models import Activity, Contact, GoodPractice
from imdi_portal.gateway.services import entry_list

TAGS = ["gateway"]
ENTRY_FIELDS = [
    "slug",
    "title_en",
    "title_fr",
    "title_es",
    "summary_en",
    "summary_fr",
    "summary_es",
    "organisation",
    "countries",
    "components",
    "themes",
    "published_at",
    "is_sample",
]


class EntrySerializer(OptionalURLsMixin, serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name")
    countries = serializers.SlugRelatedField(slug_field="iso3", many=True, read_only=True)
    components = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)


class ActivitySerializer(EntrySerializer):
    class Meta:
        model = Activity
        fields = [*ENTRY_FIELDS, "start_year", "end_year", "status", "url"]
        read_only_fields = fields


class PracticeSerializer(EntrySerializer):
    objectives = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)

    class Meta:
        model = GoodPractice
        fields = [
            *ENTRY_FIELDS,
            "what_was_done",
            "results",
            "lessons",
            "objectives",
            "document_url",
        ]
        read_only_fields = fields


class PersonSerializer(serializers.Serializer):
    name = serializers.CharField(source="person_name")
    email = serializers.CharField(source="person_email")
    phone = serializers.CharField(source="person_phone")


class ContactSerializer(OptionalURLsMixin, serializers.ModelSerializer):
    country = serializers.CharField(source="country.iso3", allow_null=True, default=None)
    organisation = serializers.CharField(source="organisation.name")
    topics = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    person = serializers.SerializerMethodField(
        help_text="The person holding the post: null unless they consented to publication."
    )

    class Meta:
        model = Contact
        fields = [
            "id",
            "kind",
            "country",
            "organisation",
            "function_en",
            "function_fr",
            "function_es",
            "topics",
            "office",
            "office_email",
            "office_phone",
            "office_address",
            "website",
            "person",
            "is_sample",
        ]
        read_only_fields = fields

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_person(self, contact: Contact):
        if not contact.shows_person:
            return None
        return PersonSerializer(contact).data


def _read_only_schema(noun: str, serializer) -> dict:
    return {
        "list": extend_schema(
            summary=f"Published {noun}",
            tags=TAGS,
            responses={200: serializer(many=True), 400: ErrorSerializer},
        ),
        "retrieve": extend_schema(
            summary=f"One of the {noun}",
            tags=TAGS,
            responses={200: serializer, 404: ErrorSerializer},
        ),
    }


@extend_schema_view(**_read_only_schema("programmes and activities", ActivitySerializer))
class ActivityViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilter
    lookup_field = "slug"

    def get_queryset(self):
        return entry_list(Activity).prefetch_related("themes")


@extend_schema_view(**_read_only_schema("good practices", PracticeSerializer))
class PracticeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PracticeSerializer
    filterset_class = PracticeFilter
    lookup_field = "slug"

    def get_queryset(self):
        return entry_list(GoodPractice).prefetch_related("themes")


@extend_schema_view(**_read_only_schema("directory entries", ContactSerializer))
class ContactViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ContactSerializer
    filterset_class = ContactFilter

    def get_queryset(self):
        return contact_list()
