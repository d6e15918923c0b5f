"""The store's schema: numbered migrations, each upgrading it by one version."""
from __future__ import annotations

import json
import sqlite3

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
    """
    ALTER TABLE articles ADD COLUMN duplicate_of TEXT;
    CREATE TABLE article_signatures (article_id TEXT PRIMARY KEY REFERENCES articles(id), signature BLOB NOT NULL);
    CREATE TABLE article_bands (band_key INTEGER NOT NULL, article_id TEXT NOT NULL REFERENCES articles(id));
    CREATE INDEX article_bands_key ON article_bands(band_key);
    CREATE TABLE replaced_articles (
        old_id TEXT NOT NULL, new_id TEXT NOT NULL, canonical_url TEXT, replaced_at REAL NOT NULL
    );
    CREATE INDEX mentions_article ON mentions(article_id);
    CREATE INDEX event_sources_article ON event_sources(article_id);
    CREATE INDEX events_date ON events(event_date);
    CREATE INDEX events_country ON events(country_iso2, event_date);
    """,
    """
    CREATE VIRTUAL TABLE events_fts USING fts5(
        notes, actors, place, evidence, tokenize = 'unicode61 remove_diacritics 2'
    );
    INSERT INTO events_fts (rowid, notes, actors, place, evidence)
        SELECT id, coalesce(notes, ''),
               trim(coalesce(actor1, '') || ' ' || coalesce(assoc_actor_1, '') || ' ' || coalesce(actor2, '')
                    || ' ' || coalesce(assoc_actor_2, '')),
               trim(coalesce(location, '') || ' ' || coalesce(admin1, '') || ' ' || coalesce(country, '')),
               coalesce((SELECT group_concat(json_extract(m.record, '$.sentence.text'), ' ') FROM mentions m
                         WHERE m.event_id = events.id), '')
        FROM events;
    CREATE INDEX events_type_date ON events(event_type, event_date);
    CREATE INDEX events_sub_type_date ON events(sub_event_type, event_date);
    CREATE INDEX events_actor1 ON events(actor1, event_date);
    CREATE INDEX events_actor2 ON events(actor2, event_date);
    CREATE INDEX events_admin1 ON events(country_iso2, admin1, event_date);
    """,
    """
    CREATE VIRTUAL TABLE events_rtree USING rtree(id, min_lat, max_lat, min_lon, max_lon);
    INSERT INTO events_rtree SELECT id, latitude, latitude, longitude, longitude FROM events
        WHERE latitude IS NOT NULL AND longitude IS NOT NULL;
    """,
    # The coder's confidence decides what the exports and the map show by default: events under the
    # threshold are kept, flagged, and shown only when asked for (--min-confidence, ?min_confidence=).
    """
    ALTER TABLE events ADD COLUMN low_confidence INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX events_confidence ON events(confidence, event_date);
    """,
    # Watching feeds (sitroom watch): each feed's polling state, and each article link a feed has listed, so
    # that a restarted watch asks a feed only for what changed and fetches no page it has already stored.
    """
    CREATE TABLE feeds (
        url TEXT PRIMARY KEY, language TEXT, country TEXT,
        etag TEXT, last_modified TEXT,
        last_polled REAL, last_ok REAL, last_new_item REAL, next_poll REAL,
        failures INTEGER NOT NULL DEFAULT 0, last_status TEXT, last_error TEXT
    );
    CREATE TABLE feed_items (
        url TEXT PRIMARY KEY, feed_url TEXT NOT NULL, title TEXT, published TEXT, stamp TEXT,
        first_seen REAL NOT NULL, state TEXT NOT NULL,
        fetched_at REAL, attempts INTEGER NOT NULL DEFAULT 0, next_try REAL,
        etag TEXT, last_modified TEXT, article_id TEXT, error TEXT
    );
    CREATE INDEX feed_items_feed ON feed_items(feed_url, state);
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)

SQLITE_HEADER = b"SQLite format 3\x00"
# The tables every sitroom store has had since the first migration.
CORE_TABLES = {"articles", "events", "mentions", "evidence", "event_sources"}


class NotAStore(Exception):
    """A file sitroom will not open as its event store (another program's database, a newer schema, not SQLite)."""


def statements(script: str) -> list[str]:
    """A migration's SQL cut into single statements (a ';' inside a string or a trigger body does not cut)."""
    out, current = [], ""
    for piece in script.split(";"):
        current += piece + ";"
        if sqlite3.complete_statement(current):
            if current.strip(" \n\t;"):
                out.append(current.strip())
            current = ""
    if current.strip(" \n\t;"):
        out.append(current.strip())
    return out


def store_version(con: sqlite3.Connection, path: object) -> int:
    """The schema version of the sitroom store behind `con` (0: an empty database, ready to become one).

    Reads only. Refuses, with the reason, a file that is not an SQLite database, another program's database
    (tables but no sitroom schema) and a store written by a newer sitroom.
    """
    try:
        # One statement, so one snapshot: another process may be creating the store between two reads.
        version, names = con.execute(
            "SELECT (SELECT user_version FROM pragma_user_version), "
            "(SELECT json_group_array(name) FROM sqlite_master WHERE type IN ('table', 'view'))").fetchone()
        tables = set(json.loads(names))
    except sqlite3.DatabaseError as exc:
        raise NotAStore(f"{path} is not an SQLite database ({exc}), so not a sitroom event store") from None
    if version > SCHEMA_VERSION:
        raise NotAStore(f"{path} has schema v{version}, newer than this sitroom's (v{SCHEMA_VERSION}); "
                        "use the sitroom that wrote it")
    if (version == 0 and tables) or (version > 0 and not CORE_TABLES <= tables):
        shown = ", ".join(sorted(tables)[:5]) + (" ..." if len(tables) > 5 else "")
        raise NotAStore(f"{path} is an SQLite database of another program (tables: {shown or 'none'}), "
                        "not a sitroom event store; sitroom leaves it alone")
    return version
