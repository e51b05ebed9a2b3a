"""The search form: one validation for the page and the API."""

from django import forms
from django.utils.translation import gettext_lazy as _

from imdi_portal.core.translation import active_language
from imdi_portal.search.registry import sources
from imdi_portal.search.selectors import search, typo_corrected


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), max_length=200, required=False)
    type = forms.ChoiceField(label=_("Type"), required=False)
    country = forms.RegexField(
        label=_("Country (ISO3)"),
        regex=r"^[A-Za-z]{3}$",
        required=False,
        error_messages={"invalid": _("Give an ISO 3166-1 alpha-3 code, e.g. PHL.")},
    )
    component = forms.ChoiceField(
        label=_("IMDI component"),
        required=False,
        choices=[("", _("All components")), ("I", "I"), ("II", "II"), ("III", "III")],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("All types"))] + [
            (kind, source.label) for kind, source in sources().items()
        ]

    corrected: str | None = None

    def run(self):
        """(results, facets); a query that finds nothing is tried again with its typos
        corrected (`corrected` then says with which words)."""
        data = self.cleaned_data
        options = {
            "language": active_language(),
            "kind": data.get("type", ""),
            "country": data.get("country", ""),
            "component": data.get("component", ""),
        }
        results, facets = search(data.get("q", ""), **options)
        if not facets["total"] and (corrected := typo_corrected(data.get("q", ""))):
            self.corrected = corrected
            results, facets = search(corrected, **options)
        return results, facets
