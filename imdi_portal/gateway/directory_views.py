"""Pages of the directory: the public list of focal points and contact points, and the page
where a person named in an entry gives or withdraws consent to publishing their details."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from imdi_portal.core.exceptions import DomainError
from imdi_portal.gateway.directory import (
    contact_give_consent,
    contact_list,
    contact_withdraw_consent,
    contacts_of,
)
from imdi_portal.gateway.filters import ContactFilter


@require_safe
def directory_index(request: HttpRequest) -> HttpResponse:
    contacts = contact_list()
    filterset = ContactFilter(request.GET or None, queryset=contacts)
    valid = not filterset.is_bound or filterset.is_valid()
    page = Paginator(filterset.qs if valid else contacts.none(), 25).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "gateway/directory.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_entries(request: HttpRequest) -> HttpResponse:
    """The entries naming the signed-in person, with their consent to publication."""
    if request.method == "POST":
        pk = request.POST.get("contact", "")
        contact = contacts_of(request.user).filter(pk=pk).first() if pk.isdigit() else None
        if contact is None:
            raise Http404(_("No directory entry of yours has this number."))
        choice = request.POST.get("consent")
        if choice not in ("give", "withdraw"):
            messages.error(request, _("Choose to give or to withdraw your consent."))
            return redirect("imdi_portal:directory-mine")
        give = choice == "give"
        try:
            if give:
                contact_give_consent(user=request.user, contact=contact)
            else:
                contact_withdraw_consent(user=request.user, contact=contact)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Your details are now published in the directory.")
                if give
                else _("Your details are no longer published in the directory."),
            )
        return redirect("imdi_portal:directory-mine")
    return render(request, "gateway/directory_mine.html", {"contacts": contacts_of(request.user)})
