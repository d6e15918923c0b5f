"""ingest: a source (file, folder, JSON lines) -> Article records.

Bad input never raises past this module: each unreadable document becomes an
IngestError with a message a user can act on, and the other documents go on.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from .cleaning import clean_plain_text, guess_title
from ..records import Article

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
SUPPORTED_SUFFIXES = {".html", ".htm", ".txt", ".jsonl"}
_MIN_TEXT_CHARS = 40

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


@dataclass
class Ingested:
    article: Article | None
    error: IngestError | None = None


def iter_sources(paths: list[Path]) -> list[Path]:
    """Expand folders into the supported files beneath them, sorted for repeatability."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p for p in sorted(path.rglob("*")) if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
        else:
            found.append(path)
    return found


def read_path(path: Path, published: date | None = None) -> Iterator[Ingested]:
    """Every article in one file; errors are yielded, never raised."""
    name = str(path)
    try:
        if not path.exists():
            raise IngestError(name, "no such file")
        suffix = path.suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            raise IngestError(name, f"unsupported file type '{suffix}' (expected .html, .htm, .txt or .jsonl)")
        if suffix == ".jsonl":
            yield from _read_jsonl(path, published)
            return
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise IngestError(
                name, f"file is {size / 1e6:.1f} MB, over the {MAX_DOCUMENT_BYTES / 1e6:.0f} MB limit for one article"
            )
        text = decode_bytes(path.read_bytes(), name)
        if suffix in (".html", ".htm"):
            article = article_from_html(text, url=path.resolve().as_uri(), published=published, source=name)
        else:
            article = article_from_text(text, url=path.resolve().as_uri(), published=published, source=name)
        article.source_path = name
        yield Ingested(article)
    except IngestError as err:
        yield Ingested(None, err)


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
    if len(article.text.strip()) < _MIN_TEXT_CHARS:
        raise IngestError(source, "no article text found (empty page or only boilerplate)")
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
        return detect(text[:3000])
    except LangDetectException:
        return "unknown"


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
        text = _html_fallback_text(html)
        if not text.strip():
            raise IngestError(source, f"no article text found in the HTML {fallback_reason}".strip())
        meta_title, meta_date, site, canonical = "", None, "", url
    else:
        text = doc.text
        meta_title = doc.title or ""
        meta_date = _parse_iso(doc.date)
        site = doc.sitename or doc.hostname or ""
        canonical = doc.url or url
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


def _html_fallback_text(html: str) -> str:
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except Exception:
        return ""
    for bad in tree.xpath("//script|//style|//nav|//footer|//header"):
        bad.drop_tree()
    return "\n".join(line.strip() for line in tree.text_content().splitlines() if line.strip())


def _read_jsonl(path: Path, published: date | None) -> Iterator[Ingested]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            source = f"{path}:{number}"
            if not raw.strip():
                continue
            if len(raw) > MAX_DOCUMENT_BYTES:
                yield Ingested(None, IngestError(source, "line is over the size limit for one article"))
                continue
            try:
                record = json.loads(decode_bytes(raw, source))
                if not isinstance(record, dict):
                    raise IngestError(source, "each line must be a JSON object")
                yield Ingested(_article_from_record(record, published, source))
            except json.JSONDecodeError as exc:
                yield Ingested(None, IngestError(source, f"not valid JSON ({exc.msg})"))
            except IngestError as err:
                yield Ingested(None, err)


def _article_from_record(record: dict, published: date | None, source: str) -> Article:
    url = str(record.get("url") or "")
    when = published or _parse_iso(record.get("published"))
    if record.get("html"):
        article = article_from_html(str(record["html"]), url=url, published=when, source=source)
    elif record.get("text"):
        article = article_from_text(
            str(record["text"]), url=url, published=when, title=str(record.get("title") or ""), source=source
        )
    else:
        raise IngestError(source, "the record has neither 'text' nor 'html'")
    if record.get("title"):
        article.title = str(record["title"])
    article.source_path = source
    return article


def _parse_iso(value: object) -> date | None:
    if not value:
        return None
    if isinstance(value, date):
        return value
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).date()
    except ValueError:
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
