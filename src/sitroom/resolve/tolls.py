"""tolls: what a mention's deaths and date say beyond its own sentence.

"At least nine militants were killed, the army said" gives the toll of the
fight told just before it, not an event of its own; "In all, three were killed"
totals incidents told before and is no incident's toll; a suicide bombing's
toll counts the bomber; and an event dated well before the report is
background told in passing.
"""
from __future__ import annotations

from datetime import date, timedelta


from ..extract.frames import Frame, toll_told
from ..gazetteer import distance_km, fold
from ..knowledge.lexicon import (attributed, breaks_a_toll_down, counted_victims, rival_counts, tells_a_total,
                                tells_an_update, tells_another_incident, unconfirmed_toll)
from ..records import Mention
from ..settings import BACKGROUND_DAYS, MAX_KM


def drop_background(mentions: list[Mention], published: date) -> list[Mention]:
    """Events dated well before the report are background told in passing ("in 2015 the army took the town").

    ACLED codes an event from the reports of its own time; an article that
    recalls it is not a new source of it.
    """
    cutoff = published - timedelta(days=BACKGROUND_DAYS)
    # "was shot dead by Israeli forces last month", beside the day's news ("on Wednesday"): a deed known only
    # to a month before the report's is recalled too, however near its last day lies. (A report whose news
    # is itself last month's, "executed 300 civilians in late March", has no day-dated event beside it.)
    month_start = published.replace(day=1)
    news_of_the_day = any(m.when is not None and m.when.time_precision == 1 and not m.date_inherited
                          for m in mentions)
    return [m for m in mentions if m.when is None or m.when.end >= cutoff and not (
        news_of_the_day and m.when.time_precision >= 3 and not m.date_inherited and m.when.end < month_start)]


_TOLL_HOST_TYPES = {"Battles", "Violence against civilians", "Explosions/Remote violence", "Riots"}
_TOLL_REACH = 2  # sentences
_DEFINITE_TOLL_REACH = 6


def _definite(patient) -> bool:
    return patient is not None and not patient.like_num and any(
        c.dep_ == "det" and c.lower_ in ("the", "those", "these") for c in patient.children)


def fold_tolls(mentions: list[tuple[int, Mention, Frame]]) -> list[Mention]:
    """"At least nine militants were killed, the army said.": the toll of the fight told just before.

    A death with no one named doing it joins the nearest violent event within
    two sentences before it (a headline's, the first one after it) instead of
    becoming an event of its own; the fuller figure is kept, with its span.
    """
    hosts = [(i, m) for i, m, f in mentions if not f.toll_only and m.event_type in _TOLL_HOST_TYPES]
    kept: list[Mention] = []
    kept_tolls: list[tuple[int, Mention]] = []
    for i, m, frame in mentions:
        host = None
        risen = toll_told(frame.trigger) is not None  # "the death toll rose to 11"
        if frame.toll_only:
            # "Four soldiers were killed when militants attacked a checkpoint": the deed told beside the toll
            host = next((h for j, h in hosts if j == i and h is not m), None)
            if host is None and m.headline:
                host = next((h for j, h in hosts if not h.headline and 0 < j - i <= _TOLL_REACH + 1), None)
            elif host is None:
                # "The soldiers killed and wounded were members of the guard": dead the text has already
                # introduced ("the", "those") are the toll of the event told before, however far back
                # ("the death toll rose to 11": a toll the story has introduced, however far back its deed)
                told, definite = hosts, _definite(frame.patient) or risen
                if definite:
                    # (the event told before may itself be a toll with its deed: "six soldiers were killed in
                    # an ambush")
                    hosting = {id(h) for _, h in hosts}
                    told = sorted(hosts + [(j, h) for j, h in kept_tolls if id(h) not in hosting], key=lambda x: x[0])
                reach = _DEFINITE_TOLL_REACH if definite else _TOLL_REACH
                host = next((h for j, h in reversed(told) if 0 <= i - j <= reach and h is not m), None)
            # (a toll told in the deed's own sentence is the deed's wherever the parser hangs it: "clashes ... in the
            # town of Dhiban in the countryside of Deir ez-Zor, which resulted in the death of three")
            same_sentence = host is not None and any(j == i and h is host for j, h in hosts)
            if host is not None and m.place and host.place and not m.place_inherited and not m.headline \
                    and not same_sentence:
                if distance_km(m.place.latitude, m.place.longitude, host.place.latitude, host.place.longitude) > MAX_KM:
                    host = None  # deaths somewhere else are another event
                elif m.place.named_as and fold(m.place.named_as) != fold(host.place.named_as or host.place.name):
                    host = None  # a village the gazetteer lacks, coded to its province: another place all the same
            # (a toll told as risen is dated by when it was counted, not by the deed: "On Sunday the toll rose to 11")
            if host is not None and _another_time(m, host) and not risen:
                if m.when.end < host.when.start and not tells_another_incident(m.sentence.text):
                    continue  # "following the July strike that killed seven": an earlier incident recalled
                host = None  # deaths of another day are another event ("after another clash Tuesday ...")
        if host is None and risen:
            continue  # "the death toll rose to 23" with no event told before it: a figure of nothing coded here
        if host is None:
            kept.append(m)
            if frame.toll_only and m.event_type in _TOLL_HOST_TYPES:
                kept_tolls.append((i, m))
            continue
        if tells_a_total(m.sentence.text):
            host.reasons.append(f"not the toll of this incident alone: '{m.sentence.text[:60]}'")
            continue  # "In all, three were killed in the attacks": the day's total, not this incident's
        if m.toll_added and m.fatalities and host.sentence != m.sentence and not breaks_a_toll_down(host.sentence.text):
            host.fatalities += m.fatalities  # "Two civilians were also killed": more dead of the same attack
        elif m.fatalities > host.fatalities and not (host.fatalities and (
                unconfirmed_toll(m.sentence.text) or _outbids(m, host))):
            # (an anonymous official's or residents' estimate does not raise a count: ACLED's lowest credible figure)
            host.fatalities, host.fatalities_span = m.fatalities, m.fatalities_span
        host.reasons.append(f"toll from '{m.sentence.text[:60]}'")
    return kept


def _outbids(toll: Mention, host: Mention) -> bool:
    """"A local activist network said five people had been killed" after "killed three civilians, rescuers said": a
    higher count of the same dead by another source (ACLED: the lowest credible figure), not an update of it."""
    if tells_an_update(toll.sentence.text) or not (attributed(toll.sentence.text) and attributed(host.sentence.text)):
        return False
    figure = lambda m: m.fatalities_span.text if m.fatalities_span is not None else ""
    return rival_counts(counted_victims(figure(toll)), counted_victims(figure(host)))


def _another_time(toll: Mention, host: Mention) -> bool:
    """Does the toll's sentence date its deaths itself, to a time apart from the host's?"""
    if toll.date_inherited or toll.when is None or host.when is None or toll.when.span is None:
        return False
    # A host dated only by a carried date or the day its source spoke ("residents said on Monday") may be a few
    # days late: deaths "late on Friday" may be its own. Only a toll further off is another time's.
    slack = _CARRIED_DATE_SLACK if host.date_inherited else timedelta(days=1)
    return toll.when.end < host.when.start - slack or toll.when.start > host.when.end + slack


_CARRIED_DATE_SLACK = timedelta(days=3)
