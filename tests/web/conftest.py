"""A demo event store and the web app over it, shared by the web tests."""
from __future__ import annotations

import pytest

from hostile_input import FORMULA_SITE, HOSTILE_TEXTS, HOSTILE_URLS


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory, built_models):
    from sitroom.service import DEMO_DIR, ingest_paths

    db = tmp_path_factory.mktemp("web") / "demo.db"
    report = ingest_paths([DEMO_DIR], db)
    assert report.stored >= 4 and not report.errors
    return db


@pytest.fixture(scope="session")
def analyst_db(tmp_path_factory, built_models):
    """A small store for the map's analyst views: four events at one town centre (Kidal), weeks apart, and two
    in eastern Congo months earlier, so the timeline has empty weeks and the map a cluster no zoom can split.
    One article per event: each tells a single incident, so the counts do not hang on how its tellings merge."""
    from pathlib import Path

    from sitroom.service import ingest_paths

    db = tmp_path_factory.mktemp("analyst") / "analyst.db"
    report = ingest_paths([Path(__file__).parent / "analyst_feed.jsonl"], db)
    assert report.stored == 6 and not report.errors, report.errors
    return db


@pytest.fixture(scope="session")
def web_app(demo_db):
    from sitroom.web.app import create_app

    # Served on 127.0.0.1; "testserver" is the Host the in-process test clients (schemathesis) send.
    return create_app(demo_db, host="127.0.0.1", allow_hosts=["testserver"])


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory, built_models):
    """A store built from hostile input: script URLs, markup in titles and texts, a formula as a site name."""
    import json

    from sitroom.service import ingest_paths

    folder = tmp_path_factory.mktemp("hostile")
    records = [{"url": url, "title": f'<img src=x onerror="alert(document.domain)"> report {n}',
                "published": "2024-03-12", "text": text + ' <script>alert(document.domain)</script>'}
               for n, (url, text) in enumerate(zip(HOSTILE_URLS, HOSTILE_TEXTS))]
    records.append({"url": "https://evil.example/formula", "published": "2024-03-12", "html": (
        f'<html><head><meta property="og:site_name" content="{FORMULA_SITE.replace(chr(34), "&quot;")}">'
        "<title>Attack</title></head><body><article><h1>Checkpoint attacked</h1><p>Militants attacked an army "
        "checkpoint in Mopti on Sunday, killing three soldiers, local officials told reporters.</p></article>"
        "</body></html>")})  # an incident no other report tells: its source cell holds its site alone
    feed = folder / "hostile.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in records))
    db = folder / "hostile.db"
    report = ingest_paths([feed], db)
    assert report.stored == len(records) and not report.errors, report.errors
    return db
