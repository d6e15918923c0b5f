"""Shared fixtures: the built gazetteer and classifier, the shared/ folder beside the checkout."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session", autouse=True)
def built_models():
    """The gazetteer index and the trained classifier, built once per SITROOM_HOME."""
    from sitroom.service import ensure_models

    ensure_models()


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.exists():
        pytest.fail(f"{SHARED} is missing: the acceptance data must sit beside the checkout")
    return SHARED


REPORT_ARTICLES = REPO / "tests" / "fixtures" / "report_articles.jsonl"


@pytest.fixture(scope="session")
def report_db(tmp_path_factory, built_models) -> Path:
    """A Syrian store of 12 wire stories over five weeks (12 Feb - 17 Mar 2024), Deir ez-Zor built to surge.

    Idlib and Aleppo see about one event a week throughout; Deir ez-Zor one roadside bomb in the four
    weeks before 11 March, then four events in the week of 11-17 March (a first air strike there, Islamic
    State named there for the first time, a village taken).
    """
    from sitroom.service import ingest_paths

    db = tmp_path_factory.mktemp("report") / "report.db"
    result = ingest_paths([REPORT_ARTICLES], db)
    assert result.stored == 12 and not result.errors, result.errors
    return db
