"""The country picker of the filter forms (issue 22, defect 7): names not codes, several
countries as repeated parameters or comma-separated, readable empty choices."""

import re

import django_filters
import pytest
from django.http import QueryDict
from django.urls import reverse

from imdi_portal.core.filters import CHOOSE_SEVERAL, CountrySelect, codes_filter
from imdi_portal.core.forms import DASHES, blank_choices_in_words
from imdi_portal.core.models import Country

pytestmark = pytest.mark.django_db


class PickedCountries(django_filters.FilterSet):
    country = codes_filter("iso3", "Countries", "ISO3 codes (API help).")

    class Meta:
        model = Country
        fields = ["country"]


def picked(query: str) -> PickedCountries:
    return PickedCountries(QueryDict(query), queryset=Country.objects.all())


def chosen_options(html: str) -> list[str]:
    return re.findall(r'<option value="([^"]*)" selected>', html)


@pytest.mark.parametrize(
    "query",
    [
        "country=GBR&country=FRA",
        "country=GBR,FRA",
        "country=gbr&country=fra",
        "country=GBR,FRA&country=",
    ],
)
def test_repeated_and_comma_separated_codes_choose_the_same_countries(query):
    filterset = picked(query)
    assert filterset.is_valid(), filterset.errors
    assert sorted(filterset.qs.values_list("iso3", flat=True)) == ["FRA", "GBR"]


def test_no_code_means_no_filter_and_bad_codes_keep_their_message():
    assert picked("country=").qs.count() == Country.objects.count()
    for query in ("country=GBR&country=1!", "country=GBR,,FRA", "&".join(["country=GBR"] * 51)):
        filterset = picked(query)
        assert not filterset.is_valid()
        assert "Give up to 50 country or area codes" in str(filterset.errors["country"])


def test_the_picker_lists_names_keeps_the_choice_and_helps_instead_of_asking_for_codes():
    html = str(picked("country=GBR&country=fra,XYZ").form["country"])
    assert html.startswith('<select name="country"') and " multiple" in html.split(">")[0]
    assert "maxlength" not in html.split(">")[0]
    assert '<option value="GBR" selected>United Kingdom</option>' in html
    # An unknown code stays chosen (and shown as sent) rather than silently dropped.
    assert chosen_options(html) == ["FRA", "GBR", "XYZ"]
    # The chosen ones are named under the list, where scrolling cannot hide them.
    assert '<p class="help picker-chosen">Chosen: France, United Kingdom, XYZ</p>' in html
    assert "picker-chosen" not in str(picked("").form["country"])
    field = picked("").form["country"]
    assert field.help_text == CHOOSE_SEVERAL
    assert 'aria-describedby="id_country_helptext"' in str(field)


def test_the_api_describes_the_parameter_not_the_page_help(api_client):
    schema = api_client.get(reverse("schema"), {"format": "json"}).json()
    parameters = schema["paths"]["/api/v1/corridor-costs/"]["get"]["parameters"]
    sending = next(p for p in parameters if p["name"] == "sending")
    assert sending["schema"]["type"] == "string"  # one parameter, repeatable, as before
    assert "repeat the parameter or separate with commas" in sending["description"]
    assert "Ctrl" not in sending["description"]


def test_the_picker_offers_only_the_countries_it_is_given():
    class FewCountries(django_filters.FilterSet):
        country = codes_filter(
            "iso3", "Countries", "", countries=lambda: Country.objects.filter(iso3="PHL")
        )

        class Meta:
            model = Country
            fields = ["country"]

    html = str(FewCountries(QueryDict(""), queryset=Country.objects.all()).form["country"])
    assert re.findall(r'<option value="([^"]*)"', html) == ["PHL"]
    assert 'size="4"' in html  # no taller than a short list needs
    # A country chosen by a link although not offered is still named.
    html = str(
        FewCountries(QueryDict("country=GBR"), queryset=Country.objects.all()).form["country"]
    )
    assert '<option value="GBR" selected>United Kingdom</option>' in html


def test_a_single_country_select_reads_as_words_when_empty():
    html = CountrySelect(countries=lambda: Country.objects.filter(iso3="PHL")).render("c", "")
    assert '<option value="" selected>Any country</option>' in html
    assert '<option value="PHL">Philippines</option>' in html


def test_blank_choices_of_model_forms_read_as_words():
    from certification.forms import EnterpriseForm

    form = EnterpriseForm()
    blank_choices_in_words(form)
    html = "".join(str(form[name]) for name in form.fields)
    assert DASHES not in html and "Choose a country" in html and "Choose one" in html


PUBLIC_FORM_PAGES = [
    "imdi_portal:country-list",
    "remittances:corridor-list",
    "remittances:compare",
    "projects:project-list",
    "certification:registry",
    "certification:twinnings",
    "imdi_portal:practice-list",
    "imdi_portal:activity-list",
    "imdi_portal:directory",
    "legislation:category-list",
    "legislation:finder",
    "legislation:compare",
    "labour_market:shortage-list",
    "labour_market:matching",
    "signup",
]


@pytest.mark.parametrize("name", PUBLIC_FORM_PAGES)
def test_no_public_form_shows_dashes_for_an_empty_choice(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<select" in html, name
    assert DASHES not in html, name
    assert "comma-separated" not in html, name
