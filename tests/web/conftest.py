"""A demo event store and the web app over it, shared by the web tests."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory, built_models):
    from sitroom.service import DEMO_DIR, ingest_paths

    db = tmp_path_factory.mktemp("web") / "demo.db"
    report = ingest_paths([DEMO_DIR], db)
    assert report.stored >= 4 and not report.errors
    return db


@pytest.fixture(scope="session")
def web_app(demo_db):
    from sitroom.web.app import create_app

    return create_app(demo_db)
