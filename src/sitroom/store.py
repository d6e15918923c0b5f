"""store: the SQLite event store, with a versioned schema.

One transaction per article: an article is stored with all its mentions,
evidence and event links, or not at all. The same article (same content hash
or canonical URL) is stored once; ingesting it again changes nothing.
"""
from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .export import ACLED_COLUMNS, event_record
from .gazetteer import distance_km
from .records import Article, Event

# Each entry upgrades the schema by one version; never edit a released one.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY, url TEXT, canonical_url TEXT, site TEXT, title TEXT,
        published TEXT, language TEXT, text TEXT NOT NULL, source_path TEXT, ingested_at REAL NOT NULL
    );
    CREATE INDEX articles_canonical ON articles(canonical_url);
    CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id_cnty TEXT, event_date TEXT, year INTEGER, time_precision INTEGER,
        disorder_type TEXT, event_type TEXT, sub_event_type TEXT,
        actor1 TEXT, assoc_actor_1 TEXT, inter1 INTEGER, actor2 TEXT, assoc_actor_2 TEXT, inter2 INTEGER,
        interaction TEXT, civilian_targeting TEXT, iso INTEGER, region TEXT, country TEXT,
        admin1 TEXT, admin2 TEXT, admin3 TEXT, location TEXT, latitude REAL, longitude REAL, geo_precision INTEGER,
        source TEXT, source_scale TEXT, notes TEXT, fatalities INTEGER, tags TEXT, timestamp INTEGER,
        date_from TEXT, date_to TEXT, country_iso2 TEXT, count INTEGER, confidence REAL, disagreements TEXT
    );
    CREATE INDEX events_block ON events(event_type, country_iso2, date_from, date_to);
    CREATE TABLE mentions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        article_id TEXT NOT NULL REFERENCES articles(id),
        event_id INTEGER NOT NULL REFERENCES events(id),
        sub_event_type TEXT, confidence REAL, record TEXT NOT NULL
    );
    CREATE INDEX mentions_event ON mentions(event_id);
    CREATE TABLE evidence (
        mention_id INTEGER NOT NULL REFERENCES mentions(id),
        field TEXT NOT NULL, article_id TEXT NOT NULL, start INTEGER, end INTEGER, text TEXT
    );
    CREATE INDEX evidence_mention ON evidence(mention_id);
    CREATE TABLE event_sources (
        event_id INTEGER NOT NULL REFERENCES events(id),
        article_id TEXT NOT NULL REFERENCES articles(id),
        PRIMARY KEY (event_id, article_id)
    );
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
MERGE_KM = 25.0


@dataclass
class StoreResult:
    status: str  # stored | duplicate
    events_new: int = 0
    events_merged: int = 0


class Store:
    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.migrate()

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
        current = self.version
        if current > SCHEMA_VERSION:
            raise RuntimeError(f"{self.path} has schema v{current}, newer than this sitroom (v{SCHEMA_VERSION})")
        for number in range(current, SCHEMA_VERSION):
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number + 1}")
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    # -------------------------------------------------------------- writing

    def has_article(self, article: Article) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM articles WHERE id = ? OR (canonical_url != '' AND canonical_url = ?)",
            (article.id, article.canonical_url or "\x00"),
        ).fetchone()
        return row is not None

    def add_article(self, article: Article, events: list[Event]) -> StoreResult:
        """Store an article and its events in one transaction; merge with stored events."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            if self.has_article(article):
                self.db.execute("ROLLBACK")
                return StoreResult("duplicate")
            self.db.execute(
                "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?)",
                (article.id, article.url, article.canonical_url, article.site, article.title,
                 article.published.isoformat() if article.published else None, article.language,
                 article.text, article.source_path, time.time()),
            )
            result = StoreResult("stored")
            for event in events:
                record = event_record(event, {article.id: article.site or article.url})
                target = self._find_match(record)
                if target is None:
                    event_id = self._insert_event(record)
                    result.events_new += 1
                else:
                    event_id = target["id"]
                    self._absorb(target, record, article)
                    result.events_merged += 1
                self.db.execute("INSERT OR IGNORE INTO event_sources VALUES (?, ?)", (event_id, article.id))
                for mention in event.mentions:
                    cur = self.db.execute(
                        "INSERT INTO mentions (article_id, event_id, sub_event_type, confidence, record) VALUES (?,?,?,?,?)",
                        (article.id, event_id, mention.sub_event_type, mention.confidence,
                         json.dumps(_mention_json(mention), default=str)),
                    )
                    self.db.executemany(
                        "INSERT INTO evidence VALUES (?,?,?,?,?,?)",
                        [(cur.lastrowid, field, span.article_id, span.start, span.end, span.text)
                         for field, span in mention.evidence().items()],
                    )
            self.db.execute("COMMIT")
            return result
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def _find_match(self, rec: dict[str, Any]) -> sqlite3.Row | None:
        """A stored event that is the same event (blocked by type, country and dates)."""
        rows = self.db.execute(
            "SELECT * FROM events WHERE event_type = ? AND country_iso2 = ? AND date_from <= date(?, '+1 day') "
            "AND date_to >= date(?, '-1 day')",
            (rec["event_type"], rec["country_iso2"], rec["date_to"], rec["date_from"]),
        ).fetchall()
        for row in rows:
            if rec["actor1"] and row["actor1"] and rec["actor1"] != row["actor1"]:
                continue
            if rec["actor2"] and row["actor2"] and rec["actor2"] != row["actor2"]:
                continue
            if rec["event_type"] == "Strategic developments" and rec["sub_event_type"] != row["sub_event_type"]:
                continue
            if None not in (rec["latitude"], row["latitude"]) and distance_km(
                rec["latitude"], rec["longitude"], row["latitude"], row["longitude"]
            ) > MERGE_KM:
                continue
            return row
        return None

    def _insert_event(self, rec: dict[str, Any]) -> int:
        columns = [c for c in rec if c in _EVENT_COLUMNS and c != "event_id_cnty"]
        cur = self.db.execute(
            f"INSERT INTO events ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
            [rec[c] if not isinstance(rec[c], (dict, list)) else json.dumps(rec[c]) for c in columns],
        )
        event_id = cur.lastrowid
        self.db.execute("UPDATE events SET event_id_cnty = ? WHERE id = ?", (f"{rec['iso3'] or 'XXX'}{event_id}", event_id))
        return event_id

    def _absorb(self, row: sqlite3.Row, rec: dict[str, Any], article: Article) -> None:
        """Fold a new report into a stored event: lowest credible deaths, best precision, all sources."""
        disagreements = json.loads(row["disagreements"] or "{}")
        figures = sorted({f for f in (row["fatalities"], rec["fatalities"]) if f} | set(disagreements.get("fatalities", [])))
        if len(figures) > 1:
            disagreements["fatalities"] = figures
        updates: dict[str, Any] = {"fatalities": min(figures) if figures else 0,
                                   "disagreements": json.dumps(disagreements)}
        if rec["geo_precision"] and (row["geo_precision"] or 9) > rec["geo_precision"]:
            for col in ("location", "latitude", "longitude", "geo_precision", "admin1", "admin2"):
                updates[col] = rec[col]
        for col in ("actor1", "inter1", "actor2", "inter2"):
            if not row[col] and rec[col]:
                updates[col] = rec[col]
        sources = [s for s in (row["source"] or "").split("; ") if s]
        for s in (rec["source"] or "").split("; "):
            if s and s not in sources:
                sources.append(s)
        updates["source"] = "; ".join(sources)
        sets = ", ".join(f"{k} = ?" for k in updates)
        self.db.execute(f"UPDATE events SET {sets} WHERE id = ?", [*updates.values(), row["id"]])

    # -------------------------------------------------------------- reading

    def events(self, limit: int | None = None) -> list[dict[str, Any]]:
        sql = "SELECT * FROM events ORDER BY event_date, id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        out = []
        for row in self.db.execute(sql).fetchall():
            rec = dict(row)
            rec["sources"] = [r[0] for r in self.db.execute(
                "SELECT a.url FROM event_sources s JOIN articles a ON a.id = s.article_id WHERE s.event_id = ?", (row["id"],))]
            rec["evidence"] = self.evidence(row["id"])
            out.append(rec)
        return out

    def evidence(self, event_id: int) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.execute(
            "SELECT e.field, e.article_id, e.start, e.end, e.text FROM evidence e JOIN mentions m ON m.id = e.mention_id "
            "WHERE m.event_id = ? ORDER BY e.article_id, e.start", (event_id,))]

    def counts(self) -> dict[str, int]:
        return {t: self.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("articles", "events", "mentions", "evidence")}


_EVENT_COLUMNS = set(ACLED_COLUMNS) | {
    "date_from", "date_to", "country_iso2", "count", "confidence", "disagreements"}


def _mention_json(m) -> dict[str, Any]:
    from dataclasses import asdict

    data = asdict(m)
    data["event_type"] = m.event_type
    return data
