"""Requests per second of the cached and uncached paths under gunicorn (#24), side by side in
one run: wrk, 64 connections, 30 s each (BENCH_HTTP_SECONDS), --latency.

- /healthz: a bare Django JSON view through the same middleware, the yardstick;
- the anonymous country profile with the shared page cache warm, with and without gzip;
- the same with If-None-Match of its ETag: the 304 path, no view runs;
- /api/v1/countries/?limit=100, anonymous;
- the country profile signed in (a session cookie): personal, so rendered on each request.

Budgets: warm profile >= 0.5x /healthz, 304 path >= 0.7x, API list >= 0.3x, 0 errors.
Needs wrk (Debian's package; `make wrk`), PostgreSQL and Redis (CACHE_URL) with the demo
data: DATABASE_URL=... CACHE_URL=redis://... .venv/bin/python bench/http_bench.py
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.defaults import apply_defaults  # noqa: E402 - after the path above

PORT = int(os.environ.get("BENCH_HTTP_PORT", "8093"))
BASE = f"http://127.0.0.1:{PORT}"
SECONDS = int(os.environ.get("BENCH_HTTP_SECONDS", "30"))
CONNECTIONS = 64
PROFILE = "/countries/PHL/"
API_LIST = "/api/v1/countries/?limit=100"
RESULT = re.compile(r"RESULT (.*)")
SERVER_SOFTWARE = re.compile(r"gunicorn/[\d.]+")


def wrk(path: str, headers: dict[str, str] | None = None) -> dict[str, float]:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency"]
    command += ["--timeout", "10s", "-s", str(ROOT / "bench" / "http.lua")]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run(
        [*command, BASE, "--", path], capture_output=True, text=True, check=True
    ).stdout
    match = RESULT.search(out)
    if not match:
        raise RuntimeError(f"wrk said nothing usable:\n{out}")
    figures = {key: float(value) for key, value in (p.split("=") for p in match.group(1).split())}
    figures["rps"] = figures["requests"] / figures["seconds"]
    figures["errors"] = figures["s4xx"] + figures["s5xx"] + figures["socket_errors"]
    return figures


def _get(path: str, headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(BASE + path, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:  # 304 is an "error" to urllib
        return error.code, dict(error.headers), b""


def _session_cookie() -> str:
    """A signed-in reader's session (in the bench database, which gunicorn reads)."""
    import django

    django.setup()
    from django.test import Client

    from imdi_portal.core.models import User

    user, _ = User.objects.get_or_create(
        username="bench-reader", defaults={"email": "bench-reader@example.org"}
    )
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def run() -> tuple[list[str], bool]:
    if not shutil.which("wrk"):
        return ["## Cached paths under load", "", "wrk is not installed (`make wrk`)."], False
    from bench.load import prepare, serve

    prepare()
    session = _session_cookie()
    server = serve(PORT)
    try:
        workers = int(os.environ.get("BENCH_GUNICORN_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
        for _ in range(3 * workers):  # every worker warm, the page in the shared cache
            status, headers, _ = _get(PROFILE)
            _get(API_LIST)
            _get(PROFILE, {"Cookie": f"sessionid={session}"})
        assert status == 200, status
        etag = headers["ETag"]
        page_cache = headers.get("X-Page-Cache", "miss")
        not_modified, _, _ = _get(PROFILE, {"If-None-Match": etag})
        signed_in = _get(PROFILE, {"Cookie": f"sessionid={session}"})[1]
        cases = [
            ("`/healthz` (bare JSON view)", "/healthz", {}, None),
            (f"`{PROFILE}` anonymous, page cache warm", PROFILE, {}, 0.5),
            (
                f"`{PROFILE}` anonymous, warm, `Accept-Encoding: gzip`",
                PROFILE,
                {"Accept-Encoding": "gzip"},
                None,
            ),
            (f"`{PROFILE}` with `If-None-Match` (304)", PROFILE, {"If-None-Match": etag}, 0.7),
            (f"`{API_LIST}` anonymous", API_LIST, {}, 0.3),
            (
                f"`{PROFILE}` signed in (session cookie)",
                PROFILE,
                {"Cookie": f"sessionid={session}"},
                None,
            ),
        ]
        results = [(label, wrk(path, headers), budget) for label, path, headers, budget in cases]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    bare = results[0][1]["rps"]
    ok = not_modified == 304 and "private" in signed_in.get("Cache-Control", "")
    lines = [
        "## Cached paths under load (wrk)",
        "",
        f"gunicorn {workers} sync workers on 127.0.0.1, PostgreSQL (DATABASE_CONN_MAX_AGE="
        f"{os.environ.get('DATABASE_CONN_MAX_AGE', '0')}), Redis as the cache; wrk "
        f"2 threads, {CONNECTIONS} connections, {SECONDS} s per row, on the same machine (it "
        "shares the CPUs with gunicorn). The profile's first answer said "
        f"`X-Page-Cache: {page_cache}` after the warm-up; a request with its ETag got "
        f"{not_modified}; the signed-in profile was sent `{signed_in.get('Cache-Control')}`.",
        "",
        "| path | requests | req/s | x /healthz | budget | p50 ms | p99 ms | 200 | 304 | "
        "errors (4xx, 5xx, socket) | within budget |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for label, r, budget in results:
        ratio = r["rps"] / bare
        good = r["errors"] == 0 and (budget is None or ratio >= budget)
        ok = ok and good
        lines.append(
            f"| {label} | {r['requests']:,.0f} | {r['rps']:,.0f} | {ratio:.2f} | "
            f"{'>= ' + str(budget) if budget else '-'} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | "
            f"{r['s200']:,.0f} | {r['s304']:,.0f} | {r['errors']:.0f} | "
            f"{'yes' if good else '**NO**'} |"
        )
    return lines, ok


if __name__ == "__main__":
    from bench.load import web_defaults

    web_defaults()
    apply_defaults()
    report, within = run()
    print("\n".join(report))
    sys.exit(0 if within else 1)
