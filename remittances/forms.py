from django import forms
from django.utils.translation import gettext_lazy as _

from imdi_portal.core.forms import CountryChoiceField
from imdi_portal.core.selectors import country_choices


class CompareForm(forms.Form):
    """ "Send 200 USD from A to B": the comparator's question."""

    sending = CountryChoiceField(
        queryset=country_choices(),
        to_field_name="iso3",
        label=_("Sending from"),
        empty_label=_("Choose a country"),
        error_messages={"invalid_choice": _("Choose a sending country from the list.")},
    )
    receiving = CountryChoiceField(
        queryset=country_choices(),
        to_field_name="iso3",
        label=_("Receiving in"),
        empty_label=_("Choose a country"),
        error_messages={"invalid_choice": _("Choose a receiving country from the list.")},
    )
    amount = forms.TypedChoiceField(
        choices=[(200, "USD 200"), (500, "USD 500")],
        coerce=int,
        initial=200,
        widget=forms.RadioSelect,
        label=_("Amount sent"),
        error_messages={"invalid_choice": _("Choose USD 200 or USD 500.")},
    )

    def clean(self):
        data = super().clean()
        if data.get("sending") and data.get("sending") == data.get("receiving"):
            raise forms.ValidationError(_("Choose two different countries."))
        return data
