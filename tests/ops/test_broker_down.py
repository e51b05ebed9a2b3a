"""Redis stopped, for real: a portal process whose broker address answers nothing (not a
patched send) refuses an upload with a clear message, writes no observation,
and keeps serving pages and the API (PostgreSQL: the process shares the test database)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from imdi_portal.core.models import User
from imdi_portal.stats.models import ImportJob, Observation

pytestmark = pytest.mark.postgres_only

ROOT = Path(__file__).resolve().parents[2]
NETM = ROOT / "imdi_portal" / "stats" / "data" / "wdi" / "API_SM.POP.NETM_DS2_en_csv_v2_3401672.csv"
DEAD_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1

# Runs in the portal process: a real request through every middleware, its transaction and
# the on-commit send of the import task to the broker.
REQUESTS = """
import json
from django.conf import settings
settings.CELERY_TASK_ALWAYS_EAGER = False  # the test settings' default; read by Celery lazily
from django.test import Client
from imdi_portal.core.models import User
client = Client()
client.force_login(User.objects.get(username="secretariat-broker-test"))
with open(FILE, "rb") as upload:
    refused = client.post("/api/v1/imports/", {"source": "wdi", "file": upload})
print(json.dumps({
    "upload": [refused.status_code, refused.json()],
    "profile": client.get("/countries/SEN/").status_code,
    "api": client.get("/api/v1/countries/?limit=5").status_code,
}))
"""


def test_an_upload_with_the_broker_stopped_is_refused_and_nothing_is_lost(reference_data, tmp_path):
    from tests.imdi_portal.factories import UserFactory

    UserFactory(username="secretariat-broker-test", secretariat=True)
    s = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "imdi_portal.settings_test",
        "DATABASE_URL": f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}",
        "CELERY_BROKER_URL": DEAD_BROKER,
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }
    script = f"FILE = {str(NETM)!r}\n{REQUESTS}"
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    status, body = result["upload"]
    assert status == 503
    assert "task queue is unreachable" in body["detail"]
    job = ImportJob.objects.get()
    assert job.status == "failed" and "task queue" in job.error
    assert not Observation.objects.exists()
    assert result["profile"] == 200 and result["api"] == 200
    assert User.objects.filter(username="secretariat-broker-test").exists()
