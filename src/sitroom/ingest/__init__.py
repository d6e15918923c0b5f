"""ingest: a source (a file, a folder, JSON lines) -> Article records.

`readers.py` reads files and JSON lines, extracts HTML (trafilatura) and
checks encoding and language; `cleaning.py` strips a scraped text's
boilerplate lines. Bad input never raises past this stage: each unreadable
document becomes an IngestError with a reason a user can act on.
"""
from __future__ import annotations

from .readers import (IngestError, Ingested, article_from_html, article_from_text, decode_bytes, iter_sources,
                      read_path)

__all__ = ["IngestError", "Ingested", "article_from_html", "article_from_text", "decode_bytes", "iter_sources",
           "read_path"]
