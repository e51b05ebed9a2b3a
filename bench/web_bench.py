"""Web performance as a browser sees it (#24 item 6): Chromium through Playwright against
gunicorn on loopback with production settings (DEBUG off, whitenoise serving the hashed,
compressed static files collected into STATIC_ROOT).

For each page: the first view in a fresh browser context (empty cache), then a repeat view
in a new tab of the same context (what a visitor coming back gets: fresh resources from the
cache, stale ones revalidated, answered 304), then a reload (every resource revalidated).
Recorded: bytes transferred (Chromium's encodedDataLength: headers and body as sent, after
compression), number of requests and how they were answered, time to first byte of the
document, and every resource the browser marks render-blocking (PerformanceResourceTiming
renderBlockingStatus) besides the one stylesheet in <head>.

Budgets: first view <= 150 KB, repeat view <= 20 KB, no other render-blocking request.
Also checks the headers of the hashed static files (Cache-Control from whitenoise).

Usage: DATABASE_URL=... CACHE_URL=redis://... .venv/bin/python bench/web_bench.py
"""

import os
import signal
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.defaults import apply_defaults  # noqa: E402 - after the path above

PORT = int(os.environ.get("BENCH_WEB_PORT", "8094"))
BASE = f"http://127.0.0.1:{PORT}"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PAGES = [
    ("Home", "/"),
    ("Country profile (PHL)", "/countries/PHL/"),
    ("Permit page", "/legislation/PHL/sample-general-work-permit/"),
    ("Permit comparator (PHL, DEU)", "/legislation/compare/?country=PHL&country=DEU"),
    ("SDG 10.c dashboard", "/remittances/sdg-10c/"),
]
FIRST_BUDGET = 150 * 1024
REPEAT_BUDGET = 20 * 1024
IMMUTABLE = "max-age=315360000, public, immutable"

# What the page itself says once loaded: time to first byte and the render-blocking resources.
TIMINGS = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const blocking = performance.getEntriesByType("resource")
    .filter(r => r.renderBlockingStatus === "blocking")
    .map(r => ({url: r.name, type: r.initiatorType}));
  const head = [...document.head.querySelectorAll('link[rel="stylesheet"]')]
    .filter(l => !l.media || l.media === "all" || l.media === "screen").map(l => l.href);
  return {ttfb: nav.responseStart - nav.requestStart, load: nav.loadEventEnd,
          blocking, head};
}"""


class Traffic:
    """The requests of one page load, from the DevTools protocol's Network events."""

    def __init__(self, cdp) -> None:
        self.requests: dict[str, dict] = {}
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.responseReceived", self._received)
        cdp.on("Network.requestServedFromCache", self._cached)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.responseReceivedExtraInfo", self._raw)
        cdp.send("Network.enable")

    def _sent(self, event: dict) -> None:
        self.requests.setdefault(event["requestId"], {"url": event["request"]["url"]})

    def _received(self, event: dict) -> None:
        entry = self.requests.setdefault(event["requestId"], {"url": event["response"]["url"]})
        entry["status"] = event["response"]["status"]
        entry["cached"] = entry.get("cached") or event["response"].get("fromDiskCache", False)

    def _raw(self, event: dict) -> None:
        # The status as it came over the wire: Chromium reports a revalidated resource (304)
        # with its cached 200 in responseReceived.
        self.requests.setdefault(event["requestId"], {})["wire"] = event["statusCode"]

    def _cached(self, event: dict) -> None:
        self.requests.setdefault(event["requestId"], {})["cached"] = True

    def _finished(self, event: dict) -> None:
        self.requests.setdefault(event["requestId"], {})["bytes"] = event["encodedDataLength"]

    def summary(self) -> dict:
        rows = [r for r in self.requests.values() if r.get("url", "").startswith("http")]
        network = [r for r in rows if not r.get("cached")]
        return {
            "requests": len(rows),
            "network": len(network),
            "bytes": sum(r.get("bytes", 0) for r in network),
            "s200": sum(r.get("wire", r.get("status")) == 200 for r in network),
            "s304": sum(r.get("wire", r.get("status")) == 304 for r in network),
            "cache": len(rows) - len(network),
            "statuses": sorted({r.get("wire", r.get("status", 0)) for r in network}),
            "urls": [(r.get("url"), r.get("wire", r.get("status")), r.get("bytes")) for r in rows],
        }


def _view(context, path: str, *, reload: bool = False, page=None):
    page = page or context.new_page()
    traffic = Traffic(context.new_cdp_session(page))
    if reload:
        page.reload(wait_until="load")
    else:
        page.goto(BASE + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    timings = page.evaluate(TIMINGS)
    return page, {**traffic.summary(), **timings}


def _static_headers(stylesheet: str) -> list[str]:
    """The headers whitenoise sends for a hashed file, with and without compression."""
    lines = []
    for encoding in ("br", "gzip", "identity"):
        request = urllib.request.Request(stylesheet, headers={"Accept-Encoding": encoding})
        with urllib.request.urlopen(request, timeout=10) as response:
            cache_control = response.headers.get("Cache-Control", "")
            lines.append(
                f"| `{stylesheet.removeprefix(BASE)}` | {encoding} | "
                f"{response.headers.get('Content-Encoding', '-')} | "
                f"{response.headers.get('Content-Length', '?')} | `{cache_control}` | "
                f"{'yes' if cache_control == IMMUTABLE else '**NO**'} |"
            )
    return lines


def run() -> tuple[list[str], bool]:
    from playwright.sync_api import sync_playwright

    from bench.load import prepare, serve

    prepare()
    server = serve(PORT)
    results = []
    stylesheet = ""
    try:
        for _ in range(2 * (os.cpu_count() or 1) + 1):  # every worker warm, the pages cached
            for _, path in PAGES:
                urllib.request.urlopen(BASE + path, timeout=30).read()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            for label, path in PAGES:
                context = browser.new_context()
                first_page, first = _view(context, path)
                _, repeat = _view(context, path)
                _, reloaded = _view(context, path, reload=True, page=first_page)
                results.append((label, path, first, repeat, reloaded))
                stylesheet = stylesheet or (first["head"] or [""])[0]
                context.close()
            browser.close()
        static_lines = _static_headers(stylesheet) if stylesheet else []
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    ok = bool(static_lines) and all("**NO**" not in line for line in static_lines)
    lines = [
        "## Web performance in Chromium",
        "",
        "Chromium (Playwright) against gunicorn on 127.0.0.1, DJANGO_DEBUG=0, whitenoise "
        "serving the collected hashed and compressed files, shared page cache warm. Bytes are "
        "as transferred (headers and compressed bodies). First view: a fresh browser context. "
        "Repeat view: a new tab of the same context (fresh resources come from the cache, "
        "stale ones are revalidated). Reload: the browser revalidates everything. "
        "Budgets: first view <= 150 KB, repeat view <= 20 KB, no render-blocking request "
        "besides the stylesheet in <head>.",
        "",
        "| page | first view KB | requests | TTFB ms | repeat view KB | over the network "
        "(200/304) | from cache | reload KB | reload 200/304 | other render-blocking | "
        "within budget |",
        "|---|---:|---:|---:|---:|---|---:|---:|---|---|---|",
    ]
    for label, path, first, repeat, reloaded in results:
        others = [
            b["url"].removeprefix(BASE) for b in first["blocking"] if b["url"] not in first["head"]
        ]
        good = (
            first["bytes"] <= FIRST_BUDGET
            and repeat["bytes"] <= REPEAT_BUDGET
            and not others
            and len(first["head"]) == 1
            and 500 not in first["statuses"]
        )
        ok = ok and good
        lines.append(
            f"| {label} `{path}` | {first['bytes'] / 1024:.1f} | {first['requests']} | "
            f"{first['ttfb']:.0f} | {repeat['bytes'] / 1024:.1f} | {repeat['network']} "
            f"({repeat['s200']}/{repeat['s304']}) | {repeat['cache']} | "
            f"{reloaded['bytes'] / 1024:.1f} | {reloaded['s200']}/{reloaded['s304']} | "
            f"{', '.join(f'`{o}`' for o in others) or 'none'} | {'yes' if good else '**NO**'} |"
        )
    lines += [
        "",
        "Static files (the stylesheet of the pages above, as whitenoise serves it):",
        "",
        "| file | Accept-Encoding | Content-Encoding | bytes | Cache-Control | immutable |",
        "|---|---|---|---:|---|---|",
        *static_lines,
    ]
    return lines, ok


if __name__ == "__main__":
    from bench.load import web_defaults

    web_defaults()
    apply_defaults()
    report, within = run()
    print("\n".join(report))
    sys.exit(0 if within else 1)
