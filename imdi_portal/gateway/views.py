"""Pages of the information gateway: activities and good practices, each with a list with
filters, a page per entry, an Atom feed and the submission form for organisation editors.
The two kinds share these views; the subclasses say which model, filters and form."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from imdi_portal.core.exceptions import DomainError
from imdi_portal.core.forms import blank_choices_in_words
from imdi_portal.core.models import Component, Country, Theme
from imdi_portal.gateway.filters import ActivityFilter, GatewayFilter, PracticeFilter
from imdi_portal.gateway.models import Activity, GatewayEntry, GCMObjective, GoodPractice
from imdi_portal.gateway.services import can_submit, entry_list, entry_submit


class LabelledChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class GatewayForm(forms.ModelForm):
    countries = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Countries"),
        queryset=Country.objects.ordered_by_name(),
        to_field_name="iso3",
        help_text=gettext_lazy("Hold Ctrl (or Cmd) to choose several."),
    )
    components = LabelledChoices(
        label=gettext_lazy("IMDI components"),
        queryset=Component.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    themes = LabelledChoices(
        label=gettext_lazy("Themes"),
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    TEXT_FIELDS = ["title_en", "title_fr", "title_es", "summary_en", "summary_fr", "summary_es"]
    TEXTAREAS = ("summary_en", "summary_fr", "summary_es")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        blank_choices_in_words(self)
        for name in self.TEXTAREAS:
            self.fields[name].widget = forms.Textarea(attrs={"rows": 4})


class PracticeForm(GatewayForm):
    objectives = LabelledChoices(
        label=gettext_lazy("Global Compact objectives"),
        queryset=GCMObjective.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    document_url = forms.URLField(
        label=gettext_lazy("Link to a document"), required=False, assume_scheme="https"
    )
    TEXTAREAS = (*GatewayForm.TEXTAREAS, "what_was_done", "results", "lessons")

    class Meta:
        model = GoodPractice
        fields = [
            *GatewayForm.TEXT_FIELDS,
            "what_was_done",
            "results",
            "lessons",
            "countries",
            "components",
            "themes",
            "objectives",
            "document_url",
        ]


class ActivityForm(GatewayForm):
    url = forms.URLField(
        label=gettext_lazy("Link to the programme"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Activity
        fields = [
            *GatewayForm.TEXT_FIELDS,
            "countries",
            "components",
            "themes",
            "start_year",
            "end_year",
            "status",
            "url",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A GMG member's programme may be global: no country then.
        self.fields["countries"].required = False
        self.fields["countries"].help_text = _(
            "Hold Ctrl (or Cmd) to choose several; none for a global programme."
        )
        for name in ("start_year", "end_year"):
            self.fields[name].widget.attrs.update(
                {"min": 1945, "max": datetime.date.today().year + 10}
            )


class GatewayKind:
    """What the views of one kind need: model, filters, form, templates, URL names."""

    model: type[GatewayEntry]
    filterset_class: type[GatewayFilter]
    form_class: type[GatewayForm]
    list_template: str
    detail_template: str
    form_template = "gateway/gateway_form.html"
    url_prefix: str  # "practice" or "activity"
    heading: str  # of the submission form
    thanks: str  # said once an entry is submitted


class PracticeKind(GatewayKind):
    model = GoodPractice
    filterset_class = PracticeFilter
    form_class = PracticeForm
    list_template = "gateway/practices.html"
    detail_template = "gateway/practice.html"
    url_prefix = "practice"
    heading = gettext_lazy("Share a good practice")
    thanks = gettext_lazy(
        "Thank you: the Secretariat will review the practice before it is published."
    )


class ActivityKind(GatewayKind):
    model = Activity
    filterset_class = ActivityFilter
    form_class = ActivityForm
    list_template = "gateway/activities.html"
    detail_template = "gateway/activity.html"
    url_prefix = "activity"
    heading = gettext_lazy("Share a programme or activity")
    thanks = gettext_lazy(
        "Thank you: the Secretariat will review the activity before it is published."
    )


class EntryIndex(View):
    kind: type[GatewayKind] = GatewayKind  # set in urls.py

    def get(self, request: HttpRequest) -> HttpResponse:
        entries = entry_list(self.kind.model)
        filterset = self.kind.filterset_class(request.GET or None, queryset=entries)
        valid = not filterset.is_bound or filterset.is_valid()
        page = Paginator(filterset.qs if valid else entries.none(), 20).get_page(
            request.GET.get("page")
        )
        query = request.GET.copy()
        query.pop("page", None)
        allowed, _reason = can_submit(request.user, self.kind.model)
        return render(
            request,
            self.kind.list_template,
            {"filter": filterset, "page": page, "query": query.urlencode(), "can_submit": allowed},
        )


class EntryDetail(View):
    kind: type[GatewayKind] = GatewayKind  # set in urls.py

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        entry = entry_list(self.kind.model).prefetch_related("themes").filter(slug=slug).first()
        if entry is None:
            raise Http404(_("No published entry has this address."))
        return render(request, self.kind.detail_template, {"entry": entry})


class EntryNew(LoginRequiredMixin, View):
    kind: type[GatewayKind] = GatewayKind  # set in urls.py

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated:
            allowed, reason = can_submit(request.user, self.kind.model)
            if not allowed:
                messages.error(request, reason)
                return redirect(f"imdi_portal:{self.kind.url_prefix}-list")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, self.kind.form_class())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self.kind.form_class(request.POST)
        if form.is_valid():
            try:
                entry_submit(self.kind.model, user=request.user, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, str(self.kind.thanks))
                return redirect(f"imdi_portal:{self.kind.url_prefix}-list")
        return self._render(request, form)

    def _render(self, request: HttpRequest, form: forms.Form) -> HttpResponse:
        return render(
            request,
            self.kind.form_template,
            {
                "form": form,
                "heading": self.kind.heading,
                "list_url": reverse(f"imdi_portal:{self.kind.url_prefix}-list"),
                "list_title": self.kind.model._meta.verbose_name_plural.capitalize(),
            },
        )


class EntryFeed(Feed):
    """RFC 4287: the portal authors the feed, each entry names the organisation that shared
    it, and every entry carries atom:updated: its publication, as entries keep no time of
    later edits (only published entries are listed, so it is never empty)."""

    feed_type = Atom1Feed
    kind: type[GatewayKind] = GatewayKind  # set in urls.py
    author_name = "IMDI portal"

    def link(self) -> str:
        return reverse(f"imdi_portal:{self.kind.url_prefix}-list")

    def items(self):
        return entry_list(self.kind.model)[:50]

    def item_title(self, item: GatewayEntry) -> str:
        return item.title

    def item_description(self, item: GatewayEntry) -> str:
        return item.summary

    def item_pubdate(self, item: GatewayEntry):
        return item.published_at

    def item_updateddate(self, item: GatewayEntry):
        return item.published_at

    def item_author_name(self, item: GatewayEntry) -> str:
        return str(item.organisation)


class PracticeFeed(EntryFeed):
    kind = PracticeKind
    title = gettext_lazy("IMDI portal: good practices and lessons learned")
    subtitle = gettext_lazy("Good practices published on the IMDI portal, newest first.")


class ActivityFeed(EntryFeed):
    kind = ActivityKind
    title = gettext_lazy("IMDI portal: programmes and activities")
    subtitle = gettext_lazy(
        "Programmes and activities of Global Migration Group members and other "
        "organisations published on the IMDI portal, newest first."
    )
