"""store: what `sitroom watch` knows between rounds — each feed's polling state and each article link seen.

A feed row keeps its validators (ETag, Last-Modified) for conditional GET, when
it was last polled and last answered, its run of failures and when to poll it
next (backed off after failures). An item row is one article link: `pending`
until its page is stored (or found already stored, or given up on), so a watch
killed mid-round fetches again only what it had not stored. Storing a page and
marking its link `stored` happen in one transaction (Store.add_article's
`also`). A feed listing a link again with a new updated-stamp puts it back to
`pending`, and its page is asked for with its own validators.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from ..ingest.feeds import FeedConfig, FeedItem

# What an item's state means.
PENDING, STORED, DUPLICATE, UNCHANGED, FAILED, SKIPPED = (
    "pending", "stored", "duplicate", "unchanged", "failed", "skipped")
# States whose page is still to be fetched (a failed one once its pause is over).
TO_FETCH = (PENDING, FAILED)


@dataclass(frozen=True)
class FeedState:
    url: str
    etag: str | None = None
    last_modified: str | None = None
    last_polled: float | None = None
    next_poll: float | None = None
    failures: int = 0


@dataclass(frozen=True)
class ItemState:
    url: str
    feed_url: str
    state: str
    title: str = ""
    published: str | None = None
    attempts: int = 0
    etag: str | None = None
    last_modified: str | None = None


class FeedStates:
    """Feed and item state over a store's connection (writes outside a transaction commit one by one)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def register(self, feeds: list[FeedConfig]) -> None:
        with _transaction(self.db):
            for feed in feeds:
                self.db.execute("INSERT INTO feeds (url, language, country) VALUES (?,?,?) ON CONFLICT(url) DO "
                                "UPDATE SET language = excluded.language, country = excluded.country",
                                (feed.url, feed.language, feed.country))

    def feed(self, url: str) -> FeedState:
        row = self.db.execute("SELECT url, etag, last_modified, last_polled, next_poll, failures FROM feeds "
                              "WHERE url = ?", (url,)).fetchone()
        return FeedState(*row) if row else FeedState(url)

    def polled(self, url: str, now: float, next_poll: float, status: str, etag: str | None = None,
               last_modified: str | None = None, items: list[FeedItem] = ()) -> int:
        """A successful poll: the feed's validators and schedule, and its links (new or re-stamped ones pending).

        One transaction, so a feed's ETag is never kept without the links it came with. Returns how many
        links are new or changed.
        """
        with _transaction(self.db):
            fresh = 0
            for item in items:
                row = self.db.execute("SELECT state, stamp, feed_url FROM feed_items WHERE url = ?",
                                      (item.url,)).fetchone()
                if row is None:
                    self.db.execute(
                        "INSERT INTO feed_items (url, feed_url, title, published, stamp, first_seen, state) "
                        "VALUES (?,?,?,?,?,?,?)",
                        (item.url, url, item.title, item.published.isoformat() if item.published else None,
                         item.stamp, now, PENDING))
                    fresh += 1
                elif item.stamp and row[1] != item.stamp and row[0] not in TO_FETCH and row[2] == url:
                    # A new version announced: fetch it again (conditionally), with a fresh count of tries. A link
                    # in two feeds is followed by the stamps of the feed that listed it first (each has its own).
                    self.db.execute("UPDATE feed_items SET state = ?, stamp = ?, title = ?, attempts = 0, "
                                    "next_try = NULL WHERE url = ?", (PENDING, item.stamp, item.title, item.url))
                    fresh += 1
            self.db.execute(
                "UPDATE feeds SET etag = coalesce(?, etag), last_modified = coalesce(?, last_modified), "
                "last_polled = ?, last_ok = ?, next_poll = ?, failures = 0, last_status = ?, last_error = NULL, "
                "last_new_item = CASE WHEN ? > 0 THEN ? ELSE last_new_item END WHERE url = ?",
                (etag, last_modified, now, now, next_poll, status, fresh, now, url))
        return fresh

    def poll_failed(self, url: str, now: float, next_poll: float, error: str) -> int:
        """A failed poll: one more failure, and the next poll pushed back. Returns the run of failures."""
        self.db.execute("UPDATE feeds SET last_polled = ?, next_poll = ?, failures = failures + 1, "
                        "last_status = 'failed', last_error = ? WHERE url = ?", (now, next_poll, error, url))
        return self.db.execute("SELECT failures FROM feeds WHERE url = ?", (url,)).fetchone()[0]

    def poll_skipped(self, url: str, now: float, next_poll: float, reason: str) -> None:
        self.db.execute("UPDATE feeds SET last_polled = ?, next_poll = ?, last_status = 'skipped', last_error = ? "
                        "WHERE url = ?", (now, next_poll, reason, url))

    def items_to_fetch(self, feed_url: str, now: float) -> list[ItemState]:
        """The feed's links whose page is still to be fetched, oldest first (a failed one once its pause is over)."""
        rows = self.db.execute(
            "SELECT url, feed_url, state, title, published, attempts, etag, last_modified FROM feed_items "
            f"WHERE feed_url = ? AND state IN ({','.join('?' * len(TO_FETCH))}) AND coalesce(next_try, 0) <= ? "
            "ORDER BY first_seen, rowid", (feed_url, *TO_FETCH, now)).fetchall()
        return [ItemState(*row) for row in rows]

    def item_done(self, url: str, state: str, now: float, article_id: str | None = None, etag: str | None = None,
                  last_modified: str | None = None) -> None:
        """The link's page is stored, already stored or unchanged (also called in Store.add_article's transaction)."""
        self.db.execute(
            "UPDATE feed_items SET state = ?, fetched_at = ?, attempts = attempts + 1, next_try = NULL, "
            "article_id = coalesce(?, article_id), etag = coalesce(?, etag), "
            "last_modified = coalesce(?, last_modified), error = NULL WHERE url = ?",
            (state, now, article_id, etag, last_modified, url))

    def item_failed(self, url: str, now: float, error: str, next_try: float | None) -> None:
        """A page that could not be had: tried again after `next_try`, or never (None: skipped)."""
        self.db.execute(
            "UPDATE feed_items SET state = ?, fetched_at = ?, attempts = attempts + 1, next_try = ?, error = ? "
            "WHERE url = ?", (FAILED if next_try is not None else SKIPPED, now, next_try, error, url))


def feed_health(db: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every watched feed with its state and its links counted by state (reads only; for serve and `feeds list`)."""
    counts: dict[str, dict[str, int]] = {}
    for feed_url, state, n in db.execute("SELECT feed_url, state, COUNT(*) FROM feed_items GROUP BY 1, 2"):
        counts.setdefault(feed_url, {})[state] = n
    out = []
    for row in db.execute("SELECT url, language, country, last_polled, last_ok, last_new_item, next_poll, failures, "
                          "last_status, last_error FROM feeds ORDER BY url"):
        names = ("url", "language", "country", "last_polled", "last_ok", "last_new_item", "next_poll", "failures",
                 "last_status", "last_error")
        feed = dict(zip(names, tuple(row)))
        feed["items"] = counts.get(feed["url"], {})
        out.append(feed)
    return out


def last_update(db: sqlite3.Connection) -> float | None:
    """When the store last took in an article (any source), as a Unix time."""
    return db.execute("SELECT max(ingested_at) FROM articles").fetchone()[0]


class _transaction:
    """BEGIN IMMEDIATE ... COMMIT on an autocommit connection (ROLLBACK on any error)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, *rest: object) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")
