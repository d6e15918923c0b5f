"""watch: feeds polled round after round, their new articles fetched, coded and stored.

A round polls each feed that is due (conditional GET: an unchanged feed costs a
304), records its links as pending together with the feed's new validators,
then fetches each pending page and sends it through the same path as a file
(ingest.article_from_html -> pipeline.extract_many -> Store.add_article), so a
page from the web is the same article, with the same events, as the page saved
to disk. The store's rules decide what is new: the same text is skipped, a new
text at a stored canonical URL is an update.

Nothing on the web is fatal: a feed that fails is reported and polled again
after a pause that doubles with each failure in a row (up to a day); a page
that fails for a passing reason (timeout, 5xx) is tried again in a later round,
a few times; one refused for what it is (too large, not HTML, robots.txt, a
private address) is skipped with the reason. State lives in the store
(store.feed_state), so a watch killed at any point and started again loses
nothing and fetches no page it has already stored.
"""
from __future__ import annotations

import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .ingest import IngestError, article_from_html, decode_bytes
from .ingest.feeds import FeedConfig, FeedError, format_interval, load_feeds, parse_feed
from .ingest.fetch import FetchError, Fetcher, FetchPolicy
from .pipeline import extract_many
from .records import Article
from .service import count_stored
from .store import FeedStates, Store
from .store.feed_state import DUPLICATE, STORED, UNCHANGED, ItemState

DEFAULT_INTERVAL = 15 * 60.0
# A failed feed waits at least this long before its next poll, then twice as long after each failure in a row.
FIRST_PAUSE = 60.0
LONGEST_PAUSE = 24 * 3600.0
# A page that failed for a passing reason is tried this many times in all, the pause doubling from ITEM_PAUSE.
ITEM_TRIES = 5
ITEM_PAUSE = 5 * 60.0
# Pages coded together (nlp.pipe batches); each is stored as soon as its batch is coded.
BATCH = 4
PAGE_TYPES = ("text/html", "application/xhtml+xml", "")


@dataclass(frozen=True)
class WatchOptions:
    interval: float = DEFAULT_INTERVAL  # seconds between two polls of a feed (a feed's own interval wins)
    policy: FetchPolicy = FetchPolicy()


@dataclass
class FeedOutcome:
    """What one feed did in a round."""

    url: str
    status: str  # polled | not modified | failed | waiting | skipped
    new_items: int = 0
    reason: str = ""
    next_poll: float | None = None
    failures: int = 0


@dataclass
class RoundReport:
    feeds: list[FeedOutcome] = field(default_factory=list)
    pages_fetched: int = 0
    stored: int = 0
    updated: int = 0
    near_duplicates: int = 0
    duplicates: int = 0  # pages whose text was already stored
    unchanged: int = 0  # pages that answered 304
    events_new: int = 0
    events_merged: int = 0
    errors: list[IngestError] = field(default_factory=list)  # pages not stored, with the reason


def feed_pause(interval: float, failures: int) -> float:
    """Seconds before polling a feed again after `failures` failures in a row."""
    return min(LONGEST_PAUSE, max(interval, FIRST_PAUSE) * 2 ** max(0, failures - 1))


def watch_round(feeds: list[FeedConfig], db: Path, fetcher: Fetcher, options: WatchOptions = WatchOptions(),
                clock: Callable[[], float] = time.time) -> RoundReport:
    """Poll each due feed once and store its new pages.

    A feed's or a page's fault is reported in the RoundReport, never raised; only a store that cannot be
    written (locked, disk full) raises, since no later page would fare better.
    """
    report = RoundReport()
    with Store(db) as store:
        states = FeedStates(store.db)
        states.register(feeds)
        for feed in feeds:
            report.feeds.append(_poll(feed, states, fetcher, options, clock))
            _store_pages(states.items_to_fetch(feed.url, clock()), store, states, fetcher, report, clock)
    return report


def _poll(feed: FeedConfig, states: FeedStates, fetcher: Fetcher, options: WatchOptions,
          clock: Callable[[], float]) -> FeedOutcome:
    interval = feed.interval if feed.interval is not None else options.interval
    state = states.feed(feed.url)
    now = clock()
    if state.next_poll is not None and state.next_poll > now:
        reason = f"backing off after {state.failures} failure(s)" if state.failures else "not due"
        return FeedOutcome(feed.url, "waiting", reason=reason, next_poll=state.next_poll, failures=state.failures)
    if feed.language and not feed.language.startswith("en"):
        reason = f"language '{feed.language}': sitroom codes English articles only"
        states.poll_skipped(feed.url, now, now + interval, reason)
        return FeedOutcome(feed.url, "skipped", reason=reason, next_poll=now + interval)
    try:
        fetched = fetcher.fetch(feed.url, state.etag, state.last_modified)
        items = [] if fetched.not_modified else parse_feed(fetched.content, fetched.final_url, fetched.content_type)
    except Exception as exc:  # whatever a feed does, it is this feed's failure, reported, never the watch's
        reason = exc.reason if isinstance(exc, FetchError) else str(exc) if isinstance(exc, FeedError) else \
            f"unexpected failure: {exc!r}"
        now = clock()
        pause = feed_pause(interval, state.failures + 1)
        failures = states.poll_failed(feed.url, now, now + pause, reason)
        return FeedOutcome(feed.url, "failed", reason=reason, next_poll=now + pause, failures=failures)
    now = clock()
    status = "not modified" if fetched.not_modified else "ok"
    fresh = states.polled(feed.url, now, now + interval, status, fetched.etag, fetched.last_modified, items)
    return FeedOutcome(feed.url, "not modified" if fetched.not_modified else "polled", new_items=fresh,
                       next_poll=now + interval)


def _store_pages(items: list[ItemState], store: Store, states: FeedStates, fetcher: Fetcher, report: RoundReport,
                 clock: Callable[[], float]) -> None:
    """Fetch, code and store the pages of these links, each marked in the store as it is settled."""
    waiting: deque[tuple[ItemState, str | None, str | None]] = deque()  # in the order extract_many yields them

    def articles() -> Iterator[Article]:
        for item in items:
            article, etag, last_modified = _fetch_page(item, states, fetcher, report, clock)
            if article is None:
                continue
            if store.has_article(article):
                states.item_done(item.url, DUPLICATE, clock(), article.id, etag, last_modified)
                report.duplicates += 1
                continue
            waiting.append((item, etag, last_modified))
            yield article

    for article, events in extract_many(articles(), batch_size=BATCH):
        item, etag, last_modified = waiting.popleft()
        if isinstance(events, Exception):
            _page_failed(item, f"processing failed, nothing stored: {events!r}", False, states, report, clock)
            continue

        def mark(db: sqlite3.Connection, url=item.url, article_id=article.id, etag=etag,
                 last_modified=last_modified) -> None:
            FeedStates(db).item_done(url, STORED, clock(), article_id, etag, last_modified)

        try:
            result = store.add_article(article, events, also=mark)
        except sqlite3.OperationalError:
            raise  # the store itself (locked, disk full): no later page would fare better
        except Exception as exc:  # this article's data: rolled back, reported, and the round goes on
            _page_failed(item, f"storing failed, nothing stored: {exc!r}", False, states, report, clock)
            continue
        if result.status == "duplicate":
            states.item_done(item.url, DUPLICATE, clock(), article.id, etag, last_modified)
        count_stored(report, result)


def _fetch_page(item: ItemState, states: FeedStates, fetcher: Fetcher, report: RoundReport,
                clock: Callable[[], float]) -> tuple[Article | None, str | None, str | None]:
    """The article on an item's page, read as a saved page would be; None when there is none to code."""
    try:
        fetched = fetcher.fetch(item.url, item.etag, item.last_modified)
    except FetchError as err:
        _page_failed(item, err.reason, err.transient, states, report, clock)
        return None, None, None
    report.pages_fetched += 1
    if fetched.not_modified:
        states.item_done(item.url, UNCHANGED, clock())
        report.unchanged += 1
        return None, None, None
    content_type = fetched.content_type.split(";")[0].strip().lower()
    try:
        if content_type not in PAGE_TYPES:
            raise IngestError(item.url, f"content type '{content_type}', not an HTML page")
        article = article_from_html(decode_bytes(fetched.content, item.url), url=fetched.final_url, source=item.url)
    except IngestError as err:
        _page_failed(item, err.reason, False, states, report, clock)
        return None, None, None
    except Exception as exc:  # the reader's bug on one page: reported, and the round goes on
        _page_failed(item, f"reading the page failed: {exc!r}", False, states, report, clock)
        return None, None, None
    if article.published is None and item.published:
        article.published = date.fromisoformat(item.published)  # the page gives no date: the feed's is next best
    return article, fetched.etag, fetched.last_modified


def _page_failed(item: ItemState, reason: str, transient: bool, states: FeedStates, report: RoundReport,
                 clock: Callable[[], float]) -> None:
    now = clock()
    again = transient and item.attempts + 1 < ITEM_TRIES
    states.item_failed(item.url, now, reason, now + ITEM_PAUSE * 2 ** item.attempts if again else None)
    if transient:
        reason += f"; will try again in {format_interval(ITEM_PAUSE * 2 ** item.attempts)}" if again else \
            f"; gave up after {ITEM_TRIES} tries"
    report.errors.append(IngestError(item.url, reason))


def watch(feeds_file: Path, db: Path, options: WatchOptions = WatchOptions(), once: bool = False,
          stop: threading.Event | None = None, clock: Callable[[], float] = time.time) -> Iterator[RoundReport]:
    """Round after round until `stop` is set (or one round if `once`); the feeds file is read again each round.

    Between rounds it waits until the next feed is due. A feeds file that cannot be read raises FeedError
    on the first round (nothing to watch) and is reported and kept from the last good read afterwards.
    """
    stop = stop or threading.Event()
    feeds = load_feeds(feeds_file)
    with Fetcher(options.policy) as fetcher:
        while True:
            report = watch_round(feeds, db, fetcher, options, clock)
            yield report
            if once or stop.is_set():
                return
            due = [o.next_poll for o in report.feeds if o.next_poll is not None]
            pause = min(due) - clock() if due else options.interval
            if stop.wait(max(1.0, min(pause, options.interval or 1.0))):
                return
            try:
                feeds = load_feeds(feeds_file)
            except FeedError as exc:
                report = RoundReport(errors=[IngestError(str(feeds_file), f"{exc}; watching the feeds read before")])
                yield report
