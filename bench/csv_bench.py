"""Streaming CSV downloads (#24): 100,000 rows of one indicator on PostgreSQL, through the
explorer's download and the observations API's `?format=csv`, timed to the last byte, with
the time to the first piece (the header) and the process's RSS growth while it streams.
Budget: <= 2 s and <= 30 MB for 100,000 rows.

The rows are synthetic (indicator BENCH.CSV, 200 countries x 25 years x 3 sexes x 7
breakdowns, 100,000 values) and are removed afterwards. Each download is measured in a fresh
process (like a web worker) after one warm-up request, with the Django test client: the
whole middleware stack, no network.

Usage: DATABASE_URL=postgres://... .venv/bin/python bench/csv_bench.py
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.defaults import apply_defaults  # noqa: E402 - after the path above

ROWS = 100_000
CODE = "BENCH.CSV"
BUDGET_SECONDS = 2.0
BUDGET_MB = 30.0
CASES = [
    ("explorer download", f"/data/explorer/?indicator={CODE}&format=csv", {}),
    ("observations API, format=csv", f"/api/v1/observations/?indicator={CODE}&format=csv", {}),
    (
        "explorer download, gzip",
        f"/data/explorer/?indicator={CODE}&format=csv",
        {"HTTP_ACCEPT_ENCODING": "gzip"},
    ),
]


def _status(field: str) -> float:
    """A /proc/self/status figure in MB (VmRSS now, VmHWM the peak since the last reset)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(field)


def _seed() -> None:
    from imdi_portal.core.models import Country
    from imdi_portal.stats.models import Indicator, Observation

    indicator, _ = Indicator.objects.get_or_create(
        code=CODE, defaults={"name_en": "Benchmark rows for the CSV download", "source": "bench"}
    )
    Observation.objects.filter(indicator=indicator).delete()
    countries = list(Country.objects.order_by("iso3")[:200])
    rows = (
        Observation(
            indicator=indicator,
            country=country,
            area_code=country.iso3,
            period=str(year),
            year=year,
            sex=sex,
            classification=f"BENCH_{k}",
            value=year * 1.25 + k / 3,
            source="bench",
        )
        for country in countries
        for year in range(1991, 2016)
        for sex in ("T", "M", "F")
        for k in range(7)
    )
    batch: list = []
    written = 0
    for row in rows:
        if written + len(batch) == ROWS:
            break
        batch.append(row)
        if len(batch) == 5000:
            Observation.objects.bulk_create(batch)
            written, batch = written + len(batch), []
    Observation.objects.bulk_create(batch)


def _clean() -> None:
    from imdi_portal.stats.models import Indicator, Observation

    Observation.objects.filter(indicator__code=CODE).delete()
    Indicator.objects.filter(code=CODE).delete()


def measure(index: int) -> dict:
    """One case in this (fresh) process."""
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    label, url, headers = CASES[index]
    client = Client()
    warm = client.get(url + "&limit=10" if "/api/" in url else url + "&country=PHL", **headers)
    b"".join(warm.streaming_content)
    Path("/proc/self/clear_refs").write_text("5")  # reset VmHWM to the current RSS
    before = _status("VmRSS")
    start = time.perf_counter()
    response = client.get(url, **headers)
    first = None
    size = 0
    body = []
    for piece in response.streaming_content:
        if first is None:
            first = time.perf_counter() - start
        size += len(piece)
        if headers:
            body.append(piece)
        else:
            body.append(piece.count(b"\n"))
    seconds = time.perf_counter() - start
    growth = _status("VmHWM") - before
    if headers:
        import gzip

        lines = gzip.decompress(b"".join(body)).count(b"\n")
    else:
        lines = sum(body)
    return {
        "label": label,
        "url": url,
        "status": response.status_code,
        "rows": lines - 1,
        "bytes": size,
        "first_ms": (first or 0) * 1000,
        "seconds": seconds,
        "rss_mb": growth,
        "encoding": response.get("Content-Encoding", ""),
        "type": response["Content-Type"],
        "disposition": response.get("Content-Disposition", ""),
    }


def run() -> tuple[list[str], bool]:
    import django

    django.setup()
    _seed()
    try:
        results = []
        for index in range(len(CASES)):
            out = subprocess.run(
                [sys.executable, __file__, "--measure", str(index)],
                check=True,
                capture_output=True,
                text=True,
                env=os.environ,
            ).stdout
            results.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        _clean()
    ok = True
    lines = [
        "## Streaming CSV downloads",
        "",
        f"{ROWS:,} synthetic values of one indicator on PostgreSQL; Django test client "
        "in-process (whole middleware stack, no network), a fresh process per download after "
        "one warm-up request. RSS growth: peak RSS while streaming minus RSS before "
        "(/proc/self/clear_refs resets the peak). Budget: <= 2 s and <= 30 MB.",
        "",
        "| download | URL | rows | bytes sent | first piece ms | total s | RSS growth MB | "
        "headers | within budget |",
        "|---|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in results:
        good = (
            r["status"] == 200
            and r["rows"] == ROWS
            and r["seconds"] <= BUDGET_SECONDS
            and r["rss_mb"] <= BUDGET_MB
            and r["type"] == "text/csv; charset=utf-8"
            and r["disposition"].startswith("attachment;")
        )
        ok = ok and good
        sent = f"`{r['type']}`, attachment" + (f", {r['encoding']}" if r["encoding"] else "")
        lines.append(
            f"| {r['label']} | `{r['url']}` | {r['rows']:,} | {r['bytes']:,} | "
            f"{r['first_ms']:.0f} | {r['seconds']:.2f} | {r['rss_mb']:.1f} | {sent} | "
            f"{'yes' if good else '**NO**'} |"
        )
    return lines, ok


if __name__ == "__main__":
    apply_defaults()
    if sys.argv[1:2] == ["--measure"]:
        print(json.dumps(measure(int(sys.argv[2]))))
        sys.exit(0)
    report, within = run()
    print("\n".join(report))
    sys.exit(0 if within else 1)
