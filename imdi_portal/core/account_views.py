"""Sign-up of a submitting organisation and e-mail confirmation."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from imdi_portal.core.accounts import SIGNUP_KINDS, account_confirm, organisation_signup
from imdi_portal.core.exceptions import DomainError
from imdi_portal.core.forms import CountryChoiceField
from imdi_portal.core.models import Country, Organisation


class SignupForm(forms.Form):
    organisation_name = forms.CharField(
        label=gettext_lazy("Name of the organisation"), max_length=200
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of organisation"),
        choices=[(k.value, k.label) for k in Organisation.Kind if k in SIGNUP_KINDS],
    )
    country = CountryChoiceField(
        label=gettext_lazy("Country of the headquarters"),
        queryset=Country.objects.ordered_by_name(),
        to_field_name="iso3",
        empty_label=gettext_lazy("Choose a country"),
    )
    website = forms.URLField(label=gettext_lazy("Website"), required=False, assume_scheme="https")
    first_name = forms.CharField(label=gettext_lazy("Your first name"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Your last name"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("Your work e-mail address"))
    username = forms.RegexField(
        label=gettext_lazy("User name"),
        regex=r"^[\w.@+-]{3,150}$",
        error_messages={"invalid": gettext_lazy("3 to 150 letters, digits and @ . + - _ only.")},
    )
    password = forms.CharField(
        label=gettext_lazy("Password"), widget=forms.PasswordInput, strip=False
    )


def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation_signup(**form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            return render(
                request, "registration/signup_done.html", {"email": form.cleaned_data["email"]}
            )
    return render(request, "registration/signup.html", {"form": form})


@require_safe
def signup_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    try:
        user = account_confirm(uidb64=uidb64, token=token)
    except DomainError as exc:
        return render(request, "registration/signup_invalid.html", {"reason": str(exc)}, status=400)
    messages.success(
        request,
        _(
            "Thank you, your e-mail address is confirmed. You can sign in; you can submit "
            "proposals once the Secretariat has approved %(org)s."
        )
        % {"org": user.organisation},
    )
    return redirect("login")
