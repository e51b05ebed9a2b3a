"""The permit category list picks a country by name (issue 22, defect 7)."""

import re

import pytest
from django.urls import reverse

from imdi_portal.core.models import Country
from legislation.models import PermitCategory
from tests.legislation.factories import PermitCategoryFactory

pytestmark = pytest.mark.django_db


def test_the_category_list_offers_countries_with_published_categories_by_name(client):
    PermitCategory.objects.all().delete()
    categories = {
        iso3: PermitCategoryFactory(published=True, country=Country.objects.get(iso3=iso3))
        for iso3 in ("GBR", "PHL")
    }
    PermitCategoryFactory(country=Country.objects.get(iso3="JPN"))  # a draft
    url = reverse("legislation:category-list")
    html = client.get(url).content.decode()
    start = html.index('<select name="country"')
    picker = html[start : html.index("</select>", start)]
    assert '<option value="" selected>All countries</option>' in picker
    assert re.findall(r'<option value="([A-Z]{3})">([^<]+)', picker) == [
        ("PHL", "Philippines"),
        ("GBR", "United Kingdom"),
    ]
    assert "---------" not in html
    chosen = client.get(url, {"country": "GBR"}).content.decode()
    assert categories["GBR"].name_en in chosen and categories["PHL"].name_en not in chosen
    assert '<option value="GBR" selected>United Kingdom</option>' in chosen
