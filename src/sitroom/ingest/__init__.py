"""ingest: a source (a file, a folder, JSON lines, gzipped or not) -> Article records.

`readers.py` reads files and JSON lines, extracts HTML (trafilatura) and
checks encoding and language; `cleaning.py` strips a scraped text's
boilerplate lines. Bad input never raises past this stage: each unreadable
document becomes an IngestError with a reason a user can act on.
"""
from __future__ import annotations

from .readers import (Document, IngestError, Ingested, article_from_html, article_from_text, article_of, decode_bytes,
                      iter_documents, iter_sources, read_path)

__all__ = ["Document", "IngestError", "Ingested", "article_from_html", "article_from_text", "article_of",
           "decode_bytes", "iter_documents", "iter_sources", "read_path"]
