"""knowledge: what sitroom knows of the domain, read from the data files beside the code.

The coder's knowledge (actors, trigger lexicon, place supplement) is data, not
code. SITROOM_KNOWLEDGE may name a folder whose files replace the bundled ones
of the same name, so users extend sitroom without touching the package.
This package is the ground floor: every stage may read it, it reads no stage.
`actors.py` is the actor book (actors.yaml), `lexicon.py` the trigger lexicon
(triggers.yaml).
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

BUNDLED = Path(__file__).parent.parent / "data"


def knowledge_path(name: str) -> Path:
    override = os.environ.get("SITROOM_KNOWLEDGE")
    if override and (Path(override) / name).exists():
        return Path(override) / name
    return BUNDLED / name


@lru_cache(maxsize=None)
def load_yaml(name: str) -> Any:
    with knowledge_path(name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def data_dir() -> Path:
    """Where built artefacts (the gazetteer index) go: SITROOM_HOME or ~/.cache/sitroom."""
    home = os.environ.get("SITROOM_HOME")
    path = Path(home) if home else Path.home() / ".cache" / "sitroom"
    path.mkdir(parents=True, exist_ok=True)
    return path


@lru_cache(maxsize=512)
def country_name(iso: str) -> str:
    """ACLED's name of a country from its ISO alpha-2 code ("TR" -> "Turkey", "PS" -> "Palestine")."""
    if not iso:
        return ""
    override = load_yaml("acled_countries.yaml").get(iso)
    if override:
        return str(override)
    import pycountry

    country = pycountry.countries.get(alpha_2=iso)
    if country is None:
        return iso
    return getattr(country, "common_name", None) or country.name
