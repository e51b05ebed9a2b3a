"""Moderation of the good-practices library by the Secretariat."""

from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imdi_portal.exceptions import DomainError
from imdi_portal.gateway import practice_moderate
from imdi_portal.models import GCMObjective, GoodPractice


@admin.register(GoodPractice)
class GoodPracticeAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title_en", "organisation", "state", "submitted_at", "published_at"]
    list_filter = ["state", "components", "is_sample"]
    search_fields = ["title_en", "title_fr", "title_es", "organisation__name"]
    list_select_related = ["organisation"]
    filter_horizontal = ["countries", "themes", "objectives"]
    readonly_fields = ["state", "submitted_by", "submitted_at", "reviewed_by", "published_at"]
    actions = ["publish", "reject"]

    def has_add_permission(self, request) -> bool:
        return False  # practices are shared by organisations on the site

    def _moderate(self, request, queryset, publish: bool) -> None:
        done = 0
        for practice in queryset:
            try:
                practice_moderate(
                    user=request.user, practice=practice, publish=publish, note=practice.review_note
                )
                done += 1
            except DomainError as exc:
                self.message_user(request, f"{practice}: {exc}", messages.ERROR)
        if done:
            self.message_user(request, _("%(n)d practice(s) moderated.") % {"n": done})

    @admin.action(description=gettext_lazy("Publish"))
    def publish(self, request, queryset) -> None:
        self._moderate(request, queryset, True)

    @admin.action(description=gettext_lazy("Do not publish (write the reason in the note first)"))
    def reject(self, request, queryset) -> None:
        self._moderate(request, queryset, False)


@admin.register(GCMObjective)
class GCMObjectiveAdmin(admin.ModelAdmin):
    list_display = ["number", "title"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
