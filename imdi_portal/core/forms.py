from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

from imdi_portal.core.accounts import awaits_confirmation

DASHES = BLANK_CHOICE_DASH[0][1]  # Django's "---------"
CHOOSE_ONE = _("Choose one")


class CountryChoiceField(forms.ModelChoiceField):
    """A country picked by ISO3 code, shown by its name in the active language."""

    def label_from_instance(self, obj) -> str:
        return obj.name


def blank_choices_in_words(form: forms.BaseForm, label=CHOOSE_ONE) -> None:
    """Give the empty first choice of each select of `form` that Django would show as
    "---------" the words `label` instead (ModelForm fields built from model choices and
    foreign keys get the dashes)."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DASHES:
                field.empty_label = label
        elif isinstance(field, forms.ChoiceField):
            choices = list(field.choices)
            if choices and choices[0][0] in ("", None) and choices[0][1] == DASHES:
                field.choices = [(choices[0][0], label), *choices[1:]]


class SignInForm(AuthenticationForm):
    """Django's sign-in, saying so when the right password meets an unconfirmed address
    (the generic "correct username and password" would send the person in circles)."""

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            username, password = (
                self.cleaned_data.get("username"),
                self.cleaned_data.get("password"),
            )
            if username and password and awaits_confirmation(username=username, password=password):
                raise forms.ValidationError(
                    _(
                        "Your e-mail address is not confirmed yet: open the link in the "
                        "e-mail we sent you when you registered, then sign in."
                    ),
                    code="unconfirmed",
                ) from None
            raise
