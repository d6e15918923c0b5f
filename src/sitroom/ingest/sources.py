"""ingest: which reader reads a path (files of pages, JSON lines gzipped or not, web archives)."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from .readers import SUPPORTED_SUFFIXES, Document, IngestError, Ingested, article_of, file_documents, supported_suffix
from .warc import is_warc, warc_documents


def iter_sources(paths: list[Path]) -> list[Path]:
    """Expand folders into the supported files beneath them, sorted for repeatability.

    The list holds paths, not documents: a feed's or an archive's articles are read one at a time later.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*"))
                         if p.is_file() and (supported_suffix(p) in SUPPORTED_SUFFIXES or is_warc(p)))
        else:
            found.append(path)
    return found


def iter_documents(path: Path, published: date | None = None) -> Iterator[Document | IngestError]:
    """The documents of one file as bytes, one at a time (a feed's lines, an archive's pages); errors are yielded.

    The cheap half of reading, done where the files are; `article_of` is the other half (worker processes run it).
    """
    if is_warc(path):
        yield from warc_documents(path, published)
    else:
        yield from file_documents(path, published)


def read_path(path: Path, published: date | None = None) -> Iterator[Ingested]:
    """Every article in one file (a page, a text, JSON lines or a WARC); errors are yielded, never raised."""
    for item in iter_documents(path, published):
        yield Ingested(None, item) if isinstance(item, IngestError) else article_of(item)
