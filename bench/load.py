"""Load test under gunicorn on loopback (part of `make bench`).

1. A bounded mixed run: 64 connections for 60 s cycling through the home page, a country
   profile and the main API lists; it must end with zero errors and zero 5xx.
2. Requests per second of the main API list against a bare Django JSON view (/healthz, the
   same middleware, no database) on the same server: the ratio says what the API itself costs.

Needs wrk (Debian's package; `make bench` installs it) and the bench database prepared by
bench/run.py. Returns Markdown lines for bench/RESULTS.md and whether everything held.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PORT = int(os.environ.get("BENCH_LOAD_PORT", "8091"))
BASE = f"http://127.0.0.1:{PORT}"
WORKERS = int(os.environ.get("BENCH_GUNICORN_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
MIXED = [
    "/",
    "/countries/PHL/",
    "/api/v1/countries/?limit=100",
    "/api/v1/observations/?limit=100",
    "/api/v1/permit-categories/?limit=100",
    "/api/v1/activities/",
]
API_LIST = "/api/v1/countries/?limit=100"
BARE = "/healthz"
RESULT = re.compile(r"RESULT (.*)")


def _wrk(paths: list[str], connections: int, seconds: int) -> dict[str, float]:
    out = subprocess.run(
        [
            "wrk",
            f"-t{min(4, os.cpu_count() or 1)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(ROOT / "bench" / "load.lua"),
            BASE,
            "--",
            *paths,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    match = RESULT.search(out)
    if not match:
        raise RuntimeError(f"wrk said nothing usable:\n{out}")
    figures = dict(pair.split("=") for pair in match.group(1).split())
    result = {key: float(value) for key, value in figures.items()}
    result["rps"] = result["requests"] / result["seconds"]
    return result


WEB_DATABASE = "postgres://postgres@127.0.0.1:5432/imdi_bench_web"
WEB_CACHE = "redis://127.0.0.1:6379/13"


def web_defaults() -> None:
    """The database and cache of the browser and wrk benches unless the caller chose others:
    a database of the demo data only (not the import bench's millions of rows) and Redis."""
    os.environ.setdefault("DATABASE_URL", WEB_DATABASE)
    os.environ.setdefault("CACHE_URL", WEB_CACHE)


def prepare() -> None:
    """Create and migrate the bench database and load the demo data into it (once), then
    collect the static files into STATIC_ROOT, hashed and compressed, as in production."""
    import psycopg2

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    conn = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("select 1 from pg_database where datname = %s", [name])
        if not cur.fetchone():
            cur.execute(f'create database "{name}"')
    conn.close()
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], cwd=ROOT, check=True)
    loaded = (
        subprocess.run(
            [
                *manage,
                "shell",
                "-c",
                "from legislation.models import PermitCategory as P; print(P.objects.exists())",
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .endswith("True")
    )
    if not loaded:
        subprocess.run([*manage, "load_demo", "--no-accounts", "-v0"], cwd=ROOT, check=True)
    subprocess.run([*manage, "collectstatic", "--no-input", "-v0"], cwd=ROOT, check=True)


def serve(port: int = PORT) -> subprocess.Popen:
    """gunicorn on 127.0.0.1:`port` with production settings (DEBUG off, whitenoise serving
    the collected static files); returns once /healthz answers."""
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "imdi_portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(base + BARE, timeout=1) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not answer on " + base)


def run() -> tuple[list[str], bool]:
    if not shutil.which("wrk"):
        return ["## Load", "", "wrk is not installed (`make bench` installs it)."], False
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, check=True
    )
    server = serve()
    try:
        for path in MIXED:  # warm every worker's caches once
            for _ in range(WORKERS):
                urllib.request.urlopen(BASE + path, timeout=30).read()
        mixed = _wrk(MIXED, 64, 60)
        api = _wrk([API_LIST], 64, 20)
        bare = _wrk([BARE], 64, 20)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    clean = mixed["failed"] == 0 and mixed["fivexx"] == 0 and mixed["socket_errors"] == 0
    ratio = api["rps"] / bare["rps"]
    lines = [
        "## Load under gunicorn",
        "",
        f"gunicorn {WORKERS} sync workers on 127.0.0.1, wrk on the same machine (it shares "
        "the CPUs); DJANGO_DEBUG=0, API throttling raised out of the way.",
        "",
        "| run | requests | req/s | p50 ms | p99 ms | 4xx/5xx | 5xx | socket errors | "
        "within budget |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
        f"| mixed: home, profile (PHL), 4 API lists; 64 connections, 60 s | "
        f"{mixed['requests']:,.0f} | {mixed['rps']:.0f} | {mixed['p50_ms']:.1f} | "
        f"{mixed['p99_ms']:.1f} | {mixed['failed']:.0f} | {mixed['fivexx']:.0f} | "
        f"{mixed['socket_errors']:.0f} | {'yes' if clean else '**NO**'} |",
        f"| `{API_LIST}`; 64 connections, 20 s | {api['requests']:,.0f} | {api['rps']:.0f} | "
        f"{api['p50_ms']:.1f} | {api['p99_ms']:.1f} | {api['failed']:.0f} | "
        f"{api['fivexx']:.0f} | {api['socket_errors']:.0f} | - |",
        f"| `{BARE}` (bare Django JSON view); 64 connections, 20 s | {bare['requests']:,.0f} | "
        f"{bare['rps']:.0f} | {bare['p50_ms']:.1f} | {bare['p99_ms']:.1f} | "
        f"{bare['failed']:.0f} | {bare['fivexx']:.0f} | {bare['socket_errors']:.0f} | - |",
        "",
        f"- Main API list / bare JSON view, requests per second: **{ratio:.2f}** "
        "(no budget in DESIGN.md; recorded to follow it).",
    ]
    return lines, clean


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from bench.defaults import apply_defaults

    apply_defaults()
    lines, ok = run()
    print("\n".join(lines))
    sys.exit(0 if ok else 1)
