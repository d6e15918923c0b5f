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

import calendar
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from datetime import timedelta

from .gazetteer import distance_km, fold
from .knowledge import load_yaml
from .knowledge.actors import actor_book, generic_actor
from .knowledge.lexicon import (attributed, breaks_a_toll_down, counted_victims, lexicon, rival_counts, tells_an_update,
                                unconfirmed_toll, vague_figure)
from .records import (MAIN_PLACE_REASON, SPOKEN_DAY_REASON, Event, Mention, anaphor_link, mention_completeness,
                      place_reason)
from .settings import (DATE_SLACK, DEMOTED_CONFIDENCE, MATCH_THRESHOLD, MATCH_WEIGHTS as WEIGHTS, MAX_KM, MIN_CONFIDENCE,
                       PLACE_LIMIT_KM)
from .taxonomy import TERRITORY_SUB_TYPES as _TERRITORY, event_type_of, stronger


def _actors_agree(a, b) -> bool:
    """Two actors of one role conflict only when both are named, and differently ("Unidentified" names no one; a
    force and its branch, "Military Forces of Russia" and "Military Forces of Russia Air Force", are one)."""
    return not named_actor(a.name if a else "") or not named_actor(b.name if b else "") or a.name == b.name or \
        a.name.startswith(b.name + " ") or b.name.startswith(a.name + " ")


# Two mentions of one article this close (in characters) tell one incident in
# consecutive sentences: their victims may be worded differently ("13 soldiers",
# "the bus carrying soldiers") and still be the same.
NEAR_CHARS = 400


def compatible(a: Mention, b: Mention) -> bool:
    """Within one article: may these two mentions be one event?"""
    if a.event_type != b.event_type:
        return False
    if a.article_id == b.article_id and a.sentence != b.sentence and not _one_spot(a, b) and (
            _ANOTHER_INCIDENT.search(a.sentence.text) or _ANOTHER_INCIDENT.search(b.sentence.text)):
        return False  # "In a separate attack, gunmen shot dead three traders": another event
    if a.sub_event_type != b.sub_event_type and not _one_raid(a, b) and (
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
        if _listed_apart(a, b):
            return False
        if not a.place_inherited and not b.place_inherited and a.place.named_as and b.place.named_as \
                and fold(a.place.named_as) != fold(b.place.named_as):
            return False  # two villages the gazetteer lacks, both coded to their province, are two places
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
            # ... but the day a source spoke ("sources told AFP on Tuesday") only bounds the event from above:
            # the attack "launched on Saturday" is the one they spoke of
            return _spoken_after(a, b) or _spoken_after(b, a)
    return True


_SPOKEN = SPOKEN_DAY_REASON


def _spoken_after(spoken: Mention, other: Mention) -> bool:
    return _SPOKEN in spoken.reasons and other.when.end <= spoken.when.end and \
        other.when.start >= spoken.when.start - timedelta(days=7)


def _listed_apart(a: Mention, b: Mention) -> bool:
    """"Russian forces shelled Kupiansk and Izium": one deed told of a list of towns is an event at each (the
    one trigger word read at two towns, mentions.py)."""
    return (a.article_id, a.trigger) == (b.article_id, b.trigger) and a.place is not None and \
        b.place is not None and not a.place_inherited and not b.place_inherited and \
        distance_km(a.place.latitude, a.place.longitude, b.place.latitude, b.place.longitude) > SAME_TOWN_KM


def _one_spot(a: Mention, b: Mention) -> bool:
    """Do both mentions name, in their own sentences, the same town? Then "meanwhile" only moves the story on."""
    pa = a.place if not a.place_inherited else None
    pb = b.place if not b.place_inherited else None
    return pa is not None and pb is not None and pa.geo_precision < 3 and pb.geo_precision < 3 and \
        distance_km(pa.latitude, pa.longitude, pb.latitude, pb.longitude) <= MAX_KM


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
    """Group one article's mentions into events (greedy, in reading order), then events into incidents."""
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
    incidents = group_incidents(events)
    # "Ten soldiers were killed in two attacks": a telling that sums the incidents the body tells one by one
    # is none of them: dropped only when at least two incidents it may sum are told (its kind, in its area)
    summaries = [e for e in incidents if all(_sums_several([m]) for m in e.mentions)
                 and sum(1 for x in incidents if x is not e and _summed_by(x, e)) >= 2]
    return [e for e in incidents if not any(e is x for x in summaries)]


def _summed_by(part: Event, whole: Event) -> bool:
    """May `part` be one of the incidents the summing telling `whole` counts: the same kind of event, within
    the summing telling's place (its province, or its country when it names no province)?"""
    if part.summary.event_type != whole.summary.event_type or all(_sums_several([m]) for m in part.mentions):
        return False
    p, w = part.summary.place, whole.summary.place
    if p is None or w is None:
        return True
    if p.country_iso != w.country_iso:
        return False
    # (a place the summing telling only inherited, or was given for want of its own, bounds nothing)
    return whole.summary.place_inherited or w.feature in ("country", "continent", "region") or not w.admin1 \
        or p.admin1 == w.admin1


def _country_alone(place) -> bool:
    """Is the place the text gave a country (or a continent) named alone ("in Cameroon", "the Horn of Africa")?
    Not when no place was read (a village the gazetteer lacks is no country), nor for a part of the country
    ("South Lebanon", "western Ukraine", read to the country for want of a province)."""
    if place is None or place.feature not in ("country", "continent") or place.span is None:
        return False
    named = fold(place.span.text)
    return named in (fold(place.name), fold(place.country))


@lru_cache(maxsize=1)
def _settlement_pattern() -> re.Pattern[str]:
    nouns = "|".join(re.escape(w) for w in load_yaml("place_words.yaml")["settlement_nouns"])
    return re.compile(rf"\b(?:{nouns}) of (?:the )?[A-Z]|\b[A-Z][\w'-]+ (?:{nouns})\b")


# "in Galim", "near Bunia": a name after a place preposition (and the word after it)
_AT_A_NAME = re.compile(r"\b(?:in|at|near|outside)\s+([A-Z][\w'-]+)(?:\s+(\w+))?")
_NO_SETTLEMENT = {fold(w) for w in (*calendar.day_name, *calendar.month_name) if w} | {"the", "a", "an"}


def _could_be_a_settlement(word: str, following: str | None, country) -> bool:
    """Not a day, a month, an article, the country itself, nor a people ("killed in Israeli strikes on
    Lebanon") unless a province is named after it ("clashes in Somali region")."""
    key = fold(word)
    if key in _NO_SETTLEMENT or key in (fold(country.name), fold(country.country)):
        return False
    if following and following.lower() in load_yaml("place_words.yaml")["admin_cues"]:
        return True
    return actor_book().demonyms.get(word.lower()) is None


def _names_a_settlement(text: str, country) -> bool:
    """"the village of Aitaroun", "Galim town", "in Galim": the text places the event finer than the gazetteer
    could; the event is the coder's to place, not one ACLED would leave unrecorded."""
    if _settlement_pattern().search(text):
        return True
    return any(_could_be_a_settlement(m.group(1), m.group(2), country) for m in _AT_A_NAME.finditer(text))


def set_aside_country_level(events: list[Event]) -> list[Event]:
    """ACLED records no event known only to the country ("clashes in Cameroon", "Israeli strikes on Lebanon"):
    an article's incident with no place below the country is kept, for a report that places it to join, but
    its mentions go below the export threshold."""
    for event in events:
        place = event.summary.place if event.summary else None
        if not _country_alone(place) or any(_names_a_settlement(m.sentence.text, place) for m in event.mentions):
            continue
        for m in event.mentions:
            m.confidence = min(m.confidence, DEMOTED_CONFIDENCE)
            m.reasons.append("known only to the country: ACLED does not record it")
        settle(event)
    return events


# ------------------------------------------------------------ incidents within an article
#
# A news story tells one incident many times: the headline, the lead, a detail sentence, a spokesman's
# tally, the group's claim. Each is read on its own and may come out as another sub-type of another
# event type ("a suicide car bomb killed eight" and "the attack targeted a convoy"; a riot, the police's
# force and "clashes" at one rally), with the toll in one sentence and the village and the day in
# another. ACLED codes the incident once, under the tactic its precedence keeps. `compatible` only
# joins mentions of one event type; this second pass joins whole events of one incident.

# Event types that tell one violent incident between them.
_VIOLENT = {"Battles", "Violence against civilians", "Explosions/Remote violence", "Riots"}
# A protest met with force, or turned into a riot, is one incident with that force or riot.
_UNREST = {"Protests", "Riots"}
_RIOT_TYPES = {"Violent demonstration", "Mob violence"}
_FORCE_AT_PROTEST = {"Excessive force against protesters", "Protest with intervention"}
# What is done in the course of a violent incident (shops looted and burnt, weapons seized) is part of
# it, not an event of its own, when it is told with it. (Arrests are not: ACLED codes them as events.)
_PARTS = {"Looting/property destruction", "Disrupted weapons use"}
# Actors that are the setting, not a side: they may differ between two tellings of one incident.
_NOT_SIDES = {5, 6, 7}  # rioters, protesters, civilians
_ARMED_GROUPS = {2, 3, 4}  # rebels, political and identity militias: what "gunmen" turn out to be
# Words that open another incident ("In a separate attack", "Elsewhere"): a telling with these is kept apart.
_ANOTHER_INCIDENT = re.compile(
    r"\b(?:(?:another|a separate|a second|a third|a similar|a different|an earlier|a later)\s+"
    r"(?:\w+\s+){0,2}(?:attack|incident|raid|strike|clash|clashes|explosion|blast|bombing|bomb|ambush|operation|"
    r"protest|assault|shooting|killing|airstrike|air strike|encounter|gunfight|firefight)|separately|elsewhere|"
    r"meanwhile|(?:in|during)\s+the\s+(?:first|second|third|fourth|other)\s+(?:incident|attack|clash|ambush|raid))\b",
    re.IGNORECASE)


# "killed 17 people in two attacks", "in separate raids on three villages": a sentence that sums several incidents
# Blasts and strikes are counted as several incidents only when the text says they were apart: "three blasts
# ripped through a market" is one attack told blast by blast.
_SEVERAL_INCIDENTS = re.compile(
    r"\b(?:(?:two|three|four|five|six|several|multiple)\s+(?:\w+\s+)?"
    r"(?:attacks|incidents|raids|clashes|bombings|ambushes|assaults|shootings)|"
    r"(?:separate|a series of|a wave of|a spate of|a string of)\s+(?:\w+\s+)?"
    r"(?:attacks|incidents|raids|strikes|clashes|explosions|blasts|bombings|ambushes|assaults|shootings|airstrikes))\b",
    re.IGNORECASE)


def _is_other_side(actor, summary: Mention) -> bool:
    return summary.actor2 is not None and actor.name == summary.actor2.name


_ARMED = {1, 2, 3, 4, 8}


def _contends(m: Mention, event: Event) -> bool:
    """Does this telling's tactic compete for the incident's sub-event type?

    A battle needs two armed sides: a "Battles" telling without them ("battling the resistance, the
    army bombed the village") is a clause about the war, and its precedence must not turn the air strike
    it sits beside into a clash. Within one event type every telling competes, as before.
    """
    if m.sub_event_type == "Armed clash" and m.reasons and m.reasons[0].endswith("(attack)") and any(
            x.event_type == "Explosions/Remote violence" and x.sentence == m.sentence for x in event.mentions):
        # "an air strike near Jilib, killing four militants", "a roadside bomb targeting an army vehicle": the
        # killing word read with an armed target is the strike's or the bomb's result, not a battle beside it
        return False
    side_word = _side_word(event)
    if side_word(m) and _told_after_the_reporters(m, event.mentions, side_word):
        # "the ministry said its aircraft had struck a deployment point": a side's version of the strike the
        # reporters told before does not decide what kind of strike it was (the story told after the side's word,
        # "the suspects opened fire when police raided their hideout", is the side's story too)
        return False
    if m.sub_event_type in _TERRITORY and _claimed_by_a_side(m) and any(
            x.sub_event_type not in _TERRITORY and not _claimed_by_a_side(x) for x in event.mentions):
        # "the insurgents had overrun the compound, their spokesman said": who holds the ground is the first
        # thing a side claims; a claim does not turn the attack the reporters tell into a takeover
        return False
    body = [x for x in event.mentions if not x.headline]
    if m.headline and m.event_type == "Riots" and any(x.event_type == "Protests" for x in body) and not any(
            x.event_type == "Riots" for x in body):
        return False  # "police, protesters clash" over a story that tells only tear gas and arrests: a headline's word
    if m.sub_event_type in ("Attack", "Armed clash") and _CASUALTY_WORD.match(m.trigger.text) and any(
            x.event_type in _UNREST and not _CASUALTY_WORD.match(x.trigger.text) for x in event.mentions):
        return False  # "a cameraman was also injured" at a protest broken up: its hurt, not an attack outranking it
    if m.event_type != "Battles" or len({x.event_type for x in event.mentions}) == 1:
        return True
    if m.sub_event_type in _TERRITORY and all(x.sub_event_type in _TERRITORY for x in event.mentions):
        return True  # "captured the village after government forces withdrew": the capture names the change
    if _answers_an_attack(m, event):
        return False
    return all(x is not None and x.inter in _ARMED for x in (m.actor1, m.actor2))


def _answers_an_attack(m: Mention, event: Event) -> bool:
    """"opened fire on a cafe, wounding three, before being shot dead by police": the police's answer to an
    attack on civilians is part of that attack (ACLED codes the attack, the attacker among its dead), not a
    battle that outranks it."""
    if m.actor1 is None or m.actor1.inter != 1 or m.actor2 is None:
        return False  # the state force is the one that acts ("shot dead by police"), not the one attacked
    return any(x.sub_event_type == "Attack" and x.actor1 is not None and x.actor1.name == m.actor2.name
               and x.actor2 is not None and x.actor2.inter == 7 for x in event.mentions)


def _claimed_by_a_side(m: Mention) -> bool:
    """Is the telling a side's own word: the speaker names the actor it is about ("Taliban spokesman Zabihullah
    Mujahid said the insurgents had overrun ...", "the RSF said it had taken ...")?"""
    claimant = m.claimant.lower()
    if not claimant:
        return False
    for actor in (m.actor1, m.actor2):
        if actor is not None and actor.inter in _ARMED_GROUPS | {1, 8}:
            words = [w for w in re.findall(r"[a-z][a-z-]+", actor.name.lower().split(":")[0])
                     if w not in ("of", "the", "forces", "military", "police", "group", "armed")]
            # (whole words: the "al" of "al Shabaab" is no claim by "officials")
            if any(len(w) > 2 and re.search(rf"\b{re.escape(w)}\b", claimant) for w in words):
                return True
    return False


def _turned_violent(m: Mention, own_kinds: set[str]) -> bool:
    """"Missiles were thrown at the police line" after the march: the march turned violent, as the reporter tells it
    (not as a side says: "state media said 'rioters' had attacked a police station")."""
    return m.event_type == "Riots" and "Protests" in own_kinds and not m.claimant and not m.quoted


def _incident_stronger(a: str, b: str) -> str:
    """ACLED's precedence, but a protest told beside a riot at it was the riot: demonstrators who burn a
    police station make a violent demonstration however peacefully the lead says they "protested"."""
    ta, tb = event_type_of(a), event_type_of(b)
    if {ta, tb} == {"Protests", "Riots"}:
        return a if ta == "Riots" else b
    if {a, b} == {"Arrests", "Peaceful protest"}:
        return "Protest with intervention"  # a protest whose people were arrested was not left alone
    return stronger(a, b)


# "killing one student and abducting 42": ACLED's one event (same actors, place and day), coded as the attack
_ONE_RAID = {"Attack", "Abduction/forced disappearance"}


def _one_raid(a: Mention, b: Mention) -> bool:
    """One sentence's killing and abduction are one raid; an attack that killed no one is told for the abduction it
    was ("attacking villages and kidnapping civilians": the abduction, and the attack an event of its own)."""
    if {a.sub_event_type, b.sub_event_type} != _ONE_RAID:
        return False
    attack = a if a.sub_event_type == "Attack" else b
    return attack.fatalities > 0


def _kinds_fit(a: str, b: str) -> bool:
    """May two sub-event types be tellings of one incident?"""
    if {a, b} == {"Arrests", "Disrupted weapons use"}:
        return True  # "arrested three men and recovered arms and IEDs": the weapons are seized in the arrest
    if "Arrests" in (a, b) and event_type_of(b if a == "Arrests" else a) in _UNREST:
        return True  # ACLED: the arrests at a protest or a riot are that event's, not an event of their own
    ta, tb = event_type_of(a), event_type_of(b)
    if ta == tb:
        # Two acts of one type that `compatible` kept apart (a massacre and the abduction of hostages, an air
        # strike and shelling) are two events; only a clash and the ground it won, or a protest and its
        # policing, are one.
        return a == b or ta in ("Battles", "Protests", "Riots")
    if "Non-violent transfer of territory" in (a, b) and "Battles" in (ta, tb):
        return True  # "the rebels took the town after the soldiers defending it withdrew": one change of hands
    if ta == "Strategic developments" or tb == "Strategic developments":
        part, other = (a, tb) if ta == "Strategic developments" else (b, ta)
        return part in _PARTS and (other in _VIOLENT or other == "Protests")
    if ta in _VIOLENT and tb in _VIOLENT:
        return True
    if ta in _UNREST and tb in _UNREST:
        return True
    force = a if a in _FORCE_AT_PROTEST else b if b in _FORCE_AT_PROTEST else None
    return force is not None and (tb if force == a else ta) in _VIOLENT


def _sides(event: Event) -> set[str]:
    return {x.name for m in event.mentions for x in (m.actor1, m.actor2)
            if x is not None and named_actor(x.name) and x.inter not in _NOT_SIDES}


def _own_place(event: Event):
    s = event.summary
    return s.place if s is not None and s.place is not None and not s.place_inherited else None


# Two towns this far apart are two places: tellings in the body that each name their own town, and no town in
# common, are two incidents, however near ("encounters at Magam and at Zirhama", 15 km apart).
SAME_TOWN_KM = 5.0


def _body_towns(event: Event) -> list:
    return [m.place for m in event.mentions if not m.headline and m.place is not None and not m.place_inherited
            and m.place.geo_precision == 1]


def _villages(event: Event) -> set[str]:
    """The names of villages the gazetteer lacks that the event's tellings name as their own place."""
    return {fold(m.place.named_as) for m in event.mentions if m.place is not None and m.place.named_as
            and not m.place_inherited}


def _placed_by_guess(event: Event) -> bool:
    return all(_MAIN_PLACE in m.reasons for m in event.mentions)


_MAIN_PLACE = place_reason(MAIN_PLACE_REASON)


def _places_fit(a: Event, b: Event) -> bool:
    villages_a, villages_b = _villages(a), _villages(b)
    if villages_a and villages_b and not villages_a & villages_b:
        return False  # two villages coded to their province are still two places
    towns_a, towns_b = _body_towns(a), _body_towns(b)
    if towns_a and towns_b and not any(
            distance_km(x.latitude, x.longitude, y.latitude, y.longitude) <= SAME_TOWN_KM
            for x in towns_a for y in towns_b):
        return False
    pa, pb = _own_place(a), _own_place(b)
    if pa is None or pb is None:
        # A place carried over from other sentences is weak evidence, but one in another province far
        # away still says another incident ("... at Abu Kamal" and attacks on villages told after Suwayda).
        ia, ib = a.summary.place, b.summary.place
        if ia is None or ib is None or _placed_by_guess(a) or _placed_by_guess(b):
            # (a lead that says only "in western Afghanistan" was given the article's most named place, a guess)
            return True
        return ia.country_iso == ib.country_iso and \
            distance_km(ia.latitude, ia.longitude, ib.latitude, ib.longitude) <= PLACE_LIMIT_KM[3]
    if pa.country_iso != pb.country_iso:
        return False
    coarse, fine = (pa, pb) if pa.geo_precision >= pb.geo_precision else (pb, pa)
    if coarse.geo_precision >= 3 and (not coarse.admin1 or coarse.admin1 == fine.admin1):
        return True  # the province or the country the other's town lies in
    headline = a.summary.headline or b.summary.headline
    limit = PLACE_LIMIT_KM[3] if headline else MAX_KM
    return distance_km(pa.latitude, pa.longitude, pb.latitude, pb.longitude) <= limit


def _dates_fit(a: Event, b: Event) -> bool:
    wa, wb = a.summary.when, b.summary.when
    if wa is None or wb is None or wa.span is None or wb.span is None or \
            a.summary.date_inherited or b.summary.date_inherited:
        return True
    # two days the text gives its events are two days (the day a source spoke is not one of them: mentions.py)
    return not (wa.start > wb.end or wb.start > wa.end)


def _opens_another(event: Event) -> bool:
    return any(_ANOTHER_INCIDENT.search(m.sentence.text) for m in event.mentions)


def _near(a: Event, b: Event) -> bool:
    """Told in the same sentence or close by (NEAR_CHARS)."""
    return any(abs(x.sentence.start - y.sentence.start) <= NEAR_CHARS for x in a.mentions for y in b.mentions)


def _anchored(a: Event, b: Event) -> bool:
    """Something the two tellings share beyond not contradicting each other: a place or a day that each
    gives its own, a headline over the story, or being told side by side. Two tellings that each carry
    only what they inherited from other sentences are kept apart."""
    if _own_place(a) is not None and _own_place(b) is not None:
        return True
    wa, wb = a.summary.when, b.summary.when
    if wa is not None and wb is not None and wa.span is not None and wb.span is not None and \
            not a.summary.date_inherited and not b.summary.date_inherited:
        return True
    return a.summary.headline or b.summary.headline or _near(a, b) or _names_the_other(a, b) or _names_the_other(b, a)


def _names_the_other(a: Event, b: Event) -> bool:
    """A telling of `a` names the event of a telling of `b` ("the militants" after "an attack by militants")."""
    links = {anaphor_link(x.sentence.text) for x in b.mentions}
    return any(link in r for m in a.mentions for r in m.reasons for link in links)


def _only_people(actor) -> bool:
    """Victims told only as "people": who they were is left open, so they make no telling another target's."""
    if actor.inter == 7 and actor.span is None:
        return True  # the civilians an attack's victims are by default, named by no word of the text
    words = actor.span.text.lower().split() if actor.span is not None else []
    return actor.inter == 7 and bool(words) and words[-1] in lexicon()["unnamed_people"]


def _only_inherited(event: Event) -> bool:
    """A telling of a part (looting, a seizure, the arrests of a protest: "Twelve people were arrested.") with
    neither a place nor a day of its own."""
    s = event.summary
    return all(m.sub_event_type in _PARTS | {"Arrests"} for m in event.mentions) and s.place_inherited and (
        s.date_inherited or s.when is None)


_CASUALTY_WORD = re.compile(r"(?:injur|wound|hurt|beaten$|died$|dies$|die$|dying$)", re.IGNORECASE)


def _casualties_only(event: Event) -> bool:
    """"A cameraman was also injured", "while a woman was injured by a stray bullet": tellings that only count
    the hurt or the dead, with no place, no day and no named hand of their own, are the casualties of an incident
    the story tells, not an attack of their own; so are tellings with no side at all ("the site where monarchists
    clashed with security personnel")."""
    s = event.summary
    return all((_CASUALTY_WORD.match(m.trigger.text) and (m.actor1 is None or not named_actor(m.actor1.name)
                                                           or m.actor1.inter == 1))
               or (m.actor1 is None and m.actor2 is None)  # "the site where monarchists clashed": no side ACLED codes
               for m in event.mentions) and s.place_inherited and (s.date_inherited or s.when is None)


def _targets_differ(a: Event, b: Event) -> bool:
    """One telling's target is civilians, the other's an armed force: an attack on a crowd and the police's
    fight with the gunman after it are two events (ACLED: one event, the same actors). "Eight people were
    killed" in the lead of a raid on an army camp names no target of its own."""
    ta, tb = a.summary.actor2, b.summary.actor2
    if ta is None or tb is None or _only_people(ta) or _only_people(tb):
        return False
    return (ta.inter == 7 and tb.inter in _ARMED) or (tb.inter == 7 and ta.inter in _ARMED)


_SPARKED = re.compile(r"\b(?:spark(?:ing|ed)|trigger(?:ing|ed)|prompt(?:ing|ed)|provok(?:ing|ed)|ignit(?:ing|ed)|"
                      r"set(?:ting)? off)\b", re.IGNORECASE)
_AFTER_AN_ARREST = re.compile(r"\b(?:after|over|following|against) (?:the|his|her|their|its) (?:arrest|detention)\b",
                              re.IGNORECASE)


def _arrest_that_sparked(arrests: Event, unrest: Event) -> bool:
    """"Police arrested Kizza Besigye ..., sparking running battles between his supporters and police", "youths
    rioted after his arrest": the arrest is the unrest's cause, an event of its own (its actors differ), not the
    arrests made at the riot."""
    if not all(m.sub_event_type == "Arrests" for m in arrests.mentions) or \
            event_type_of(unrest.summary.sub_event_type) not in _UNREST:
        return False
    return any(_SPARKED.search(m.sentence.text[m.trigger.end - m.sentence.start:]) for m in arrests.mentions) or \
        any(_AFTER_AN_ARREST.search(m.sentence.text) for m in unrest.mentions)


def same_incident(a: Event, b: Event) -> bool:
    """Are two events of one article tellings of one incident?"""
    if _arrest_that_sparked(a, b) or _arrest_that_sparked(b, a):
        return False
    kinds = {m.sub_event_type for m in a.mentions + b.mentions}
    a_hurt, b_hurt = _casualties_only(a), _casualties_only(b)
    host = b if a_hurt else a
    # (the hurt of a violent incident or of a protest that was broken up, whatever the tellings' own types)
    casualties = (a_hurt or b_hurt) and event_type_of(host.summary.sub_event_type) in _VIOLENT | _UNREST
    # (a raid told as a killing and an abduction in one sentence, then as its killings: "Gunmen killed two people
    # and kidnapped 23 others in a night raid" and "A village head and his nephew were shot dead")
    one_raid = kinds <= _ONE_RAID and any(_ONE_RAID <= {m.sub_event_type for m in e.mentions} for e in (a, b))
    # (the arrests of an incident that the tellings together make a riot or a protest, whatever one of them says:
    # "supporters clashed with police ... threw brickbats ... Police detained 11 people")
    held_at_unrest = any(all(m.sub_event_type == "Arrests" for m in x.mentions)
                         and event_type_of(y.summary.sub_event_type) in _UNREST for x, y in ((a, b), (b, a)))
    if not casualties and not one_raid and not held_at_unrest and \
            not all(x == y or _kinds_fit(x, y) for x in kinds for y in kinds):
        return False
    part_of_another = _only_inherited(a) or _only_inherited(b) or casualties
    if kinds & _PARTS and not _near(a, b) and not part_of_another:
        # the looting or the arrests of the incident are told with it, not paragraphs away, unless the telling
        # has no place or day of its own ("The border checkpoint was also completely destroyed.")
        return False
    # (a side's own word on an incident the story tells from other sources names the target its own way, "a
    # deployment point of Ukrainian formations" for a block of flats, and is dated by the day it spoke)
    a_claims = _own_word_only(a)
    claim = a_claims != _own_word_only(b)
    claimed, told = (a, b) if a_claims else (b, a)
    # (the people a riot's police arrested are no target apart from the police the rioters fought)
    arrests_at_unrest = "Arrests" in kinds and any(event_type_of(k) in _UNREST for k in kinds)
    if (_targets_differ(a, b) and not casualties and not claim and not arrests_at_unrest) or \
            any(_listed_apart(x, y) for x in a.mentions for y in b.mentions):
        return False
    if (len(_sides(a) | _sides(b)) > 2 and not claim) or not _places_fit(a, b) or not (
            _dates_fit(a, b) or (claim and _claim_told_after(claimed, told))):
        return False
    if not _anchored(a, b) and not part_of_another:
        return False
    # (an opener parts a telling from the sentences before it, not from its own sentence: "In the second attack,
    # they burned houses and killed a shopkeeper" is one incident)
    return not (_opens_another(a) or _opens_another(b)) or any(
        _one_spot(x, y) or x.sentence == y.sentence for x in a.mentions for y in b.mentions)


def _side_word(event: Event):
    """Is a telling a side's word: its own deed in its own words, or anything else the same speaker says ("The CTD
    said it had killed four militants ... The CTD said the suspects opened fire")?"""
    voices = {m.claimant.lower() for m in event.mentions if m.own_word and m.claimant}
    return lambda m: m.own_word or (bool(m.claimant) and m.claimant.lower() in voices)


def _told_after_the_reporters(m: Mention, tellings: list[Mention], side_word) -> bool:
    """Does a telling that is not a side's word come before `m` in the article?"""
    return any(not side_word(x) and x.sentence.start < m.sentence.start for x in tellings)


def _own_word_only(event: Event) -> bool:
    side_word = _side_word(event)
    return all(side_word(m) for m in event.mentions)


# A side's claim comes within days of its deed
CLAIM_DAYS = 7


def _claims_the_deed_told(m: Mention) -> bool:
    return m.trigger.text.lower() in lexicon()["anaphoric_event_nouns"] and "claim" in m.sentence.text.lower()


def _claim_told_after(claim: Event, incident: Event) -> bool:
    """Is the claim told on the incident's day or in the days after it ("JNIM claimed the attack on Tuesday" after
    Sunday's attack)? Not a deed the side dates itself ("the police said it had killed four militants in a
    shootout in the early hours of Friday", after Thursday's bombing): that is another incident."""
    wc, wi = claim.summary.when, incident.summary.when
    if wc is None or wi is None:
        return True
    # ("JNIM claimed the attack on Tuesday": the attack claimed is the one told, whichever day the date is on)
    if not claim.summary.date_inherited and not any(_SPOKEN in m.reasons or _claims_the_deed_told(m)
                                                    for m in claim.mentions):
        return False
    return wi.start <= wc.start and wc.start <= wi.end + timedelta(days=CLAIM_DAYS)


def _sums_several(tellings: list[Mention]) -> bool:
    return bool(_SEVERAL_INCIDENTS.search(tellings[0].sentence.text))  # "killed 17 people in two attacks"


def _estimated(tellings: list[Mention]) -> bool:
    return unconfirmed_toll(tellings[0].sentence.text)  # "another official, speaking on condition of anonymity"


# "The group said it had killed more than 20 soldiers": a side's count of its own kills is a claim
# ("The group's affiliate, which claimed the attack, said 30 apostates had been killed": the claimant's figure)
_SELF_CLAIM = re.compile(r"\b(?:said|says|claimed|claims|announced)(?:\s+(?:in|on|through|via)\s+[^,.;]{1,40}?)?"
                         r"\s+(?:that\s+)?(?:it|they|its fighters)\s+"
                         r"(?:had\s+|have\s+)?killed\b|\bclaim(?:ed|s)?\s+to\s+have\s+killed\b"
                         r"|\b(?:which|who)\s+(?:had\s+)?claimed\s+(?:responsibility|the\s+(?:attack|bombing|blast|assault))"
                         r"\b[^.]*\bsaid\b", re.IGNORECASE)


def _claimed_by_its_hand(tellings: list[Mention]) -> bool:
    return any(m.own_word for m in tellings) or bool(_SELF_CLAIM.search(tellings[0].sentence.text))


# "Police had initially said four officers were killed": a first count the story has since revised
_SUPERSEDED = re.compile(r"\b(?:initially|at first|earlier|first)\s+(?:said|says|reported|put|gave|told)\b", re.IGNORECASE)


def _superseded(tellings: list[Mention]) -> bool:
    return bool(_SUPERSEDED.search(tellings[0].sentence.text))


def _vaguely_counted(tellings: list[Mention]) -> bool:
    # "leaving many soldiers dead" beside "killed at least eight people"
    return all(m.fatalities_span is not None and vague_figure(m.fatalities_span.text) for m in tellings if m.fatalities)


def _outbid(by_sentence: dict[tuple[int, int], list[Mention]]):
    """A count of the same dead above another source's ("rescuers said three civilians were killed" and "a local
    activist network said five people had been killed"; "killing at least 12 soldiers, the ministry said" and "an
    official said the bodies of 17 soldiers"): ACLED's figure is the lowest credible one. Not an update ("had risen
    to 14"), more dead ("also"), a breakdown of a figure ("among the dead were four children"), nor a count of
    other victims ("eight militants" beside "two civilians")."""
    counts = []
    for key, ms in by_sentence.items():
        top = max(ms, key=lambda m: m.fatalities)
        text = top.sentence.text
        if top.fatalities and not top.headline and not top.toll_added and not tells_an_update(text) \
                and not breaks_a_toll_down(text) and attributed(text):
            counts.append((key, top.fatalities, counted_victims(top.fatalities_span.text if top.fatalities_span else "")))
    high = {key for key, toll, who in counts
            if any(t < toll and rival_counts(who, w) for k, t, w in counts if k != key)}
    return lambda ms: (ms[0].sentence.start, ms[0].sentence.end) in high


def _told_toll(mentions: list[Mention]) -> int:
    """One article's fullest figure for an incident: the largest it gives, or a figure and the deaths told as
    more of it after it ("killed five farmers ... Two civilians were also killed": seven). A headline's figure
    is weighed, not added to: it already sums the body's."""
    fullest = running = 0
    running_sentence = None
    by_sentence: dict[tuple[int, int], list[Mention]] = defaultdict(list)
    for m in mentions:  # a sentence read twice (two triggers) is one telling of its figure
        by_sentence[(m.sentence.start, m.sentence.end)].append(m)
    for doubtful in (_sums_several, _estimated, _vaguely_counted, _claimed_by_its_hand, _superseded,
                     _outbid(by_sentence)):
        # ACLED's figure is the lowest credible one: a figure that sums this incident and another, an estimate,
        # or a word of quantity does not stand against a count another sentence gives
        left_out = {k for k, ms in by_sentence.items() if doubtful(ms)}
        if left_out and any(m.fatalities for k, ms in by_sentence.items() if k not in left_out for m in ms):
            by_sentence = {k: ms for k, ms in by_sentence.items() if k not in left_out}
    running_people = False
    for key in sorted(by_sentence):
        tellings = by_sentence[key]
        toll = max(m.fatalities for m in tellings)
        added = any(m.toll_added for m in tellings if m.fatalities == toll)
        sentence = tellings[0].sentence
        if added and running and not breaks_a_toll_down(running_sentence.text) and not running_people:
            # (one sentence's figure already sums its own "a passerby was also killed")
            running += toll
            running_sentence = sentence
        elif toll and not any(m.headline for m in tellings):
            running, running_sentence = toll, sentence
            running_people = any(_counts_people(m) for m in tellings if m.fatalities == toll)
        fullest = max(fullest, toll, running)
    return fullest


def _counts_people(m: Mention) -> bool:
    """Is the figure a count of "people", of every side ("left at least 18 people dead")? Then the dead told
    after it as "also" ("our troops also killed 13 militants") are among them, not more."""
    span = m.fatalities_span
    if span is None:
        return False
    words = [w.strip(",.").lower() for w in span.text.split() + m.sentence.text[span.end - m.sentence.start:].split()[:1]]
    return any(w in lexicon()["unnamed_people"] for w in words)


def group_incidents(events: list[Event]) -> list[Event]:
    """Join the events of one article that tell one incident, in reading order: each joins the first
    incident so far that it fits as a whole (its best place and day, all its sides)."""
    incidents: list[Event] = []
    for event in events:
        if event.summary is None:
            settle(event)
        fitting = [i for i, incident in enumerate(incidents) if same_incident(event, incident)]
        if fitting:
            # (the nearest told: "the suspects opened fire when police raided their hideout, and rifles were
            # recovered" is the raid's seizure, not that of the bombing told two paragraphs before)
            i = min(fitting, key=lambda k: (_distance(event, incidents[k]), k))
            incident = incidents[i]
            joined = Event(incident.mentions + event.mentions, list(dict.fromkeys(incident.sources + event.sources)))
            settle(joined)
            incidents[i] = joined
        else:
            incidents.append(event)
    return incidents


def _distance(a: Event, b: Event) -> int:
    """How far apart, in characters, the nearest tellings of two events of one article are."""
    return min(abs(x.sentence.start - y.sentence.start) for x in a.mentions for y in b.mentions)


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


def _named_hand(tellings: list[Mention], summary: Mention) -> str | None:
    """The named armed group most tellings give as the hand, else the named force; never the side hit."""
    for inters in (_ARMED_GROUPS, _ARMED):
        names = Counter(m.actor1.name for m in tellings
                        if m.actor1 is not None and m.actor1.inter in inters and named_actor(m.actor1.name)
                        and not _is_other_side(m.actor1, summary))
        if names:
            return names.most_common(1)[0][0]
    return None


def _codebook_sides(event: Event, summary: Mention, best_type: str) -> None:
    """ACLED's sides of the demonstration types, whatever sentence the summary's fields came from.

    A protest event's first actor is the protesters, also when force was used on them (excessive force is
    a Protests event, as the real-article gold codes it), and a protest with intervention or excessive force
    was met by someone: "police fired tear gas to disperse teachers protesting" names the police outside the
    protest's own clause, and an intervention nobody is named for is the police's. A mob's victims are
    civilians ("an angry crowd lynched two suspected kidnappers": the lynched are no armed group, whatever
    they were suspected of)."""
    country = (summary.place.country_iso if summary.place is not None else
               summary.actor1.country if summary.actor1 is not None else "")
    if best_type in _FORCE_AT_PROTEST and country:
        sides = (summary.actor1, summary.actor2)
        crowd = next((a for a in sides if a is not None and a.inter == 6), None) or generic_actor("protesters", country)
        force = next((a for a in sides if a is not None and a.inter in (1, 2, 3, 4, 8)), None) or next(
            (a for m in event.mentions for a in (m.actor1, m.actor2) if a is not None and a.inter == 1), None) \
            or generic_actor("police", country)
        summary.actor1, summary.actor2 = crowd, force
    if best_type == "Mob violence" and country and (
            (summary.actor2 is None and any(m.fatalities or _HARMS_A_PERSON.match(m.trigger.text)
                                            for m in event.mentions))
            or (summary.actor2 is not None and summary.actor2.inter == 3
                and summary.actor2.name.startswith("Unidentified"))):
        # (a fence or a shop a crowd wrecks is no side: "youths pulled down the perimeter fence" keeps none)
        summary.actor2 = generic_actor("civilians", country)


_HARMS_A_PERSON = re.compile(r"(?:kill|lynch|beat|stab|hack|injur|wound|assault|tortur|murder|burn(?:ed|t)? alive)",
                             re.IGNORECASE)


def settle(event: Event) -> None:
    """Set the event's summary: the best value of each field, and the disagreements.

    The mentions are left as their texts said; the summary is a new record.
    """
    # A telling the coder doubts (under the threshold at which it would be shown as an event of its own: a
    # running total folded in by "the attack", a claim) does not decide the incident's type or toll.
    voiced = [m for m in event.mentions if m.confidence >= MIN_CONFIDENCE] or event.mentions
    contenders = [m for m in voiced if _contends(m, event)] or voiced
    # A telling placed only by the sentences before it goes on about the incident they told ("The army said it
    # had struck a terrorist vehicle" after "a drone strike hit a pickup truck north of Bourem"): it does not
    # make the drone strike a battle. The tellings that name the incident's place decide its kind of event; within
    # that kind any telling counts ("Police used tear gas to disperse the demonstrators" after the protest).
    own_kinds = {m.event_type for m in contenders if not m.place_inherited}
    contenders = [m for m in contenders if not m.place_inherited or m.event_type in own_kinds
                  or _turned_violent(m, own_kinds)] or contenders
    best_type = contenders[0].sub_event_type
    for m in contenders:
        best_type = _incident_stronger(best_type, m.sub_event_type)
    # The tellings of the winning event type speak for the incident (its sides, as that type codes them);
    # the others (the looting, the arrests, the "attack" word of a bombing) fill what those leave empty.
    core = [m for m in event.mentions if m.event_type == event_type_of(best_type)]
    lead = max(core, key=mention_completeness)
    summary = replace(lead, sub_event_type=best_type)
    if best_type in _FORCE_AT_PROTEST | _RIOT_TYPES and (summary.actor2 is None or summary.actor2.inter == 7):
        # the force that arrested the crowd is the protest's or the riot's second side, not the arrested
        summary.actor2 = next((m.actor1 for m in event.mentions if m.sub_event_type == "Arrests"
                               and m.actor1 is not None and m.actor1.inter == 1), summary.actor2)
    for m in core + [m for m in event.mentions if m not in core]:
        if summary.actor1 is None and m.actor1 is not None:
            summary.actor1 = m.actor1
        if summary.actor2 is None and m.actor2 is not None:
            summary.actor2 = m.actor2
    if summary.actor2 is None and best_type == "Attack":
        # ACLED's attack is one-sided violence against civilians: "Abdi Hassan, 21, was killed when gunmen opened
        # fire on a bus" names its victim only by name
        country = (summary.place.country_iso if summary.place is not None else
                   summary.actor1.country if summary.actor1 is not None else "")
        summary.actor2 = generic_actor("civilians", country)
    _codebook_sides(event, summary, best_type)
    if summary.actor2 is None and best_type in _TERRITORY and best_type != "Non-violent transfer of territory":
        # the side that withdrew is the side the ground was taken from
        summary.actor2 = next((m.actor1 for m in event.mentions if m.sub_event_type == "Non-violent transfer of territory"
                               and m.actor1 is not None and (summary.actor1 is None or m.actor1.name != summary.actor1.name)), None)
    if summary.actor1 is not None and not named_actor(summary.actor1.name):
        # One telling says "gunmen", another (the claim, the spokesman) names the group: the group is the actor.
        # So with a force: "was shot dead" beside "police fired, killing one", "airstrikes killed eight" beside
        # "the military's airstrike" (a group named is preferred to a force).
        # The tellings of the winning type are asked first: a looting's or an arrest's hand is another matter.
        name = _named_hand(core, summary) or _named_hand(event.mentions, summary)
        if name:
            summary.actor1 = next(m.actor1 for m in event.mentions if m.actor1 is not None and m.actor1.name == name)
    # A place read in the mention's own sentence beats one carried over from
    # earlier sentences; among those, the most precise wins.
    placed = [m for m in event.mentions if m.place is not None]
    if placed:
        best = min(placed, key=lambda m: (m.place_inherited, m.headline, m.place.geo_precision))
        summary.place, summary.place_inherited = best.place, best.place_inherited
        town = next((m.place for m in placed if m.place.geo_precision == 1 and best.place.geo_precision >= 3
                     and best.place.admin1 and m.place.admin1 == best.place.admin1
                     and m.place.country_iso == best.place.country_iso), None)
        if town is not None:
            # "an army checkpoint in the north of the Sinai" and, told with it, the checkpoint's town: ACLED codes
            # the town the incident's tellings name in that province, as part of the region (precision 2)
            summary.place = replace(town, geo_precision=2)
    # A date the text gives the event itself beats one carried over or the day a source spoke; among
    # those, the narrowest.
    dated = [m for m in event.mentions if m.when is not None and m.when.span is not None]
    if dated:
        best_when = min(dated, key=lambda m: (m.date_inherited, (m.when.end - m.when.start),
                                              event.mentions.index(m)))
        summary.when, summary.date_inherited = best_when.when, best_when.date_inherited
    for m in event.mentions:
        if m.count and not summary.count:
            summary.count = m.count
    summary.confidence = max(m.confidence for m in event.mentions)
    # Fatalities: within one article take the fullest figure, across articles
    # ACLED's lowest credible one; every reported figure is kept.
    # (a side's count of what it killed is a claim, no figure beside a report of the incident from others)
    side_word = _side_word(event)
    counted = [m for m in voiced if not (m.own_word and _told_after_the_reporters(m, voiced, side_word))] or voiced
    by_article = {article: _told_toll([m for m in counted if m.article_id == article])
                  for article in dict.fromkeys(m.article_id for m in counted)}
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
