"""store: Events (with their mentions and evidence) -> a SQLite event store, and back as rows.

One article is one transaction: stored with all its events, or not at all.
`schema.py` holds the numbered migrations, `rows.py` the ACLED row of an
event, `filters.py` what stored events are narrowed by, `dedup.py` the
MinHash signatures that find syndicated copies, `store.py` the Store itself,
`feed_state.py` what `sitroom watch` keeps between rounds.
"""
from __future__ import annotations

from .feed_state import FeedStates, feed_health, last_update
from .filters import EventFilter, date_country_clauses
from .rows import ACLED_COLUMNS, event_record
from .schema import MIGRATIONS, SCHEMA_VERSION, NotAStore
from .store import Store, StoreResult, open_readonly

__all__ = ["ACLED_COLUMNS", "EventFilter", "FeedStates", "MIGRATIONS", "NotAStore", "SCHEMA_VERSION", "Store",
           "StoreResult", "date_country_clauses", "event_record", "feed_health", "last_update", "open_readonly"]
