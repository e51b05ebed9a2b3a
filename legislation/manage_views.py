"""The editor of focal points and the Secretariat: pages that call one service each."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from imdi_portal.core.exceptions import DomainError
from legislation.forms import CategoryForm, cleaned_rows, element_formsets
from legislation.models import PermitCategory
from legislation.selectors import category_get_for_editor, category_list_for_editor
from legislation.services import (
    category_create,
    category_publish,
    category_return,
    category_save_draft,
    category_start_revision,
    category_submit,
)
from legislation.workflows import can_edit, can_move

State = PermitCategory.State


@login_required
def manage_list(request: HttpRequest) -> HttpResponse:
    categories = category_list_for_editor(user=request.user)
    return render(
        request,
        "legislation/manage_list.html",
        {
            "categories": categories,
            "may_create": request.user.country_id is not None or request.user.is_superuser,
        },
    )


@login_required
def manage_new(request: HttpRequest) -> HttpResponse:
    country = request.user.country
    if country is None:
        raise Http404("only focal points linked to a country create categories here")
    form = CategoryForm(request.POST or None, country=country)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            category = category_create(
                user=request.user,
                country=country,
                name_en=data.pop("name_en"),
                kind=data.pop("kind"),
                **data,
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Draft created. Add the list elements, then submit it."))
            return redirect("legislation:manage-edit", pk=category.pk)
    return render(
        request,
        "legislation/manage_edit.html",
        {"form": form, "formsets": {}, "country": country, "category": None},
    )


@login_required
def manage_edit(request: HttpRequest, pk: int) -> HttpResponse:
    category = category_get_for_editor(user=request.user, pk=pk)
    if category is None:
        raise Http404("no such category for you")
    editable, why = can_edit(request.user, category)
    data = request.POST if request.method == "POST" and editable else None
    form = CategoryForm(data, instance=category)
    formsets = element_formsets(category, data)
    if data is not None and form.is_valid() and all(fs.is_valid() for _l, fs in formsets.values()):
        fields = dict(form.cleaned_data)
        laws = list(fields.pop("laws"))
        try:
            category_save_draft(
                user=request.user,
                category=category,
                fields=fields,
                laws=laws,
                elements={name: cleaned_rows(fs) for name, (_l, fs) in formsets.items()},
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect("legislation:manage-edit", pk=pk)
    actions = {
        "submit": can_move(request.user, category, State.SUBMITTED)[0],
        "publish": can_move(request.user, category, State.PUBLISHED)[0],
        "return": can_move(request.user, category, State.RETURNED)[0],
        "revise": category.state == State.PUBLISHED
        and can_edit(request.user, PermitCategory(country=category.country))[0],
    }
    return render(
        request,
        "legislation/manage_edit.html",
        {
            "form": form,
            "formsets": formsets,
            "category": category,
            "country": category.country,
            "editable": editable,
            "not_editable_reason": why,
            "actions": actions,
        },
    )


@login_required
@require_POST
def manage_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    category = category_get_for_editor(user=request.user, pk=pk)
    if category is None:
        raise Http404("no such category for you")
    try:
        if action == "submit":
            category_submit(user=request.user, category=category)
            messages.success(request, _("Submitted to the Secretariat for review."))
        elif action == "publish":
            category = category_publish(
                user=request.user, category=category, comment=request.POST.get("comment", "")
            )
            messages.success(request, _("Published."))
        elif action == "return":
            category_return(
                user=request.user, category=category, reason=request.POST.get("comment", "")
            )
            messages.success(request, _("Returned to the focal point."))
        elif action == "revise":
            category = category_start_revision(user=request.user, category=category)
            messages.success(request, _("A draft revision was opened."))
        else:
            raise Http404("unknown action")
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("legislation:manage-edit", pk=category.pk)
