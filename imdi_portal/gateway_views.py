"""Pages of the good-practices library: list with filters, a practice, the Atom feed, and
the submission form for organisation editors."""

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from imdi_portal.exceptions import DomainError
from imdi_portal.filters import codes_filter
from imdi_portal.gateway import can_submit, practice_list, practice_search, practice_submit
from imdi_portal.models import Component, Country, GCMObjective, GoodPractice, Theme


class PracticeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", max_length=100, label=gettext_lazy("Search"))
    country = codes_filter(
        "countries__iso3",
        gettext_lazy("Countries"),
        gettext_lazy("ISO3 codes, comma-separated (e.g. PHL,MYS)."),
    )
    component = django_filters.ModelChoiceFilter(
        field_name="components",
        to_field_name="code",
        queryset=Component.objects.all(),
        label=gettext_lazy("IMDI component"),
        empty_label=gettext_lazy("All components"),
    )
    theme = django_filters.ModelChoiceFilter(
        field_name="themes",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        label=gettext_lazy("Theme"),
        empty_label=gettext_lazy("All themes"),
    )
    objective = django_filters.ModelChoiceFilter(
        field_name="objectives",
        to_field_name="number",
        queryset=GCMObjective.objects.all(),
        label=gettext_lazy("Global Compact objective"),
        empty_label=gettext_lazy("All objectives"),
    )

    class Meta:
        model = GoodPractice
        fields = ["q", "country", "component", "theme", "objective"]

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return practice_search(queryset, value)

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        return super().filter_queryset(queryset).distinct()


@require_GET
def practice_index(request: HttpRequest) -> HttpResponse:
    filterset = PracticeFilter(request.GET or None, queryset=practice_list())
    valid = not filterset.is_bound or filterset.is_valid()
    practices = filterset.qs if valid else practice_list().none()
    page = Paginator(practices, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    allowed, _reason = can_submit(request.user)
    return render(
        request,
        "imdi_portal/practices.html",
        {"filter": filterset, "page": page, "query": query.urlencode(), "can_submit": allowed},
    )


@require_GET
def practice_detail(request: HttpRequest, slug: str) -> HttpResponse:
    practice = practice_list().prefetch_related("themes").filter(slug=slug).first()
    if practice is None:
        raise Http404(_("No published good practice has this address."))
    return render(request, "imdi_portal/practice.html", {"practice": practice})


class LabelledChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class PracticeForm(forms.ModelForm):
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
    objectives = LabelledChoices(
        label=gettext_lazy("Global Compact objectives"),
        queryset=GCMObjective.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    document_url = forms.URLField(
        label=gettext_lazy("Link to a document"), required=False, assume_scheme="https"
    )

    class Meta:
        model = GoodPractice
        fields = [
            "title_en",
            "title_fr",
            "title_es",
            "summary_en",
            "summary_fr",
            "summary_es",
            "what_was_done",
            "results",
            "lessons",
            "countries",
            "components",
            "themes",
            "objectives",
            "document_url",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in (
                "summary_en",
                "summary_fr",
                "summary_es",
                "what_was_done",
                "results",
                "lessons",
            )
        }


@login_required
def practice_new(request: HttpRequest) -> HttpResponse:
    allowed, reason = can_submit(request.user)
    if not allowed:
        messages.error(request, reason)
        return redirect("imdi_portal:practice-list")
    form = PracticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            practice_submit(user=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Thank you: the Secretariat will review the practice before it is published."),
            )
            return redirect("imdi_portal:practice-list")
    return render(request, "imdi_portal/practice_form.html", {"form": form})


class PracticeFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("IMDI portal: good practices and lessons learned")
    subtitle = gettext_lazy("Good practices published on the IMDI portal, newest first.")

    def link(self) -> str:
        return reverse("imdi_portal:practice-list")

    def items(self):
        return practice_list()[:50]

    def item_title(self, item: GoodPractice) -> str:
        return item.title

    def item_description(self, item: GoodPractice) -> str:
        return item.summary

    def item_pubdate(self, item: GoodPractice):
        return item.published_at
