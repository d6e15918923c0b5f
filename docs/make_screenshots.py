"""The README's screenshots of the map: docs/screenshots/map-1440x900.png and map-390x844.png.

    python docs/make_screenshots.py [--db STORE]

Without --db it builds a store from the bundled demo articles and tests/web/analyst_feed.jsonl (four events at
Kidal's town centre, two near Goma) in a temporary folder. Serves it on 127.0.0.1 and photographs it in Debian's
Chromium (/usr/bin/chromium), as the browser tests do; nothing leaves the machine.
"""
from __future__ import annotations

import argparse
import socket
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def build_store(folder: Path) -> Path:
    from sitroom.service import DEMO_DIR, ingest_paths

    db = folder / "screenshots.db"
    report = ingest_paths([DEMO_DIR, ROOT / "tests" / "web" / "analyst_feed.jsonl"], db)
    if report.errors:
        raise SystemExit(f"could not build the store: {report.errors}")
    return db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="the store to photograph (default: demo + analyst articles)")
    args = parser.parse_args()

    import uvicorn
    from playwright.sync_api import sync_playwright

    from sitroom.web.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or build_store(Path(tmp))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        url = f"http://127.0.0.1:{port}"
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS, headless=True)
            for width, height in ((1440, 900), (390, 844)):
                page = browser.new_page(viewport={"width": width, "height": height}, is_mobile=width < 500)
                page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url)
                           else route.abort())
                page.goto(f"{url}/?view={4 if width > 500 else 3}/10/15")
                page.wait_for_selector("body[data-ready='1']")
                page.wait_for_function("() => !document.body.dataset.loading")
                biggest = page.evaluate("() => Math.max(...[...document.querySelectorAll('.event-cluster')]"
                                        ".map((m) => parseInt(m.getAttribute('aria-label'))))")
                page.locator(f".event-cluster[aria-label^='{biggest} events']").first.click()
                page.locator(".leaflet-popup .cluster-events li a").first.wait_for()
                page.wait_for_function("() => !document.body.dataset.loading && !document.body.dataset.moving "
                                       "&& getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")
                path = OUT / f"map-{width}x{height}.png"
                page.screenshot(path=str(path))
                print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")
                page.close()
            browser.close()
        server.should_exit = True


if __name__ == "__main__":
    main()
