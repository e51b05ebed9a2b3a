from django import forms


class CountryChoiceField(forms.ModelChoiceField):
    """A country picked by ISO3 code, shown by its name in the active language."""

    def label_from_instance(self, obj) -> str:
        return obj.name
