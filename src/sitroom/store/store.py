"""store: the SQLite event store, with a versioned schema.

One transaction per article: an article is stored with all its mentions,
evidence and event links, or not at all (WAL journal: a killed process loses
only the article it was writing). The same text is stored once; ingesting it
again changes nothing. A new text at a stored canonical URL is an update when
that URL fits both pages (their own address, or an article's address on their
own site) or the texts are near-duplicates: the old version's mentions leave
their events, which are re-settled from the mentions that remain; a page that
merely names another's canonical URL is a new article. A near-duplicate (syndicated copy) is kept as a source
of the events its original reported, without coding them twice.

Stored events are always settled from their stored mentions (merge.settle),
so every field has the best value and the evidence of some mention.
"""
from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..merge import MergeKey, country_level, key_of, named_actor, score
from ..records import Article, Event, mention_from_json, mention_to_json
from ..settings import MATCH_THRESHOLD, PLACE_LIMIT_KM
from . import dedup
from .filters import EventFilter
from .rows import ACLED_COLUMNS, settled_record
from .schema import MIGRATIONS, SCHEMA_VERSION, SQLITE_HEADER, NotAStore, statements, store_version

# Seconds a writer waits for another one's lock before giving up.
LOCK_TIMEOUT = 30


@dataclass
class StoreResult:
    status: str  # stored | updated | near-duplicate | duplicate
    events_new: int = 0
    events_merged: int = 0
    duplicate_of: str = ""


class Store:
    """The event store. `readonly=True` opens an existing store without ever writing to its file."""

    def __init__(self, path: Path | str, readonly: bool = False):
        self.path = Path(path)
        if readonly:
            self.db = open_readonly(self.path)
            return
        self.db = sqlite3.connect(self.path, isolation_level=None, timeout=LOCK_TIMEOUT)
        self.db.row_factory = sqlite3.Row
        try:
            store_version(self.db, self.path)  # refuse another program's database before writing a byte to it
            self._use_wal()
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.migrate()
        except BaseException:
            self.db.close()
            raise

    def _use_wal(self) -> None:
        """Switch the file to WAL (once: the mode is kept in the file).

        The switch needs the file to itself, and SQLite answers "database is locked" at once, without
        waiting, while another process is creating the same store: wait for it here, as for any lock.
        """
        deadline = time.monotonic() + LOCK_TIMEOUT
        while True:
            try:
                if self.db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    self.db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self) -> None:
        """Apply the migrations this file lacks, in one transaction taken before the version is read.

        Two processes creating the same new store at once: the second waits for the first's write lock,
        then reads the version the first one wrote and has nothing left to do.
        """
        if self.version == SCHEMA_VERSION:
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            current = store_version(self.db, self.path)
            for number in range(current, SCHEMA_VERSION):
                for statement in statements(MIGRATIONS[number]):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number + 1}")
            self.db.execute("COMMIT")
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise

    # -------------------------------------------------------------- writing

    def has_article(self, article: Article) -> bool:
        """The same text is already stored (an update at a known URL is not)."""
        return self.db.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone() is not None

    def add_article(self, article: Article, events: list[Event],
                    also: Callable[[sqlite3.Connection], None] | None = None) -> StoreResult:
        """Store an article and its events in one transaction; merge with stored events.

        `also` writes what belongs with the article (a watched link's state) in the same transaction.
        """
        self.db.execute("BEGIN IMMEDIATE")
        try:
            result = self._add_article(article, events)
            if result.status == "duplicate":
                self.db.execute("ROLLBACK")
            else:
                if also is not None:
                    also(self.db)
                self.db.execute("COMMIT")
            return result
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def _add_article(self, article: Article, events: list[Event]) -> StoreResult:
        if self.has_article(article):
            return StoreResult("duplicate")
        touched: set[int] = set()
        status = "stored"
        signature = dedup.signature(article.text, article.title)
        for old_id in self._earlier_versions(article, signature):
            touched |= self._remove_article(old_id)
            self.db.execute("INSERT INTO replaced_articles VALUES (?,?,?,?)",
                            (old_id, article.id, article.canonical_url, time.time()))
            status = "updated"
        band_keys = dedup.band_keys(signature) if dedup.comparable(article.text) else []
        original = self._near_duplicate_of(signature, band_keys) if band_keys else None
        self.db.execute(
            "INSERT INTO articles (id, url, canonical_url, site, title, published, language, text, source_path, "
            "ingested_at, duplicate_of) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (article.id, article.url, article.canonical_url, article.site, article.title,
             article.published.isoformat() if article.published else None, article.language,
             article.text, article.source_path, time.time(), original),
        )
        self.db.execute("INSERT INTO article_signatures VALUES (?, ?)", (article.id, dedup.to_blob(signature)))
        self.db.executemany("INSERT INTO article_bands VALUES (?, ?)", [(key, article.id) for key in band_keys])
        result = StoreResult(status)
        if original:
            # A syndicated copy: one more outlet for the original's events, not new reports to code.
            cur = self.db.execute(
                "INSERT OR IGNORE INTO event_sources SELECT event_id, ? FROM event_sources WHERE article_id = ?",
                (article.id, original))
            touched |= {r[0] for r in self.db.execute(
                "SELECT event_id FROM event_sources WHERE article_id = ?", (article.id,))}
            result = StoreResult("near-duplicate", events_merged=cur.rowcount, duplicate_of=original)
            events = []
        claimed: set[int] = set()
        for event in events:
            event_id = self._find_match(event, exclude=claimed)
            if event_id is None:
                event_id = self.db.execute("INSERT INTO events (event_type) VALUES (?)",
                                           (event.best.event_type,)).lastrowid
                result.events_new += 1
            else:
                result.events_merged += 1
            claimed.add(event_id)
            touched.add(event_id)
            self.db.execute("INSERT OR IGNORE INTO event_sources VALUES (?, ?)", (event_id, article.id))
            for mention in event.mentions:
                cur = self.db.execute(
                    "INSERT INTO mentions (article_id, event_id, sub_event_type, confidence, record) VALUES (?,?,?,?,?)",
                    (article.id, event_id, mention.sub_event_type, mention.confidence,
                     json.dumps(mention_to_json(mention), default=str)),
                )
                self.db.executemany(
                    "INSERT INTO evidence VALUES (?,?,?,?,?,?)",
                    [(cur.lastrowid, name, span.article_id, span.start, span.end, span.text)
                     for name, span in mention.evidence().items()],
                )
        for event_id in sorted(touched):
            self._resettle(event_id)
        return result

    def _earlier_versions(self, article: Article, signature) -> list[str]:
        """The stored articles this one is a new version of, and replaces.

        A canonical URL is the page's own claim. It is taken when it fits both pages (their own address,
        or an article's address on the same site as each page: `dedup.canonical_fits`), or when the two
        texts are near-duplicates; two unrelated pages that name the same canonical URL (a site's front
        page, another site's article) are two articles, and neither deletes the other.
        """
        if not article.canonical_url:
            return []
        fits = dedup.canonical_fits(article.url, article.canonical_url)
        comparable = dedup.comparable(article.text)
        found = []
        for row in self.db.execute(
                "SELECT a.id, a.url, a.canonical_url, a.text, s.signature FROM articles a "
                "LEFT JOIN article_signatures s ON s.article_id = a.id WHERE a.canonical_url = ? AND a.id != ?",
                (article.canonical_url, article.id)).fetchall():
            if fits and dedup.canonical_fits(row["url"] or "", row["canonical_url"]):
                found.append(row["id"])
            elif (comparable and row["signature"] is not None and dedup.comparable(row["text"])
                  and dedup.similarity(signature, dedup.from_blob(row["signature"])) >= dedup.NEAR_DUPLICATE):
                found.append(row["id"])
        return found

    def _remove_article(self, article_id: str) -> set[int]:
        """Take an article's reports out of the store; returns the events they were part of."""
        affected = {r[0] for r in self.db.execute(
            "SELECT event_id FROM event_sources WHERE article_id = ?", (article_id,))}
        self.db.execute("DELETE FROM evidence WHERE mention_id IN (SELECT id FROM mentions WHERE article_id = ?)",
                        (article_id,))
        self.db.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))
        self.db.execute("DELETE FROM event_sources WHERE article_id = ?", (article_id,))
        self.db.execute("DELETE FROM article_bands WHERE article_id = ?", (article_id,))
        self.db.execute("DELETE FROM article_signatures WHERE article_id = ?", (article_id,))
        self.db.execute("UPDATE articles SET duplicate_of = NULL WHERE duplicate_of = ?", (article_id,))
        self.db.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        return affected

    def _near_duplicate_of(self, signature, keys: list[int]) -> str | None:
        candidates = [r[0] for r in self.db.execute(
            f"SELECT DISTINCT article_id FROM article_bands WHERE band_key IN ({','.join('?' * len(keys))})", keys)]
        best, best_sim = None, dedup.NEAR_DUPLICATE
        for candidate in candidates:
            row = self.db.execute(
                "SELECT s.signature, a.duplicate_of FROM article_signatures s JOIN articles a ON a.id = s.article_id "
                "WHERE s.article_id = ?", (candidate,)).fetchone()
            sim = dedup.similarity(signature, dedup.from_blob(row["signature"]))
            if sim >= best_sim:
                best, best_sim = row["duplicate_of"] or candidate, sim  # a copy of a copy points at the original
        return best

    def _find_match(self, event: Event, exclude: set[int]) -> int | None:
        """The stored event this one is (best score over the threshold), if any.

        Blocked by the index on type, country and dates, then a box around the
        place; each candidate is scored against the stored event's settled values.
        """
        key = key_of(event.best)
        if not key.day_from:
            return None
        sql = ("SELECT * FROM events WHERE event_type = ? AND country_iso2 = ? "
               "AND date_from <= date(?, '+1 day') AND date_to >= date(?, '-1 day')")
        params: list[Any] = [key.event_type, key.country, date.fromordinal(key.day_to).isoformat(),
                             date.fromordinal(key.day_from).isoformat()]
        if key.latitude is not None and not country_level(key):
            box = PLACE_LIMIT_KM[3] / 111.0 * 1.5  # degrees; generous, the score decides
            # ... and events known only to a province or the country, whose points are their capitals'
            sql += (" AND (latitude IS NULL OR (latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ?)"
                    " OR (geo_precision >= 3 AND (coalesce(admin1, '') IN ('', ?))))")
            params += [key.latitude - box, key.latitude + box, key.longitude - box * 2, key.longitude + box * 2,
                       key.admin1]
        best, best_score = None, MATCH_THRESHOLD
        for row in self.db.execute(sql, params).fetchall():
            if row["id"] in exclude:
                continue
            s = score(_row_key(row), key)
            if s >= best_score:
                best, best_score = row["id"], s
        return best

    def _resettle(self, event_id: int) -> None:
        """Recompute one stored event from all its stored mentions (or drop it if none remain)."""
        mentions = [mention_from_json(json.loads(r[0])) for r in self.db.execute(
            "SELECT record FROM mentions WHERE event_id = ? ORDER BY id", (event_id,))]
        self.db.execute("DELETE FROM events_fts WHERE rowid = ?", (event_id,))
        self.db.execute("DELETE FROM events_rtree WHERE id = ?", (event_id,))
        if not mentions:
            self.db.execute("DELETE FROM event_sources WHERE event_id = ?", (event_id,))
            self.db.execute("DELETE FROM events WHERE id = ?", (event_id,))
            return
        sources = {r["id"]: r["site"] or r["url"] for r in self.db.execute(
            "SELECT a.id, a.site, a.url FROM event_sources s JOIN articles a ON a.id = s.article_id "
            "WHERE s.event_id = ? ORDER BY a.published, a.ingested_at", (event_id,))}
        rec = settled_record(mentions, sources)
        rec["event_id_cnty"] = f"{rec['iso3'] or 'XXX'}{event_id}"
        columns = [c for c in rec if c in _EVENT_COLUMNS]
        self.db.execute(
            f"UPDATE events SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
            [json.dumps(rec[c]) if isinstance(rec[c], (dict, list)) else rec[c] for c in columns] + [event_id],
        )
        if rec["latitude"] is not None and rec["longitude"] is not None:
            # The spatial index behind the map's bounding-box queries.
            self.db.execute("INSERT INTO events_rtree VALUES (?,?,?,?,?)",
                            (event_id, rec["latitude"], rec["latitude"], rec["longitude"], rec["longitude"]))
        # Full-text search (the web app's search box) over the event and the sentences behind it.
        self.db.execute(
            "INSERT INTO events_fts (rowid, notes, actors, place, evidence) VALUES (?,?,?,?,?)",
            (event_id, rec["notes"],
             " ".join(filter(None, (rec["actor1"], rec["assoc_actor_1"], rec["actor2"], rec["assoc_actor_2"]))),
             " ".join(filter(None, (rec["location"], rec["admin1"], rec["admin2"], rec["country"]))),
             " ".join(dict.fromkeys(m.sentence.text for m in mentions))),
        )

    # -------------------------------------------------------------- reading

    def events(self, where: EventFilter | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        where = where or EventFilter(limit=limit)
        clause, params = where.where()
        sql = f"SELECT * FROM events{clause} ORDER BY event_date, id"
        if where.limit:
            sql += f" LIMIT {int(where.limit)}"
        out = []
        for row in self.db.execute(sql, params).fetchall():
            rec = dict(row)
            rec["sources"] = [r[0] for r in self.db.execute(
                "SELECT a.url FROM event_sources s JOIN articles a ON a.id = s.article_id WHERE s.event_id = ? "
                "ORDER BY a.published, a.ingested_at", (row["id"],))]
            rec["evidence"] = self.evidence(row["id"])
            out.append(rec)
        return out

    def evidence(self, event_id: int) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.execute(
            "SELECT e.field, e.article_id, e.start, e.end, e.text FROM evidence e JOIN mentions m ON m.id = e.mention_id "
            "WHERE m.event_id = ? ORDER BY e.article_id, e.start", (event_id,))]

    def counts(self) -> dict[str, int]:
        return {t: self.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("articles", "events", "mentions", "evidence", "event_sources")}


def open_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection (mode=ro from the first byte) to a sitroom store at this sitroom's schema.

    The file is never written: an empty file, another program's database, a store of an older or a
    newer schema are refused with the reason, and left as they were.
    """
    if not path.exists():
        raise FileNotFoundError(f"no event store at {path}; run `sitroom ingest` or `sitroom demo` first")
    if not path.is_file():
        raise NotAStore(f"{path} is not a file, so not a sitroom event store")
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_HEADER))
    if not head:
        raise NotAStore(f"{path} is empty, not a sitroom event store; `sitroom ingest --db {path}` makes one")
    if head != SQLITE_HEADER:
        raise NotAStore(f"{path} is not an SQLite database, so not a sitroom event store")
    con = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False)
    try:
        version = store_version(con, path)
        if version == 0:
            raise NotAStore(f"{path} is an empty SQLite database, not a sitroom event store")
        if version < SCHEMA_VERSION:
            raise NotAStore(f"{path} has schema v{version}, older than this sitroom's (v{SCHEMA_VERSION}); "
                            f"`sitroom upgrade --db {path}` brings it up to date (reading never writes)")
    except BaseException:
        con.close()
        raise
    con.row_factory = sqlite3.Row
    return con


_EVENT_COLUMNS = (set(ACLED_COLUMNS) | {
    "date_from", "date_to", "country_iso2", "count", "confidence", "low_confidence", "disagreements"})


def _row_key(row: sqlite3.Row) -> MergeKey:
    def day(value: str | None) -> int:
        return date.fromisoformat(value).toordinal() if value else 0

    return MergeKey(
        row["event_type"], row["sub_event_type"], named_actor(row["actor1"]), named_actor(row["actor2"]),
        row["country_iso2"] or "", row["admin1"] or "", row["latitude"], row["longitude"],
        row["geo_precision"] or 3, day(row["date_from"]), day(row["date_to"]),
    )
