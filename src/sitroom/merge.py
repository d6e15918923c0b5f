"""merge: mentions -> events, within an article and across articles.

ACLED: one event is the same actors, at the same location, on the same day.
Within an article, two mentions merge when their types agree, their actors
do not conflict, their places are within MAX_KM and their date ranges overlap
(`compatible`). Across articles the wording differs more, so a pair is
*scored* (`score`): hard vetoes (other event type, other country, dates more
than a day apart, places too far apart, two named actors that differ) and a
weighted agreement of sub-type, actors, place and date that must reach
MATCH_THRESHOLD. `cluster` applies the same score to a whole corpus with
blocking, so that the number of pairs compared grows like n log n.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import timedelta

from .gazetteer import distance_km
from .records import Event, Mention
from .settings import DATE_SLACK, MATCH_THRESHOLD, MATCH_WEIGHTS as WEIGHTS, MAX_KM, PLACE_LIMIT_KM
from .taxonomy import stronger


def _actors_agree(a, b) -> bool:
    """Two actors of one role conflict only when both are named, and differently ("Unidentified" names no one)."""
    return not named_actor(a.name if a else "") or not named_actor(b.name if b else "") or a.name == b.name


# Two mentions of one article this close (in characters) tell one incident in
# consecutive sentences: their victims may be worded differently ("13 soldiers",
# "the bus carrying soldiers") and still be the same.
NEAR_CHARS = 400


def compatible(a: Mention, b: Mention) -> bool:
    """Within one article: may these two mentions be one event?"""
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
    elif not _actors_agree(a.actor1, b.actor1):
        return False
    elif not _actors_agree(a.actor2, b.actor2) and (a.article_id != b.article_id or
                                                    abs(a.sentence.start - b.sentence.start) > NEAR_CHARS):
        return False
    if a.actor1 is None and b.actor1 is None and a.actor2 is None and b.actor2 is None:
        return False
    if a.place and b.place:
        if a.place.country_iso != b.place.country_iso:
            return False
        # A headline names the best-known place nearby ("in Kaduna"), the body the exact one.
        # Within one article a vaguer place is not taken to contain a precise one ("Karak" the province and
        # "Qatraneh" in it are two incidents when the text tells them apart); across reports it is (`score`).
        limit = PLACE_LIMIT_KM[3] if a.headline or b.headline else MAX_KM
        if not (_sums_up(a, b) or _sums_up(b, a)) and \
                distance_km(a.place.latitude, a.place.longitude, b.place.latitude, b.place.longitude) > limit:
            return False
    if a.when and b.when:
        # Across reports a day's slack absorbs midnight; within one article two days it names are two days.
        slack = timedelta(0) if a.article_id == b.article_id and a.when.span and b.when.span else DATE_SLACK
        if a.when.start > b.when.end + slack or b.when.start > a.when.end + slack:
            return False
    return True


def _sums_up(coarse: Mention, fine: Mention) -> bool:
    """Is `coarse` the summary line of the event `fine` tells: "Blast injures three in Abkhazia"?

    A summary (a headline, a title repeated atop the body, a lead) names the
    province and no day; the body then names the village and the day. Such a
    mention is known only to a province that holds the other's place, and the
    text gives it no date of its own. A province mention the text dates is an
    incident of its own ("in Karak" beside "in Qatraneh" the same day): the
    distance rule keeps those apart.
    """
    if coarse.article_id != fine.article_id or coarse.place is None or fine.place is None:
        return False
    return (coarse.place.geo_precision >= 3 and fine.place.geo_precision < 3 and bool(coarse.place.admin1)
            and coarse.place.admin1 == fine.place.admin1 and (coarse.when is None or coarse.when.span is None))


Point = tuple  # (latitude, longitude, geo_precision, admin1)


# How well a report known only to an area agrees with a point inside it: the area says
# less than a nearby town does, but does not contradict it.
AREA_AGREEMENT = {"admin1": 0.7, "country": 0.5}


def place_agreement(a: Point, b: Point, limit_km: float) -> float | None:
    """How well two places of one country agree (1 the same point), or None when they cannot be one event.

    A report known only to a province (geo precision 3 with a province) agrees with any place in that
    province, and one known only to the country (precision 3, no province) with any place in it: the
    village, the province and the country a strike is reported at are one strike. Otherwise the two
    points must lie within `limit_km`.
    """
    coarse, fine = (a, b) if a[2] >= b[2] else (b, a)
    if coarse[2] >= 3:
        if not coarse[3]:
            return AREA_AGREEMENT["country"]
        if fine[3] and fine[3] != coarse[3]:
            return None
        if fine[2] < 3 or fine[3] == coarse[3]:
            return AREA_AGREEMENT["admin1"] if fine[2] < 3 else 1.0
    km = distance_km(a[0], a[1], b[0], b[1])
    return None if km > limit_km else 1.0 - 0.5 * km / limit_km


def merge_mentions(mentions: list[Mention]) -> list[Event]:
    """Group one article's mentions into events (greedy, in reading order)."""
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


# ------------------------------------------------------------ cross-article


@dataclass(frozen=True, slots=True)
class MergeKey:
    """What cross-article matching looks at: small, so a million fit in memory."""

    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    country: str
    admin1: str
    latitude: float | None
    longitude: float | None
    geo_precision: int
    day_from: int  # date.toordinal()
    day_to: int


def key_of(m: Mention) -> MergeKey:
    place = m.place
    return MergeKey(
        m.event_type, m.sub_event_type,
        named_actor(m.actor1.name if m.actor1 else ""), named_actor(m.actor2.name if m.actor2 else ""),
        place.country_iso if place else (m.actor1.country if m.actor1 else ""),
        place.admin1 if place else "",
        place.latitude if place else None, place.longitude if place else None,
        place.geo_precision if place else 3,
        m.when.start.toordinal() if m.when else 0, m.when.end.toordinal() if m.when else 0,
    )


def named_actor(actor: str | None) -> str:
    """An unidentified actor names nobody: it cannot disagree with a named one."""
    return "" if not actor or actor.startswith("Unidentified") else actor


def score(a: MergeKey, b: MergeKey) -> float:
    """How alike two reports are, 0 (certainly different events) to 1."""
    if a.event_type != b.event_type or (a.country and b.country and a.country != b.country):
        return 0.0
    if a.event_type == "Strategic developments" and a.sub_event_type != b.sub_event_type:
        return 0.0
    # Dates: ranges must overlap, give or take a day (reports written across midnight).
    if a.day_from and b.day_from:
        gap = max(b.day_from - a.day_to, a.day_from - b.day_to, 0)
        if gap > DATE_SLACK.days:
            return 0.0
        width = max(a.day_to - a.day_from, b.day_to - b.day_from)
        date_score = 1.0 if gap == 0 and width <= 1 else 0.7 if gap == 0 else 0.5
    else:
        date_score = 0.3
    # Actors: two named actors that differ are two events; for battles the sides count, not the order.
    if a.event_type == "Battles":
        sides_a, sides_b = {a.actor1, a.actor2} - {""}, {b.actor1, b.actor2} - {""}
        if len(sides_a | sides_b) > 2:
            return 0.0
        shared, named = len(sides_a & sides_b), max(len(sides_a), len(sides_b), 1)
        actor_score = 0.4 + 0.6 * shared / named
    else:
        pairs = [(a.actor1, b.actor1), (a.actor2, b.actor2)]
        if any(x and y and x != y for x, y in pairs):
            return 0.0
        agreed = sum(1 for x, y in pairs if x and x == y)
        named = sum(1 for x, y in pairs if x or y)
        actor_score = 0.5 + 0.5 * agreed / named if named else 0.3
    # Place: the same area, or within a limit set by the coarser precision.
    if a.latitude is not None and b.latitude is not None:
        agreement = place_agreement((a.latitude, a.longitude, a.geo_precision, a.admin1),
                                    (b.latitude, b.longitude, b.geo_precision, b.admin1),
                                    PLACE_LIMIT_KM.get(max(a.geo_precision, b.geo_precision), PLACE_LIMIT_KM[3]))
        if agreement is None:
            return 0.0
        place_score = agreement
    else:
        place_score = 0.3
    type_score = 1.0 if a.sub_event_type == b.sub_event_type else 0.5
    return (WEIGHTS["type"] * type_score + WEIGHTS["actors"] * actor_score
            + WEIGHTS["place"] * place_score + WEIGHTS["date"] * date_score)


CELL_DEGREES = 1.0  # spatial blocking grid: one cell is wider than the precision-1/2 limits

Bucket = tuple


def _home(k: MergeKey) -> Bucket:
    """Where an open cluster headed by this report is filed."""
    if k.latitude is None:
        return ("nowhere",)
    if k.geo_precision >= 3:
        return ("province", k.admin1)
    return ("cell", math.floor(k.latitude / CELL_DEGREES), math.floor(k.longitude / CELL_DEGREES))


def _search(k: MergeKey) -> list[Bucket]:
    """The buckets whose open clusters this report may belong to."""
    if k.latitude is None:
        return [("nowhere",)]
    y, x = math.floor(k.latitude / CELL_DEGREES), math.floor(k.longitude / CELL_DEGREES)
    reach = 1 if k.geo_precision < 3 else math.ceil(PLACE_LIMIT_KM[3] / 111.0)
    cells = [("cell", y + dy, x + dx) for dy in range(-reach, reach + 1) for dx in range(-reach, reach + 1)]
    return cells + [("province", k.admin1), ("nowhere",)]


def country_level(k: MergeKey) -> bool:
    """Placed only at the country (its point is the capital's, not the event's)."""
    return k.latitude is not None and k.geo_precision >= 3 and not k.admin1


def cluster(keys: list[MergeKey], threshold: float = MATCH_THRESHOLD) -> tuple[list[int], int]:
    """Cluster a corpus of reports into events; returns (cluster label per key, pairs compared).

    Blocking: a report only meets others of the same event type and country
    (hash blocks), in date order (one sort: the n log n), and only clusters
    still open (last day within the slack) in nearby grid cells or its
    province. Each report joins the open cluster whose first report it scores
    best with, if that reaches the threshold, or opens a new one.
    """
    labels = [-1] * len(keys)
    compared = 0
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        blocks[(k.event_type, k.country)].append(i)
    next_label = 0
    for members in blocks.values():
        members.sort(key=lambda i: (keys[i].day_from, keys[i].day_to))
        open_clusters: dict[Bucket, dict[int, list[int]]] = defaultdict(dict)  # bucket -> label -> [head, last day]
        for i in members:
            k = keys[i]
            best, best_score = None, threshold
            # A report known only to the country may be any of the country's open events.
            buckets = list(open_clusters) if country_level(k) else _search(k) + [("province", "")]
            for bucket in buckets:
                entries = open_clusters.get(bucket)
                if not entries:
                    continue
                for label in [lab for lab, (_, last) in entries.items() if last + DATE_SLACK.days < k.day_from]:
                    del entries[label]  # the sweep has passed it: it can gain no more reports
                for label, (head, _) in entries.items():
                    compared += 1
                    s = score(keys[head], k)
                    if s >= best_score:
                        best, best_score = (bucket, label), s
            if best is None:
                labels[i] = next_label
                open_clusters[_home(k)][next_label] = [i, k.day_to]
                next_label += 1
            else:
                bucket, label = best
                labels[i] = label
                entry = open_clusters[bucket][label]
                entry[1] = max(entry[1], k.day_to)
    return labels, compared


# ------------------------------------------------------------ best values


def settle(event: Event) -> None:
    """Set the event's summary: the best value of each field, and the disagreements.

    The mentions are left as their texts said; the summary is a new record.
    """
    lead = event.lead
    best_type = lead.sub_event_type
    for m in event.mentions:
        best_type = stronger(best_type, m.sub_event_type)
    summary = replace(lead, sub_event_type=best_type)
    for m in event.mentions:
        if summary.actor1 is None and m.actor1 is not None:
            summary.actor1 = m.actor1
        if summary.actor2 is None and m.actor2 is not None:
            summary.actor2 = m.actor2
    # A place read in the mention's own sentence beats one carried over from
    # earlier sentences; among those, the most precise wins.
    placed = [m for m in event.mentions if m.place is not None]
    if placed:
        best = min(placed, key=lambda m: (m.place_inherited, m.headline, m.place.geo_precision))
        summary.place, summary.place_inherited = best.place, best.place_inherited
    for m in event.mentions:
        if m.when and m.when.span and (summary.when is None or summary.when.span is None or
                                       (m.when.end - m.when.start) < (summary.when.end - summary.when.start)):
            summary.when = m.when
        if m.count and not summary.count:
            summary.count = m.count
    summary.confidence = max(m.confidence for m in event.mentions)
    # Fatalities: within one article take the fullest figure, across articles
    # ACLED's lowest credible one; every reported figure is kept.
    by_article: dict[str, int] = {}
    for m in event.mentions:
        by_article[m.article_id] = max(by_article.get(m.article_id, 0), m.fatalities)
    nonzero = sorted({f for f in by_article.values() if f > 0})
    chosen = min(nonzero) if nonzero else 0
    source_mention = next((m for m in event.mentions if m.fatalities == chosen and m.fatalities_span), None)
    summary.fatalities = chosen
    summary.fatalities_span = source_mention.fatalities_span if source_mention else (
        lead.fatalities_span if lead.fatalities == chosen else None)
    event.disagreements = {}
    if len(nonzero) > 1:
        event.disagreements["fatalities"] = nonzero
    types = sorted({m.sub_event_type for m in event.mentions})
    if len(types) > 1:
        event.disagreements["sub_event_type"] = types
    if summary.place is not None:
        # The places other reports gave: the province or country a vaguer report named, kept beside the village.
        others = {(m.place.geo_precision, m.place.name) for m in event.mentions
                  if m.place is not None and m.place.name != summary.place.name
                  and m.place.geo_precision >= summary.place.geo_precision}
        if others:
            event.disagreements["other_places"] = [f"{name} (geo precision {p})" for p, name in sorted(others)]
    event.summary = summary
