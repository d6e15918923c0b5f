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
