"""gazetteer: place names -> places, offline.

Not a stage of its own but the atlas the stages consult: `build.py` compiles
an SQLite index once from registry packages (GeoNames towns, provinces,
countries, the project's own regions and abbreviations); `lookup.py` opens it
read-only and answers name lookups, demonyms and distances. Only the
knowledge files sit below it.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .build import build_index
from .lookup import (ABBREVIATION_MARK, ADMIN_WORDS, Gazetteer, GazetteerPlace, Lookup, ascii_name,
                     default_gazetteer, distance_km, fold, index_path, is_latin, skeleton)

__all__ = ["ABBREVIATION_MARK", "ADMIN_WORDS", "Gazetteer", "GazetteerPlace", "Lookup", "ascii_name", "build_index",
           "default_gazetteer", "distance_km", "ensure_index", "fold", "index_path", "is_latin", "skeleton"]


def ensure_index(announce: Callable[[str], None] = print) -> Path:
    """The index's path, built first (once) if it is missing."""
    path = index_path()
    if not path.exists():
        announce(f"Building the gazetteer index (once) at {path} ...")
        build_index(path)
    return path
