"""ingest: a source (a file, a folder, JSON lines gzipped or not, a web archive, a fetched page) -> Article records.

`readers.py` reads files and JSON lines, extracts HTML (trafilatura) and
checks encoding and language; `cleaning.py` strips a scraped text's
boilerplate lines; `warc.py` reads web archives; `sources.py` picks the reader
for a path. Reading is split in two: `iter_documents` streams a file's
documents as bytes, `article_of` turns one into an Article (the part worker
processes run). Bad input never raises past this stage: each unreadable
document becomes an IngestError with a reason a user can act on.
"""
from __future__ import annotations

from .readers import (Document, IngestError, Ingested, article_from_html, article_from_text, article_of,
                      decode_bytes)
from .sources import iter_documents, iter_sources, read_path

__all__ = ["Document", "IngestError", "Ingested", "article_from_html", "article_from_text", "article_of",
           "decode_bytes", "iter_documents", "iter_sources", "read_path"]
