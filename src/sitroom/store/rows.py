"""An Event as the row the store keeps: ACLED's 31 columns, in ACLED's order, plus sitroom's own fields."""
from __future__ import annotations

import time
from functools import lru_cache
from typing import Any

from ..knowledge import load_yaml
from ..merge import settle
from ..records import Event, Mention
from ..settings import MIN_CONFIDENCE
from ..taxonomy import interaction

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]


@lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    return {iso: region for region, isos in load_yaml("acled_regions.yaml").items() for iso in isos}


@lru_cache(maxsize=512)
def _country_codes(iso2: str) -> tuple[int | None, str]:
    import pycountry

    country = pycountry.countries.get(alpha_2=iso2) if iso2 else None
    if country is None:
        return None, ""
    return int(country.numeric), country.alpha_3


def _note(rec: dict[str, Any], named_as: str = "") -> str:
    """An ACLED-style one-line summary of the event."""
    who = rec["actor1"] or "Unidentified actors"
    target = f" against {rec['actor2']}" if rec["actor2"] else ""
    place = f" in {rec['location']} ({rec['admin1']}, {rec['country']})" if rec["location"] else ""
    if named_as and rec["location"]:
        # a village the gazetteer lacks: the notes keep its name beside the place it is coded to
        place = f" in {named_as} (coded to {rec['location']}; {rec['admin1']}, {rec['country']})"
    deaths = f" {rec['fatalities']} fatalities." if rec["fatalities"] else ""
    return f"On {rec['event_date']}, {who}: {rec['sub_event_type'].lower()}{target}{place}.{deaths}".replace("..", ".")


def event_record(event: Event, sources: dict[str, str] | None = None) -> dict[str, Any]:
    """One event as a flat dict: the ACLED columns plus sitroom's own fields."""
    m = event.best
    place = m.place
    iso2 = place.country_iso if place else (m.actor1.country if m.actor1 else "")
    numeric, iso3 = _country_codes(iso2)
    when = m.when
    inter1 = m.actor1.inter if m.actor1 else 0
    inter2 = m.actor2.inter if m.actor2 else 0
    rec: dict[str, Any] = {
        "event_id_cnty": "",
        "event_date": when.event_date.isoformat() if when else "",
        "year": when.event_date.year if when else None,
        "time_precision": when.time_precision if when else 3,
        "disorder_type": m.disorder_type,
        "event_type": m.event_type,
        "sub_event_type": m.sub_event_type,
        "actor1": m.actor1.name if m.actor1 else "",
        "assoc_actor_1": "; ".join(m.assoc_actor_1),
        "inter1": inter1 or None,
        "actor2": m.actor2.name if m.actor2 else "",
        "assoc_actor_2": "; ".join(m.assoc_actor_2),
        "inter2": inter2 or None,
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if inter2 == 7 else "",
        "iso": numeric,
        "region": _regions().get(iso2, ""),
        "country": place.country if place else "",
        "admin1": place.admin1 if place else "",
        "admin2": place.admin2 if place else "",
        "admin3": "",
        "location": place.name if place else "",
        "latitude": round(place.latitude, 4) if place else None,
        "longitude": round(place.longitude, 4) if place else None,
        "geo_precision": place.geo_precision if place else None,
        "source": "; ".join(dict.fromkeys((sources or {}).get(a, a) for a in event.sources)),
        "source_scale": "",
        "notes": "",
        "fatalities": m.fatalities,
        "tags": "",
        "timestamp": int(time.time()),
        # sitroom's own fields
        "date_from": when.start.isoformat() if when else "",
        "date_to": when.end.isoformat() if when else "",
        "country_iso2": iso2,
        "iso3": iso3,
        "count": m.count,
        "confidence": max(x.confidence for x in event.mentions),
        "low_confidence": max(x.confidence for x in event.mentions) < MIN_CONFIDENCE,
        "disagreements": event.disagreements,
    }
    rec["notes"] = _note(rec, place.named_as if place else "")
    return rec


def settled_record(mentions: list[Mention], sources: dict[str, str]) -> dict[str, Any]:
    """The row of an event recomputed from its mentions, as the store keeps it; `sources` maps the ids of the
    articles that report it to the names shown in `source`, in the order shown. Parquet parts use it too, so a
    part's row and the store's row of an event only one article reports are the same."""
    event = Event(mentions, list(sources))
    settle(event)
    return event_record(event, sources)
