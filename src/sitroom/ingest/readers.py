"""ingest: a file (a page, a text, JSON lines gzipped or not) -> Article records.

Bad input never raises past this module: each unreadable document becomes an
IngestError with a message a user can act on, and the other documents go on.

Reading is split in two so that the expensive half can run in other processes:
`file_documents` streams one file's documents as bytes (cheap, in the process
that owns the files), `article_of` decodes, extracts and checks one of them
(HTML extraction and language detection: the worker's share). `read_file`
chains the two for one file (sources.py picks between it and warc.py). Nothing
holds more than one document of a feed at a time.
"""
from __future__ import annotations

import gzip
import json
import os
import re
import stat
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from .cleaning import clean_plain_text, guess_title
from ..records import Article

# Bytes read for one article (a file, or one line of a feed); a longer one is refused unread.
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# Bytes read from one JSON-lines feed in all; reading stops there and says so.
MAX_FEED_BYTES = 1024 * 1024 * 1024
# Characters of clean text in one article: spaCy's parser refuses longer texts (its nlp.max_length).
MAX_TEXT_CHARS = 1_000_000
# Nesting of arrays and objects in one JSON line: a record is one flat object.
MAX_JSON_DEPTH = 20
# Nesting of HTML elements that libxml2 reads (with huge_tree; 256 without it).
MAX_HTML_DEPTH = 2048
# Publication dates outside these are typing errors, and date arithmetic on them overflows.
EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(2100, 12, 31)
# The fields a JSON-lines record may hold; each one a string (or null).
RECORD_FIELDS = ("url", "title", "published", "text", "html")
SUPPORTED_SUFFIXES = {".html", ".htm", ".txt", ".jsonl", ".jsonl.gz"}
_MIN_TEXT_CHARS = 40
_SURROGATE = re.compile("[\ud800-\udfff]")

_MAGIC = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or Office document)",
    b"\x1f\x8b": "a gzip archive",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
}


class IngestError(Exception):
    """A document that cannot be read, with the reason in words."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

    def __reduce__(self):
        # Errors travel from worker processes to the writer: pickle the two fields, not the joined message.
        return IngestError, (self.source, self.reason)


@dataclass
class Ingested:
    article: Article | None
    error: IngestError | None = None


@dataclass(frozen=True)
class Document:
    """One document as read from its file, not yet decoded: a file's bytes, or one line of a feed.

    kind: "html" or "text" (a whole file, `url` its file:// address; or a web archive's page, `url` its
    address) or "record" (a JSON-lines line).
    """

    source: str  # the file, FILE:LINE for a line of a feed, FILE#N URI for an archived page
    kind: str
    data: bytes
    url: str = ""
    published: date | None = None


def supported_suffix(path: Path) -> str:
    """The file type sitroom reads the file as ('.jsonl.gz' counts as one), or its plain suffix if unsupported."""
    name = path.name.lower()
    return ".jsonl.gz" if name.endswith(".jsonl.gz") else path.suffix.lower()


def read_file(path: Path, published: date | None = None) -> Iterator[Ingested]:
    """Every article in one .html, .htm, .txt, .jsonl or .jsonl.gz file; errors are yielded, never raised."""
    for item in file_documents(path, published):
        yield Ingested(None, item) if isinstance(item, IngestError) else article_of(item)


def file_documents(path: Path, published: date | None = None) -> Iterator[Document | IngestError]:
    """The documents of one file as bytes, one at a time (a feed line by line); errors are yielded, never raised."""
    name = str(path)
    try:
        if not path.exists():
            raise IngestError(name, "no such file")
        suffix = supported_suffix(path)
        if suffix not in SUPPORTED_SUFFIXES:
            raise IngestError(name, f"unsupported file type '{suffix}' (expected .html, .htm, .txt, .jsonl, "
                                    ".jsonl.gz, .warc or .warc.gz)")
        if published is not None and not usable_date(published):
            raise IngestError(name, _date_range_reason(published.isoformat()))
        if suffix == ".jsonl":
            with open_regular(path) as handle:
                yield from _read_jsonl(handle, name, published)
            return
        if suffix == ".jsonl.gz":
            with open_regular(path) as raw, gzip.GzipFile(fileobj=raw, mode="rb") as handle:
                yield from _read_gzipped_jsonl(handle, name, published)
            return
        with open_regular(path) as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_DOCUMENT_BYTES:
                raise IngestError(name, f"file is {size / 1e6:.1f} MB, over the {_mb(MAX_DOCUMENT_BYTES)} limit "
                                        "for one article")
            data = handle.read(MAX_DOCUMENT_BYTES + 1)  # the file may grow after the size was read
        if len(data) > MAX_DOCUMENT_BYTES:
            raise IngestError(name, f"file is over the {_mb(MAX_DOCUMENT_BYTES)} limit for one article")
        kind = "html" if suffix in (".html", ".htm") else "text"
        yield Document(name, kind, data, url=path.resolve().as_uri(), published=published)
    except IngestError as err:
        yield err


def article_of(document: Document) -> Ingested:
    """One document -> its Article (decoded, extracted, cleaned, language checked), or the reason it has none."""
    if document.kind == "record":
        return _record_line(document.data, document.source, document.published)
    try:
        text = decode_bytes(document.data, document.source)
        make = article_from_html if document.kind == "html" else article_from_text
        article = make(text, url=document.url, published=document.published, source=document.source)
        article.source_path = document.source
        return Ingested(article)
    except IngestError as err:
        return Ingested(None, err)


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB" if n < 1024 ** 3 else f"{n / 1024 ** 3:.0f} GB"


def open_regular(path: Path) -> BinaryIO:
    """Open a regular file for reading, or refuse: a device (/dev/zero) never ends and a FIFO never opens.

    O_NONBLOCK keeps the open itself from waiting for a FIFO's writer; the type is checked on the open file,
    so a path swapped between a check and the open cannot slip through.
    """
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise IngestError(name, f"cannot open the file ({exc.strerror})") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = ("a folder" if stat.S_ISDIR(mode) else "a FIFO (named pipe)" if stat.S_ISFIFO(mode)
                else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode)
                else "not a regular file")
        raise IngestError(name, f"this is {kind}; sitroom reads only regular files")
    return os.fdopen(fd, "rb")


def usable_date(day: date) -> bool:
    return EARLIEST_DATE <= day <= LATEST_DATE


def _date_range_reason(value: str) -> str:
    return f"the publication date {value} is not between {EARLIEST_DATE} and {LATEST_DATE}"


def clean_string(value: str) -> str:
    """Text that can be stored and hashed as UTF-8: lone surrogates (from JSON \\ud800 escapes) become U+FFFD."""
    return _SURROGATE.sub("\ufffd", value)


def decode_bytes(data: bytes, source: str) -> str:
    """Bytes -> text, refusing binaries and guessing legacy encodings."""
    if not data.strip():
        raise IngestError(source, "the file is empty")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise IngestError(source, f"this is {what}, not a text or HTML article")
    head = data[:8192]
    if b"\x00" in head:
        raise IngestError(source, "binary data (NUL bytes), not a text or HTML article")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise IngestError(source, "cannot tell the text encoding; save the file as UTF-8")
    return str(best)


def _check_text(article: Article, source: str) -> Article:
    for name in ("url", "title", "text", "site", "canonical_url"):
        setattr(article, name, clean_string(getattr(article, name) or ""))
    if len(article.text.strip()) < _MIN_TEXT_CHARS:
        raise IngestError(source, "no article text found (empty page or only boilerplate)")
    if len(article.text) > MAX_TEXT_CHARS:
        raise IngestError(source, f"the article text is {len(article.text):,} characters, over the parser's limit "
                                  f"of {MAX_TEXT_CHARS:,} for one article; split it into shorter documents")
    if article.published is not None and not usable_date(article.published):
        article.published = None  # a page's own date out of range is no date: relative dates are left unresolved
    control = sum(1 for ch in article.text[:5000] if ord(ch) < 32 and ch not in "\n\r\t")
    if control > 50:
        raise IngestError(source, "the text is mostly control characters: probably a binary file")
    language = detect_language(article.text)
    if language != "en":
        raise IngestError(source, f"the article is in '{language}', and sitroom reads English only")
    article.language = language
    return article


def detect_language(text: str) -> str:
    from langdetect import DetectorFactory, LangDetectException, detect

    DetectorFactory.seed = 0  # langdetect is random unless seeded
    try:
        language = detect(text[:3000])
    except LangDetectException:
        return "unknown"
    if language != "en" and len(text) < _SHORT_TEXT_CHARS and _english_share(text) >= _ENGLISH_SHARE:
        # "On 5 March, unidentified gunmen killed a social leader in Tumaco (Nariño).": a brief's few words and its
        # Spanish names fool the letter statistics; its function words are English
        return "en"
    return language


_SHORT_TEXT_CHARS = 400
_ENGLISH_SHARE = 0.25
_ENGLISH_WORDS = frozenset("the a an of in on at to and or but was were is are has have had been be by with from for "
                           "that this who which said says after before near during into their his her its it they "
                           "he she we not no".split())


def _english_share(text: str) -> float:
    words = re.findall(r"[a-z]+", text.lower())
    return sum(w in _ENGLISH_WORDS for w in words) / max(1, len(words))


def article_from_text(
    raw: str, url: str = "", published: date | None = None, title: str = "", source: str = ""
) -> Article:
    text = clean_plain_text(raw)
    title = title or guess_title(text)
    published = published or find_date_line(raw)
    article = Article(url=url, title=title, text=text, published=published, site=_site_of(url))
    article.canonical_url = url
    return _check_text(article, source or url)


def article_from_html(
    html: str, url: str = "", published: date | None = None, source: str = ""
) -> Article:
    import trafilatura

    source = source or url
    if "<" not in html[:5000]:
        return article_from_text(html, url=url, published=published, source=source)
    try:
        doc = trafilatura.bare_extraction(
            html, url=url or None, with_metadata=True, include_comments=False, favor_precision=True
        )
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        doc = None
        fallback_reason = str(exc)
    else:
        fallback_reason = ""
    if doc is None or not (doc.text or "").strip():
        text = _html_fallback_text(html, source)
        if not text.strip():
            raise IngestError(source, f"no article text found in the HTML {fallback_reason}".strip())
        meta_title, meta_date, site, canonical = "", None, "", url
    else:
        text = doc.text
        meta_title = doc.title or ""
        meta_date = _parse_iso(doc.date)
        site = doc.sitename or doc.hostname or ""
        # The page's declared canonical URL, if it is a web address; the store decides whether to trust it.
        canonical = doc.url if re.match(r"(?i)https?://", doc.url or "") else url
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    if meta_title and paragraphs and paragraphs[0].strip().lower() != meta_title.strip().lower():
        paragraphs.insert(0, meta_title.strip())
    article = Article(
        url=url,
        title=meta_title or (paragraphs[0] if paragraphs else ""),
        text=clean_plain_text("\n".join(paragraphs)),
        published=published or meta_date,
        site=site or _site_of(canonical),
        canonical_url=canonical or url,
        html=html,
    )
    return _check_text(article, source)


def _html_fallback_text(html: str, source: str) -> str:
    """The page's visible text when trafilatura finds no article in it (broken or deeply nested markup).

    libxml2 stops at 256 levels of nesting unless told otherwise (huge_tree lifts that to 2048); a page nested
    deeper than that is refused with that reason, not as a page without text.
    """
    import lxml.html

    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        tree = lxml.html.fromstring(html, parser=parser)
    except Exception:
        return ""
    if not isinstance(tree.tag, str):
        return ""  # "<body><!-- x --></body>": lxml hands back the lone comment itself, which holds no visible text
    for bad in tree.xpath("//script|//style|//nav|//footer|//header"):
        bad.drop_tree()
    text = "\n".join(line.strip() for line in tree.text_content().splitlines() if line.strip())
    if not text and any("Excessive depth" in error.message for error in parser.error_log):
        raise IngestError(source, f"the HTML is nested more than {MAX_HTML_DEPTH} elements deep, deeper than the "
                                  "HTML parser reads; no article text could be taken from it")
    return text


def _read_gzipped_jsonl(handle: BinaryIO, name: str, published: date | None) -> Iterator[Document | IngestError]:
    """A gzipped feed, decompressed as it is read (the feed limit counts decompressed bytes, so a gzip bomb stops)."""
    try:
        yield from _read_jsonl(handle, name, published)
    except (OSError, EOFError, zlib.error) as exc:  # not gzip, or cut short: the lines before were read
        reason = "the file ends before its gzip stream does (cut short?)" if isinstance(exc, EOFError) else \
            f"not a readable gzip file ({exc})"
        yield IngestError(name, f"{reason}; the lines before the fault were read")


def _read_jsonl(handle: BinaryIO, name: str, published: date | None) -> Iterator[Document | IngestError]:
    """One Document per non-blank line; a bad line is reported and skipped, the lines after it are read."""
    read = 0
    number = 0
    while True:
        raw = handle.readline(MAX_DOCUMENT_BYTES + 1)
        if not raw:
            return
        number += 1
        read += len(raw)
        source = f"{name}:{number}"
        if len(raw) > MAX_DOCUMENT_BYTES and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n") and read <= MAX_FEED_BYTES:  # skip the rest, never hold it
                raw = handle.readline(1024 * 1024)
                read += len(raw)
            yield IngestError(source, f"line is over the {_mb(MAX_DOCUMENT_BYTES)} limit for one article")
        elif raw.strip():
            yield Document(source, "record", raw, published=published)
        if read > MAX_FEED_BYTES:
            yield IngestError(name, f"stopped reading after {_mb(MAX_FEED_BYTES)}, the limit for one feed "
                                    f"(line {number}); split the file")
            return


def _record_line(raw: bytes, source: str, published: date | None) -> Ingested:
    try:
        line = decode_bytes(raw, source)
        if json_depth(line) > MAX_JSON_DEPTH:
            raise IngestError(source, f"the JSON is nested more than {MAX_JSON_DEPTH} levels deep; "
                                      "a record is one object of strings")
        try:
            record = json.loads(line)
        except RecursionError:
            raise IngestError(source, "the JSON is nested too deeply to read") from None
        return Ingested(_article_from_record(record, published, source))
    except json.JSONDecodeError as exc:
        return Ingested(None, IngestError(source, f"not valid JSON ({exc.msg})"))
    except IngestError as err:
        return Ingested(None, err)


_JSON_NESTING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def json_depth(line: str) -> int:
    """How deep arrays and objects nest in a JSON text (brackets inside strings do not count)."""
    depth = deepest = 0
    for match in _JSON_NESTING.finditer(line):
        token = match.group()
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
    return deepest


def _article_from_record(record: object, published: date | None, source: str) -> Article:
    """A JSON-lines record -> an Article: an object whose known fields are strings (or null)."""
    if not isinstance(record, dict):
        raise IngestError(source, f"each line must be a JSON object, not {_json_type(record)}")
    for key in RECORD_FIELDS:
        if record.get(key) is not None and not isinstance(record[key], str):
            raise IngestError(source, f"'{key}' must be a string, not {_json_type(record[key])}")
    fields = {key: clean_string(record.get(key) or "") for key in RECORD_FIELDS}
    url, title = fields["url"], fields["title"].strip()
    when = published
    if when is None and fields["published"]:
        when = _parse_iso(fields["published"])
        if when is not None and not usable_date(when):
            raise IngestError(source, _date_range_reason(fields["published"]))
    if fields["html"].strip():
        article = article_from_html(fields["html"], url=url, published=when, source=source)
    elif fields["text"].strip():
        article = article_from_text(fields["text"], url=url, published=when, title=title, source=source)
    else:
        raise IngestError(source, "the record has neither 'text' nor 'html'")
    if title:
        article.title = title
    article.source_path = source
    return article


def _json_type(value: object) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "true/false", int: "a number",
            float: "a number", type(None): "null"}.get(type(value), type(value).__name__)


def _parse_iso(value: object) -> date | None:
    if not value:
        return None
    if isinstance(value, date):
        return value
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).date()
    except (ValueError, OverflowError):
        return None


_DATE_LINE = re.compile(
    r"^\s*(?:published|posted|updated|date)?[:\s]*"
    r"(\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]+\s+\d{1,2},\s+\d{4}|\d{4}-\d{2}-\d{2})\s*$",
    re.IGNORECASE | re.MULTILINE,
)


def find_date_line(raw: str) -> date | None:
    """A dateline near the top of a plain-text page ("Published: 31 July 2018")."""
    match = _DATE_LINE.search(raw[:2000])
    if not match:
        return None
    import dateparser

    parsed = dateparser.parse(match.group(1), languages=["en"])
    return parsed.date() if parsed else None


def _site_of(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")
