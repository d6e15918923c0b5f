"""ingest: which reader reads a path (files of pages, JSON lines, web archives)."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from .readers import SUPPORTED_SUFFIXES, Ingested, read_file
from .warc import is_warc, read_warc


def iter_sources(paths: list[Path]) -> list[Path]:
    """Expand folders into the supported files beneath them, sorted for repeatability."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*"))
                         if p.is_file() and (p.suffix.lower() in SUPPORTED_SUFFIXES or is_warc(p)))
        else:
            found.append(path)
    return found


def read_path(path: Path, published: date | None = None) -> Iterator[Ingested]:
    """Every article in one file (a page, a text, JSON lines or a WARC); errors are yielded, never raised."""
    if is_warc(path):
        yield from read_warc(path, published)
    else:
        yield from read_file(path, published)
