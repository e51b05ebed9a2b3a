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
    assert samples.count() == 4
    assert all("Sample" in o.name for o in samples)
    assert "Demo data loaded." in capsys.readouterr().out


def test_load_demo_imports_the_real_files_once(capsys):
    call_command("load_demo")
    first = capsys.readouterr().out
    call_command("load_demo")
    second = capsys.readouterr().out
    assert "API_BM.TRF.PWKR.CD.DT_DS2_en_csv_v2_3012027.csv: created=8581 " in first
    assert "API_SM.POP.NETM_DS2_en_csv_v2_3401672.csv: created=0 updated=0 unchanged=16960" in (
        second
    )
    # The labour market files are counted in their own tests; here: all of them, once.
    assert Observation.objects.filter(indicator__source="WDI").count() == 8581 + 16960
    assert Observation.objects.filter(indicator__source="ILOSTAT").count() == 6234
    assert "unchanged=109606" in second  # the UN DESA 1990-2017 file
    assert "unchanged=6234" in second and "Sample shortage lists: 3 lists" in second
    # Global search finds items of every type on the demo data.
    kinds = set(SearchDocument.objects.values_list("kind", flat=True))
    assert kinds == EVERY_KIND
    assert search("Aufenthaltsgesetz")[0][0].kind == "law"


def test_load_demo_creates_no_accounts_outside_debug():
    call_command("load_demo")
    assert not User.objects.exists()


def test_load_demo_accounts_have_their_roles_when_forced():
    call_command("load_demo", "--accounts")
    focal_point = User.objects.get(username="focal.point")
    assert focal_point.groups.get().name == Role.FOCAL_POINT
    assert focal_point.country.iso3 == "PHL"
    assert User.objects.get(username="admin").is_superuser
