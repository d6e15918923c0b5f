"""merge: mentions -> events, within an article and across articles.

ACLED: one event is the same actors, at the same location, on the same day.
Two mentions merge when their event types agree, their actors do not
conflict, their places are within MAX_KM and their date ranges overlap (with
a day's slack for reports written across midnight).
"""
from __future__ import annotations

from datetime import timedelta

from .coding import stronger
from .gazetteer import distance_km
from .records import Event, Mention

MAX_KM = 25.0
DATE_SLACK = timedelta(days=1)


def _actors_agree(a, b) -> bool:
    if a is None or b is None:
        return True
    return a.name == b.name


def compatible(a: Mention, b: Mention) -> bool:
    if a.event_type != b.event_type:
        return False
    if a.sub_event_type != b.sub_event_type and (
        a.event_type == "Strategic developments" or (a.article_id, a.sentence) == (b.article_id, b.sentence)
    ):
        return False  # one sentence naming two different acts reports two events
    if a.event_type == "Battles":
        # Who is "actor 1" in a battle depends on the sentence; the sides do not.
        sides_a = {x.name for x in (a.actor1, a.actor2) if x}
        sides_b = {x.name for x in (b.actor1, b.actor2) if x}
        if len(sides_a | sides_b) > 2:
            return False
    elif not (_actors_agree(a.actor1, b.actor1) and _actors_agree(a.actor2, b.actor2)):
        return False
    if a.actor1 is None and b.actor1 is None and a.actor2 is None and b.actor2 is None:
        return False
    if a.place and b.place:
        if a.place.country_iso != b.place.country_iso:
            return False
        if distance_km(a.place.latitude, a.place.longitude, b.place.latitude, b.place.longitude) > MAX_KM:
            return False
    if a.when and b.when:
        if a.when.start > b.when.end + DATE_SLACK or b.when.start > a.when.end + DATE_SLACK:
            return False
    return True


def merge_mentions(mentions: list[Mention]) -> list[Event]:
    """Group mentions into events (greedy, in reading order)."""
    events: list[Event] = []
    for mention in mentions:
        for event in events:
            if all(compatible(mention, other) for other in event.mentions):
                event.mentions.append(mention)
                if mention.article_id not in event.sources:
                    event.sources.append(mention.article_id)
                break
        else:
            events.append(Event([mention], [mention.article_id]))
    for event in events:
        settle(event)
    return events


def settle(event: Event) -> None:
    """Fill the event's lead mention with the best value of each field, and keep disagreements."""
    lead = event.lead
    best_type = lead.sub_event_type
    for m in event.mentions:
        best_type = stronger(best_type, m.sub_event_type)
    lead.sub_event_type = best_type
    for m in event.mentions:
        if lead.actor1 is None and m.actor1 is not None:
            lead.actor1 = m.actor1
        if lead.actor2 is None and m.actor2 is not None:
            lead.actor2 = m.actor2
    # A place read in the mention's own sentence beats one carried over from
    # earlier sentences; among those, the most precise wins.
    placed = [m for m in event.mentions if m.place is not None]
    if placed:
        best = min(placed, key=lambda m: (m.place_inherited, m.place.geo_precision))
        lead.place, lead.place_inherited = best.place, best.place_inherited
    for m in event.mentions:
        if m.when and m.when.span and (lead.when is None or lead.when.span is None or
                                       (m.when.end - m.when.start) < (lead.when.end - lead.when.start)):
            lead.when = m.when
        if m.count and not lead.count:
            lead.count = m.count
    # Fatalities: within one article take the fullest figure, across articles
    # ACLED's lowest credible one; every reported figure is kept.
    by_article: dict[str, int] = {}
    for m in event.mentions:
        by_article[m.article_id] = max(by_article.get(m.article_id, 0), m.fatalities)
    figures = sorted(set(by_article.values()))
    nonzero = [f for f in figures if f > 0]
    chosen = min(nonzero) if nonzero else 0
    source_mention = next((m for m in event.mentions if m.fatalities == chosen and m.fatalities_span), None)
    lead.fatalities = chosen
    lead.fatalities_span = source_mention.fatalities_span if source_mention else lead.fatalities_span
    if len(nonzero) > 1:
        event.disagreements["fatalities"] = nonzero
    types = sorted({m.sub_event_type for m in event.mentions})
    if len(types) > 1:
        event.disagreements["sub_event_type"] = types
