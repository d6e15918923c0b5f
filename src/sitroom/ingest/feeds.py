"""ingest: a feed document (RSS, Atom, a news sitemap) -> the article links in it; the feeds file.

RSS and Atom are read by feedparser, which copes with the real web's sloppy
feeds; a feed so broken that no entry can be read is a FeedError with
feedparser's reason. Google news sitemaps (`<urlset>` with `<news:news>`) are
read with lxml, with entities and network access off. Only http(s) links are
kept. The feeds file (YAML) lists the feeds to watch:

    feeds:
      - url: https://example.org/world/rss.xml
        language: en          # optional; sitroom codes English, other feeds are skipped
        country: ML           # optional hint, shown with the feed
        interval: 30m         # optional; how often to poll this feed (s, m, h, d)
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml

# Links read from one feed document; a longer feed is cut there (news feeds list tens).
MAX_ITEMS = 500
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_UNIT = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


class FeedError(Exception):
    """A feed document or a feeds file that cannot be read, with the reason in words."""


@dataclass(frozen=True)
class FeedConfig:
    """One feed to watch, as the feeds file lists it."""

    url: str
    language: str = ""
    country: str = ""
    interval: float | None = None  # seconds; None: the watch's own interval


@dataclass(frozen=True)
class FeedItem:
    """One article link in a feed, with what the feed says of it."""

    url: str
    title: str = ""
    published: date | None = None
    stamp: str = ""  # the entry's own updated/published text: a new stamp means a new version of the page


def parse_interval(value: str | float | int) -> float:
    """'15m', '2h', '90s', '1d' or a number of seconds -> seconds."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = float(value)
    else:
        match = _INTERVAL.match(str(value))
        if not match:
            raise FeedError(f"'{value}' is not an interval (a number with s, m, h or d: 15m, 2h)")
        seconds = float(match.group(1)) * _UNIT[match.group(2).lower()]
    if seconds < 0:
        raise FeedError(f"interval {value} is negative")
    return seconds


def format_interval(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{seconds:g}s"


def _web_url(value: object) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def load_feeds(path: Path) -> list[FeedConfig]:
    """The feeds a feeds file lists; a file sitroom cannot use is a FeedError naming the entry at fault."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FeedError(f"no feeds file at {path}") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise FeedError(f"{path} cannot be read as YAML ({exc})") from None
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("feeds", []), list):
        raise FeedError(f"{path}: expected a mapping with a list under 'feeds:'")
    feeds, seen = [], set()
    for number, entry in enumerate(data.get("feeds") or [], 1):
        feed = feed_from_entry(entry, f"{path}: feed {number}")
        if feed.url not in seen:
            seen.add(feed.url)
            feeds.append(feed)
    return feeds


def feed_from_entry(entry: object, label: str) -> FeedConfig:
    """One feeds-file entry (a mapping, or just its URL) -> a FeedConfig; a FeedError after `label` says why not."""
    if isinstance(entry, str):
        entry = {"url": entry}
    if not isinstance(entry, dict) or not _web_url(entry.get("url")):
        raise FeedError(f"{label} needs a 'url' that is an http(s) address")
    unknown = set(entry) - {"url", "language", "country", "interval"}
    if unknown:
        raise FeedError(f"{label} has unknown keys: {', '.join(sorted(map(str, unknown)))}")
    try:
        interval = parse_interval(entry["interval"]) if entry.get("interval") not in (None, "") else None
    except FeedError as exc:
        raise FeedError(f"{label}: {exc}") from None
    return FeedConfig(entry["url"].strip(), str(entry.get("language") or "").strip().lower(),
                      str(entry.get("country") or "").strip(), interval)


def save_feeds(path: Path, feeds: list[FeedConfig]) -> None:
    """Write the feeds file (atomically: a crash leaves the old file or the new one)."""
    entries = []
    for feed in feeds:
        entry: dict[str, str] = {"url": feed.url}
        if feed.language:
            entry["language"] = feed.language
        if feed.country:
            entry["country"] = feed.country
        if feed.interval is not None:
            entry["interval"] = format_interval(feed.interval)
        entries.append(entry)
    text = "# Feeds sitroom watches (`sitroom watch FILE`); `sitroom feeds add|remove` edits this file.\n"
    text += yaml.safe_dump({"feeds": entries}, sort_keys=False, allow_unicode=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


# ------------------------------------------------------------------ feed documents

def parse_feed(content: bytes, url: str, content_type: str = "application/xml") -> list[FeedItem]:
    """The article links of an RSS or Atom feed or a news sitemap, in the feed's order; raises FeedError.

    A feed with XML errors is read as far as feedparser can; it is refused only when no link is left.
    """
    head = content[:2000].lstrip(b"\xef\xbb\xbf \t\r\n")
    if re.search(rb"<(?:\w+:)?(?:urlset|sitemapindex)\b", head):
        return _parse_sitemap(content, url)
    if re.match(rb"(?is)(<!--.*?-->\s*)*<(!doctype\s+html|html)\b", head):
        raise FeedError("an HTML page, not a feed (RSS, Atom or news sitemap); look for the site's feed address")
    import feedparser

    parsed = feedparser.parse(content, response_headers={"content-location": url,
                                                         "content-type": content_type or "application/xml"})
    items = _entry_items(parsed.entries, url)
    if not items and parsed.get("bozo"):
        raise FeedError(f"malformed feed, no entry could be read ({_first_line(parsed.get('bozo_exception'))})")
    if not items and not parsed.get("version"):
        raise FeedError("not an RSS or Atom feed, nor a news sitemap")
    return items


def _entry_items(entries: list, url: str) -> list[FeedItem]:
    items, seen = [], set()
    for entry in entries:
        link = entry.get("link") or ""
        if not link:
            link = next((l.get("href", "") for l in entry.get("links", []) if l.get("href")), "")
        link = urljoin(url, link.strip()) if link else ""
        if not _web_url(link) or link in seen:
            continue
        seen.add(link)
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        items.append(FeedItem(link, str(entry.get("title") or "").strip(),
                              _day(calendar.timegm(when)) if when else None,
                              str(_entry_field(entry, "updated") or _entry_field(entry, "published"))))
        if len(items) == MAX_ITEMS:
            break
    return items


def _entry_field(entry, name: str) -> str:
    # Asked only when present: feedparser warns when `updated` is read from an entry that has only `published`.
    return str(entry[name]) if name in entry else ""


def _parse_sitemap(content: bytes, url: str) -> list[FeedItem]:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(content, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise FeedError(f"malformed sitemap ({_first_line(exc)})") from None
    if etree.QName(root).localname == "sitemapindex":
        raise FeedError("a sitemap index, not a news sitemap: list its news sitemaps in the feeds file instead")
    items, seen = [], set()
    for node in root.iter(f"{{{SITEMAP_NS}}}url"):
        loc = (node.findtext(f"{{{SITEMAP_NS}}}loc") or "").strip()
        link = urljoin(url, loc) if loc else ""
        if not _web_url(link) or link in seen:
            continue
        seen.add(link)
        stamp = (node.findtext(f".//{{{NEWS_NS}}}publication_date") or node.findtext(f"{{{SITEMAP_NS}}}lastmod")
                 or "").strip()
        items.append(FeedItem(link, (node.findtext(f".//{{{NEWS_NS}}}title") or "").strip(), _iso_day(stamp), stamp))
        if len(items) == MAX_ITEMS:
            break
    return items


def _day(timestamp: int) -> date | None:
    try:
        return datetime.fromtimestamp(timestamp, tz=timezone.utc).date()
    except (OverflowError, OSError, ValueError):
        return None


def _iso_day(value: str) -> date | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date() if value else None
    except ValueError:
        return None


def _first_line(exc: object) -> str:
    text = str(exc or "unknown error").strip()
    return text.splitlines()[0] if text else exc.__class__.__name__
