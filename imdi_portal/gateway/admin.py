"""The information gateway in the admin: moderation of activities and good practices by the
Secretariat, and the directory of focal points and contact points."""

from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from imdi_portal.core.exceptions import DomainError
from imdi_portal.gateway.directory import contact_give_consent, contact_withdraw_consent
from imdi_portal.gateway.models import (
    Activity,
    ActivityTransition,
    Contact,
    GCMObjective,
    GoodPractice,
    GoodPracticeTransition,
)
from imdi_portal.gateway.services import entry_moderate


class TransitionInline(admin.TabularInline):
    """The entry's moderation log, read-only: written by the services only."""

    fields = ["from_state", "to_state", "action", "by", "at", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = gettext_lazy("moderation log")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class GoodPracticeTransitionInline(TransitionInline):
    model = GoodPracticeTransition


class ActivityTransitionInline(TransitionInline):
    model = ActivityTransition


class GatewayEntryAdmin(admin.ModelAdmin):
    """Moderation of activities and good practices: entries are shared by organisations on
    the site; the Secretariat corrects them here and publishes or rejects them."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title_en", "organisation", "state", "submitted_at", "published_at"]
    list_filter = ["state", "components", "is_sample"]
    search_fields = ["title_en", "title_fr", "title_es", "organisation__name"]
    list_select_related = ["organisation"]
    filter_horizontal = ["countries", "themes"]
    readonly_fields = ["state", "submitted_by", "submitted_at", "reviewed_by", "published_at"]
    actions = ["publish", "reject"]

    def has_add_permission(self, request) -> bool:
        return False

    def _moderate(self, request, queryset, publish: bool) -> None:
        done = 0
        for entry in queryset:
            try:
                entry_moderate(
                    user=request.user, entry=entry, publish=publish, note=entry.review_note
                )
                done += 1
            except DomainError as exc:
                self.message_user(request, f"{entry}: {exc}", messages.ERROR)
        if done:
            self.message_user(request, _("%(n)d entry(ies) moderated.") % {"n": done})

    @admin.action(description=gettext_lazy("Publish"))
    def publish(self, request, queryset) -> None:
        self._moderate(request, queryset, True)

    @admin.action(description=gettext_lazy("Do not publish (write the reason in the note first)"))
    def reject(self, request, queryset) -> None:
        self._moderate(request, queryset, False)


@admin.register(GoodPractice)
class GoodPracticeAdmin(GatewayEntryAdmin):
    filter_horizontal = [*GatewayEntryAdmin.filter_horizontal, "objectives"]
    inlines = [GoodPracticeTransitionInline]


@admin.register(Activity)
class ActivityAdmin(GatewayEntryAdmin):
    inlines = [ActivityTransitionInline]
    list_display = [
        *GatewayEntryAdmin.list_display[:2],
        "status",
        "start_year",
        "end_year",
        "state",
    ]
    list_filter = ["state", "status", "organisation__is_gmg_member", "components", "is_sample"]


@admin.register(GCMObjective)
class GCMObjectiveAdmin(admin.ModelAdmin):
    list_display = ["number", "title"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    """The Secretariat keeps the directory. Consent is never ticked by hand: the person gives
    it on the portal, or the Secretariat records a consent received in writing with the
    action below; both are kept in the entry's history."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["function_en", "organisation", "country", "kind", "consent", "is_active"]
    list_filter = ["kind", "is_active", "is_sample", ("country", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["function_en", "office", "organisation__name", "person_name"]
    list_select_related = ["organisation", "country"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["topics"]
    readonly_fields = [
        "consent_given_at",
        "consent_method",
        "consent_recorded_by",
        "consent_withdrawn_at",
    ]
    fieldsets = [
        (None, {"fields": ["kind", "country", "organisation", "topics", "is_active", "is_sample"]}),
        (gettext_lazy("Function"), {"fields": ["function_en", "function_fr", "function_es"]}),
        (
            gettext_lazy("Official contact details (public)"),
            {"fields": ["office", "office_email", "office_phone", "office_address", "website"]},
        ),
        (
            gettext_lazy("The person (published only with recorded consent)"),
            {"fields": ["person_name", "person_email", "person_phone", "user", *readonly_fields]},
        ),
    ]
    actions = ["record_written_consent", "withdraw_consent"]

    @admin.display(boolean=True, description=gettext_lazy("consent"))
    def consent(self, obj: Contact) -> bool:
        return obj.has_consent

    def _apply(self, request, queryset, service) -> None:
        done = 0
        for contact in queryset:
            try:
                service(user=request.user, contact=contact)
                done += 1
            except DomainError as exc:
                self.message_user(request, f"{contact}: {exc}", messages.ERROR)
        if done:
            self.message_user(request, _("%(n)d entry(ies) updated.") % {"n": done})

    @admin.action(description=gettext_lazy("Record consent received in writing"))
    def record_written_consent(self, request, queryset) -> None:
        self._apply(request, queryset, contact_give_consent)

    @admin.action(description=gettext_lazy("Withdraw consent (hide the person's details)"))
    def withdraw_consent(self, request, queryset) -> None:
        self._apply(request, queryset, contact_withdraw_consent)
