"""What stored events are narrowed by: dates, country, admin1, type, actor (`sitroom events`, reports, the web API)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..settings import MIN_CONFIDENCE


@dataclass
class EventFilter:
    """What `sitroom events` and the web API narrow the events by."""

    since: date | None = None
    until: date | None = None
    country: str = ""  # name, ISO alpha-2 or alpha-3
    admin1: str = ""  # a first-level subdivision's name, exactly as stored ("Deir ez-Zor")
    event_type: str = ""  # event type, sub-event type or disorder type
    actor: str = ""  # part of an actor's name (actor1, actor2 or associates)
    limit: int | None = None
    min_confidence: float = MIN_CONFIDENCE  # 0 shows the events flagged low_confidence too

    def where(self) -> tuple[str, list[Any]]:
        clauses, params = date_country_clauses(self.since, self.until, self.country)
        if self.admin1:
            clauses.append("admin1 = ?")
            params.append(self.admin1)
        if self.event_type:
            clauses.append("(lower(event_type) = lower(?) OR lower(sub_event_type) = lower(?) "
                           "OR lower(disorder_type) = lower(?))")
            params += [self.event_type] * 3
        if self.actor:
            clauses.append("(actor1 LIKE ? OR actor2 LIKE ? OR assoc_actor_1 LIKE ? OR assoc_actor_2 LIKE ?)")
            params += [f"%{self.actor}%"] * 4
        if self.min_confidence > 0:
            clauses.append("confidence >= ?")
            params.append(self.min_confidence)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def date_country_clauses(since: date | None, until: date | None, country: str) -> tuple[list[str], list[Any]]:
    """SQL conditions on the event date range and the country (name, alpha-2 or alpha-3): the index's columns."""
    clauses: list[str] = []
    params: list[Any] = []
    if since:
        clauses.append("event_date >= ?")
        params.append(since.isoformat())
    if until:
        clauses.append("event_date <= ?")
        params.append(until.isoformat())
    if country:
        clauses.append("country_iso2 = ?")
        params.append(_country_iso2(country))
    return clauses, params


def _country_iso2(value: str) -> str:
    """A country as users write it ("SYR", "Syria", "Russia", "DR Congo") -> ISO alpha-2."""
    import pycountry

    try:
        return pycountry.countries.lookup(value).alpha_2
    except LookupError:
        pass
    try:  # GeoNames' names and aliases ("Turkey", "Democratic Republic of the Congo")
        from ..gazetteer import default_gazetteer

        countries = [c for c in default_gazetteer().candidates(value, loose=False) if c.kind == "country"]
        if countries:
            return countries[0].country_iso
    except FileNotFoundError:
        pass
    try:
        return pycountry.countries.search_fuzzy(value)[0].alpha_2
    except LookupError:
        return value.upper()
