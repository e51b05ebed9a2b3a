from django import forms
from django.utils.translation import gettext_lazy as _

from imdi_portal.core.forms import CountryChoiceField
from imdi_portal.core.selectors import country_choices


class MatchingForm(forms.Form):
    """Either a destination (its shortage occupations and who could fill them) or an origin
    (where its occupations are in demand)."""

    destination = CountryChoiceField(
        queryset=country_choices(),
        to_field_name="iso3",
        required=False,
        label=_("Destination country"),
        empty_label=_("Choose a destination"),
    )
    origin = CountryChoiceField(
        queryset=country_choices(),
        to_field_name="iso3",
        required=False,
        label=_("Origin country"),
        empty_label=_("Choose an origin"),
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("destination")) == bool(data.get("origin")):
            raise forms.ValidationError(_("Choose either a destination or an origin country."))
        return data
