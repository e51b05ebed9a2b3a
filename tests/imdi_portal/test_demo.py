import html
import re

import pytest
from django.core.management import call_command

from imdi_portal.core.models import Organisation, User
from imdi_portal.core.roles import Role
from imdi_portal.search.models import SearchDocument
from imdi_portal.search.selectors import search
from imdi_portal.stats.models import Observation
from tests.search.test_search import EVERY_KIND

pytestmark = pytest.mark.django_db


def test_load_demo_adds_labelled_sample_organisations_once(capsys):
    call_command("load_demo")
    call_command("load_demo")
    samples = Organisation.objects.filter(is_sample=True)
    assert samples.count() == 5  # ministry, NGO, agency, donor, qualification body
    assert all("Sample" in o.name for o in samples)
    assert "Demo data loaded." in capsys.readouterr().out


def test_load_demo_imports_the_real_files_once(capsys, client):
    call_command("load_demo")
    first = capsys.readouterr().out
    call_command("load_demo")
    second = capsys.readouterr().out
    # 96 values of the paid file are aggregates of years that too few economies reported.
    assert "API_BM.TRF.PWKR.CD.DT_DS2_en_csv_v2_3012027.csv: created=8485 " in first
    assert "API_SM.POP.NETM_DS2_en_csv_v2_3401672.csv: created=0 updated=0 unchanged=16960" in (
        second
    )
    # The labour market files are counted in their own tests; here: all of them, once.
    # WDI: paid, net migration, received, population, GDP, unemployment.
    wdi_files = 8485 + 16960 + 9994 + 17195 + 13979 + 8211
    assert (
        Observation.objects.filter(indicator__source="WDI").count() == wdi_files
    )  # pop, GDP, unemployment
    assert Observation.objects.filter(indicator__source="ILOSTAT").count() == 6234
    assert "unchanged=109697" in second  # the UN DESA 1990-2017 file
    assert "unchanged=6234" in second and "Sample shortage lists: 3 lists" in second
    # Global search finds items of every type on the demo data.
    kinds = set(SearchDocument.objects.values_list("kind", flat=True))
    assert kinds == EVERY_KIND
    assert search("Aufenthaltsgesetz")[0][0].kind == "law"
    # Each example the home page suggests, in each language, finds something.
    for language in ("en", "fr", "es"):
        home = client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        placeholder = re.search(r'id="home-search"[^>]*placeholder="([^"]+)"', home)[1]
        examples = html.unescape(placeholder).split(" ", 1)[1].split(", ")  # after "e.g."
        assert len(examples) >= 3, placeholder
        for example in examples:
            assert search(example, language=language)[1]["total"], (language, example)


def test_load_demo_creates_no_accounts_outside_debug():
    call_command("load_demo")
    assert not User.objects.exists()


def test_load_demo_accounts_have_their_roles_when_forced():
    call_command("load_demo", "--accounts")
    focal_point = User.objects.get(username="focal.point")
    assert focal_point.groups.get().name == Role.FOCAL_POINT
    assert focal_point.country.iso3 == "PHL"
    assert User.objects.get(username="admin").is_superuser


def test_the_demo_has_an_account_for_each_job_mobility_role(client):
    """A visitor trying the demo can act as the sample agency, a verifier and the
    Philippines' employment service: each one's menu leads to its page."""
    call_command("load_demo", "--accounts")
    pages = {
        "agency": ("/mobility/agency/", "Sample Fair Recruitment Agency (demo)"),
        "verifier": ("/mobility/verify/", "Sample Qualification Authority (demo)"),
        "employment.service": ("/mobility/service/", "Employment service of Philippines"),
    }
    for username, (url, shown) in pages.items():
        user = User.objects.get(username=username)
        assert not user.is_staff
        client.force_login(user)
        menu = client.get("/mobility/").content.decode().split('aria-label="Job mobility"')[1]
        assert f'href="{url}"' in menu.split("</nav>")[0], username
        response = client.get(url)
        assert response.status_code == 200 and shown in response.content.decode(), username


def _value(code: str, iso3: str, period: str) -> float:
    return Observation.objects.get(
        indicator__code=code, country__iso3=iso3, period=period, counterpart_code="", sex="T"
    ).value


def test_load_demo_fills_the_derived_indicators_from_the_real_series():
    call_command("load_demo")
    # Inputs copied by hand from the shipped files (WDI CSVs and the UN DESA 2017 table).
    # Philippines 2024: received US$ 40,279,405,932.4328; population 115,843,670.
    assert _value("IMDI.BX.TRF.PWKR.PC", "PHL", "2024") == pytest.approx(
        40279405932.4328 / 115843670
    )
    assert _value("IMDI.BX.TRF.PWKR.PC", "PHL", "2024") == pytest.approx(347.71, abs=0.01)
    # Mexico 2023: received US$ 66,237,847,600; GDP US$ 1,788,886,821,046.81 -> 3.70 %.
    assert _value("IMDI.BX.TRF.PWKR.GD.ZS", "MEX", "2023") == pytest.approx(3.703, abs=0.001)
    # Germany 2017: 12,165,083 international migrants; population 82,657,002 -> 14.72 %.
    assert _value("IMDI.MIGSTOCK.IMM.PT", "DEU", "2017") == pytest.approx(14.718, abs=0.001)
