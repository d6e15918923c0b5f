"""How long the map takes to show a store in Chromium: the first view, and a filter change.

    python benchmarks/web_browser.py [--db STORE]     # default: the 1M-event store web_load.py builds and caches

Serves the store on 127.0.0.1 (`sitroom serve`), opens the map in Debian's Chromium at 1440x900 and times, three
times each: from navigation to the first view drawn (basemap, markers, counts, timeline, table), from choosing an
event type to the view redrawn, and the world view's cluster request (zoom 2, a box not asked for before). Run web_load.py first to build the store.
"""
from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
SETTLED = ("() => document.body.dataset.ready === '1' && !document.body.dataset.loading "
           "&& document.body.dataset.drawn === document.body.dataset.asked")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=HERE / ".cache" / "web-1000000.db")
    args = parser.parse_args()
    if not args.db.exists():
        raise SystemExit(f"{args.db} is missing: run python benchmarks/web_load.py first, or give --db")
    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "sitroom.cli", "serve", "--db", str(args.db), "--host",
                               "127.0.0.1", "--port", str(port)], stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/api/options", timeout=60).read()
                break
            except OSError:
                time.sleep(0.1)
        # The first view's answers and the events' columns (for any filter) are precomputed in the background at
        # start: measure the map once they are (a filtered count answers fast only from the columns).
        for _ in range(600):
            t0 = time.perf_counter()
            urllib.request.urlopen(base + "/api/stats?event_type=Riots", timeout=120).read()
            if time.perf_counter() - t0 < 0.5:
                break
            time.sleep(1)
        for _ in range(600):  # and the alert badges, the last thing worked out in the background
            if b'"ready":true' in urllib.request.urlopen(base + "/api/alerts/map", timeout=120).read():
                break
            time.sleep(1)
        first, change, world = [], [], []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS, headless=True)
            types = ["Battles", "Protests", "Riots"]
            for n in range(3):
                page = browser.new_page(viewport={"width": 1440, "height": 900})
                t0 = time.perf_counter()
                page.goto(base + "/")
                page.wait_for_function(SETTLED, timeout=120_000)
                first.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                page.select_option("select[name=event_type]", types[n])
                page.wait_for_function("() => document.body.dataset.loading", timeout=10_000)
                page.wait_for_function(SETTLED, timeout=120_000)
                change.append(time.perf_counter() - t0)
                # The world view's clusters, cold: a box no request has asked for, so no answer comes from a cache.
                world.append(page.evaluate("""async (n) => {
                  const t0 = performance.now();
                  const r = await fetch(`/api/clusters?zoom=2&bbox=${-179.9 + n / 1000},-85,${179.9 - n / 1000},85`);
                  await r.json();
                  return (performance.now() - t0) / 1000; }""", n + 1))
                page.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"map of {args.db.name} in Chromium 1440x900 (3 runs each, one server on loopback)")
    print(f"first view drawn   median {statistics.median(first):.2f} s  max {max(first):.2f} s")
    print(f"filter change      median {statistics.median(change):.2f} s  max {max(change):.2f} s")
    print(f"world clusters     median {statistics.median(world) * 1000:.0f} ms  max {max(world) * 1000:.0f} ms "
          "(cold: a box not asked for before)")


if __name__ == "__main__":
    main()
