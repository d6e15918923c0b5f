"""ingest: a web archive (WARC, as Common Crawl's news crawl writes it) -> Article records.

Each `response` record holding an HTML page fetched with status 200 is read as
that page would be from a file or from the web (readers.article_of, as an
HTML document at the record's target URI, so `sitroom ingest --workers N`
codes an archive's pages in its workers like any file's). A response of
another status or content type is reported with its reason and skipped;
request, metadata and warcinfo records carry no page and are passed over. The archive is streamed record by record,
and a record's payload is read (decoded: chunked or gzip transfer undone) up to
the limit for one article, so a compressed bomb stops there.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from .readers import MAX_DOCUMENT_BYTES, Document, IngestError, Ingested, article_of, open_regular

WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def read_warc(path: Path, published: date | None = None) -> Iterator[Ingested]:
    """Every HTML page in a WARC file (one per response record); errors are yielded, never raised."""
    for item in warc_documents(path, published):
        yield Ingested(None, item) if isinstance(item, IngestError) else article_of(item)


def warc_documents(path: Path, published: date | None = None) -> Iterator[Document | IngestError]:
    """Each HTML page of a WARC file as a Document (its bytes, at its target URI), one record at a time.

    Only the records are read here; `article_of` decodes and extracts the page, in whichever process codes it.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    name = str(path)
    try:
        handle = open_regular(path)
    except IngestError as err:
        yield err
        return
    number = 0
    with handle:
        try:
            for record in ArchiveIterator(handle):
                if record.format != "warc":  # warcio reads any text as an old ARC file: refuse it
                    yield IngestError(name, f"not a WARC file: record {number + 1} has no WARC header (only "
                                            "WARC, not ARC, files are read)")
                    return
                if record.rec_type != "response":
                    continue
                number += 1
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                yield _page(record, uri, f"{name}#{number} {uri}", published)
        except ArchiveLoadFailed as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else "unreadable record"
            yield IngestError(name, f"not a readable WARC file after {number} response record(s) ({reason})")
        except (OSError, EOFError, ValueError) as exc:  # a truncated gzip member, a cut-off record
            yield IngestError(name, f"the archive breaks off after {number} response record(s) "
                                    f"({exc.__class__.__name__}: {exc})")


def _page(record, uri: str, source: str, published: date | None) -> Document | IngestError:
    try:
        http = record.http_headers
        if http is None:
            raise IngestError(source, "a response record without HTTP headers (not a web page capture)")
        status = http.get_statuscode()
        if status != "200":
            raise IngestError(source, f"HTTP status {status}, not a page to read (only 200 responses are)")
        content_type = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
        if content_type not in HTML_TYPES:
            raise IngestError(source, f"content type '{content_type or 'none'}', not an HTML page")
        if not uri.lower().startswith(("http://", "https://")):
            raise IngestError(source, f"target URI '{uri}' is not a web address")
        data = record.content_stream().read(MAX_DOCUMENT_BYTES + 1)
        if len(data) > MAX_DOCUMENT_BYTES:
            raise IngestError(source, f"the page is over the {MAX_DOCUMENT_BYTES // 1024 // 1024} MB limit for "
                                      "one article (decoded)")
        return Document(source, "html", data, url=uri, published=published)
    except IngestError as err:
        return err
