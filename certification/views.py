"""Public pages of the certification app: the principles, the registry, enterprise and label
pages, verification by number (rate-limited), complaints, and the Twinning Programme."""

from urllib.parse import urlencode

import segno
from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from certification.filters import RegistryFilter, TwinningFilter
from certification.forms import ComplaintForm, FalseClaimForm, VerifyForm
from certification.models import Label
from certification.numbers import normalise
from certification.selectors import (
    enterprise_label_list,
    label_list,
    label_verification_get,
    principle_set_current_get,
    twinning_get,
    twinning_list,
)
from certification.services import complaint_file, complaint_file_false_claim
from imdi_portal.core.downloads import chunked, csv_response, wants_csv
from imdi_portal.core.exceptions import DomainError
from imdi_portal.core.ratelimit import allow


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "certification/index.html",
        {
            "principles": principle_set_current_get(),
            "active": Label.objects.in_force().count(),
            "twinnings": twinning_list().count(),
            "verify_form": VerifyForm(),
        },
    )


@require_safe
def registry_page(request: HttpRequest) -> HttpResponse:
    filterset = RegistryFilter(request.GET or None, queryset=label_list())
    valid = not filterset.is_bound or filterset.is_valid()
    labels = filterset.qs if valid else label_list().none()
    if valid and wants_csv(request):
        return csv_response(
            "imdi-quality-label-registry.csv",
            [
                "label",
                "enterprise",
                "country",
                "sector",
                "kind",
                "status",
                "issued_on",
                "expires_on",
                "sample",
            ],
            (
                [
                    l.number,
                    l.enterprise.legal_name,
                    l.enterprise.country.iso3,
                    l.enterprise.sector.code,
                    l.enterprise.kind,
                    l.status,
                    l.issued_on,
                    l.expires_on,
                    "yes" if l.is_sample else "no",
                ]
                for l in chunked(labels)  # noqa: E741
            ),
        )
    page = Paginator(labels, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "certification/registry.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
    )


@require_safe
def enterprise_page(request: HttpRequest, slug: str) -> HttpResponse:
    labels = enterprise_label_list(slug)
    if not labels:
        raise Http404(_("No labelled enterprise has this address."))
    return render(
        request,
        "certification/enterprise.html",
        {"enterprise": labels[0].enterprise, "labels": labels},
    )


def _verify_url(request: HttpRequest, number: str) -> str:
    return request.build_absolute_uri(reverse("certification:verify") + f"?number={number}")


@require_safe
def label_page(request: HttpRequest, number: str) -> HttpResponse:
    canonical = normalise(number)
    label = label_list().filter(number=canonical).first() if canonical else None
    if label is None:
        raise Http404(_("No label has this number."))
    if canonical != number:
        return redirect("certification:label", number=canonical, permanent=True)
    url = _verify_url(request, label.number)
    qr = segno.make(url, error="m").svg_inline(
        scale=4, title=_("QR code: verify this label at %(url)s") % {"url": url}
    )
    return render(
        request,
        "certification/label.html",
        {"label": label, "qr": qr, "verify_url": url},
    )


@require_safe
def verify(request: HttpRequest) -> HttpResponse:
    """Answer for a number, at most CERTIFICATION_VERIFY_LIMIT times per client and window."""
    form = VerifyForm(request.GET or None)
    context = {"form": form}
    status = 200
    if form.is_bound and form.is_valid():
        if allow(
            request,
            "label-verify",
            settings.CERTIFICATION_VERIFY_LIMIT,
            settings.CERTIFICATION_VERIFY_WINDOW_SECONDS,
        ):
            result = label_verification_get(form.cleaned_data["number"])
            context["result"] = result
            if result["status"] == "unknown":
                context["false_claim_url"] = _false_claim_url(form.cleaned_data["number"])
        else:
            context["limited"] = True
            status = 429
    return render(request, "certification/verify.html", context, status=status)


def _complaint_allowed(request: HttpRequest) -> bool:
    return allow(
        request,
        "complaint",
        settings.CERTIFICATION_COMPLAINT_LIMIT,
        settings.CERTIFICATION_COMPLAINT_WINDOW_SECONDS,
    )


def complaint_new(request: HttpRequest) -> HttpResponse:
    """A complaint about an enterprise holding a label in the registry."""
    number = request.GET.get("number", "")
    form = ComplaintForm(request.POST or None, initial={"number": number})
    context = {"form": form, "false_claim_url": _false_claim_url(number)}
    if request.method == "POST" and form.is_valid():
        if not _complaint_allowed(request):
            context["limited"] = True
            return render(request, "certification/complaint_form.html", context, status=429)
        try:
            complaint = complaint_file(
                number=form.cleaned_data["number"],
                description=form.cleaned_data["description"],
                reporter_name=form.cleaned_data["reporter_name"],
                reporter_email=form.cleaned_data["reporter_email"],
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            return render(request, "certification/complaint_done.html", {"complaint": complaint})
    return render(request, "certification/complaint_form.html", context)


def complaint_false_claim(request: HttpRequest) -> HttpResponse:
    """A report of an enterprise that claims the label but is not in the registry; the
    verification page links here with the number it did not find."""
    form = FalseClaimForm(
        request.POST or None, initial={"claimed_number": request.GET.get("number", "")[:60]}
    )
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        if not _complaint_allowed(request):
            context["limited"] = True
            return render(request, "certification/false_claim_form.html", context, status=429)
        data = form.cleaned_data
        try:
            complaint = complaint_file_false_claim(
                enterprise_name=data["enterprise_name"],
                seen_at=data["seen_at"],
                claimed_number=data["claimed_number"],
                country=data["country"],
                description=data["description"],
                reporter_name=data["reporter_name"],
                reporter_email=data["reporter_email"],
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            return render(request, "certification/complaint_done.html", {"complaint": complaint})
    return render(request, "certification/false_claim_form.html", context)


def _false_claim_url(number: str) -> str:
    url = reverse("certification:complaint-false-claim")
    return f"{url}?{urlencode({'number': number[:60]})}" if number else url


@require_safe
def twinnings(request: HttpRequest) -> HttpResponse:
    filterset = TwinningFilter(request.GET or None, queryset=twinning_list())
    valid = not filterset.is_bound or filterset.is_valid()
    return render(
        request,
        "certification/twinnings.html",
        {"filter": filterset, "twinnings": filterset.qs if valid else []},
    )


@require_safe
def twinning_page(request: HttpRequest, slug: str) -> HttpResponse:
    twinning = twinning_get(slug)
    if twinning is None:
        raise Http404
    return render(request, "certification/twinning.html", {"twinning": twinning})
