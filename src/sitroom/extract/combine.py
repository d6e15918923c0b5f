"""combine: the rule coder's mentions + the classifier's verdicts -> the coder's decision.

Two places use it (the second through `pipeline.decide`):

- articles (`review_mentions`): every sentence of the article is read by the
  classifier. Its belief that the sentence reports an ACLED event at all is
  most of a mention's confidence (`event_confidence`), so a trigger word in a
  metaphor, a plan or a footer comes out below the export threshold; it
  retypes a sentence's lead mention only when it is sure; it drops a mention
  only when it is sure the sentence is ordinary crime or a disaster. A
  sentence with no trigger word whose verdict is a sure ACLED event
  (`wants_sentence_event`) gets a frame of its own (extract.frames
  .sentence_frame), whose roles, place and date the rules then read. Claims,
  blame and diplomacy are not grounds to drop a mention in an article: "IS
  claimed the bombing that killed eight" still reports the bombing.
- snippets (`decide`): a short text is one unit, as in CASE 2021 task 2; the
  classifier's verdict is the answer, and the rules' events are its evidence.
  A verdict with no rule event behind it still yields an event, marked as
  found by the classifier alone.

Every decision is written into the mention's reasons.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from ..gazetteer import distance_km
from ..knowledge.actors import BYSTANDER_LABELS, GENERIC_PREFIX, actor_book, generic_actor
from ..knowledge.lexicon import bomber_counted, bombers_in, hand_unknown, lexicon, refers_back, tells_a_total
from ..records import Mention, anaphor_reason
from ..settings import (ALONE_AT, ALONE_TYPE_AT, ANAPHORA_REACH, DEMOTED_CONFIDENCE, DROP_AT, MAX_KM, MIN_CONFIDENCE,
                        RETYPE_AT, RULES_SHARE)
from ..taxonomy import event_type_of
from .classifier import NOT_EVENT, Verdict
from .coding import ARMED_AMONG_VICTIMS

CRIME = f"{NOT_EVENT}/crime"
DROPPABLE = {CRIME, f"{NOT_EVENT}/natural disaster", f"{NOT_EVENT}/man-made disaster"}


# Which side took ground is ACLED's test between these two, and it is a fact
# about an actor the rules resolved, not something a sentence's wording shows.
SIDE_DECIDES = {"Government regains territory", "Non-state actor overtakes territory"}
TRANSFER = "Non-violent transfer of territory"


def _no_fight(text: str) -> str:
    low = " " + " ".join(text.lower().split()) + " "
    return next((cue for cue in lexicon()["peaceful_transfer_cues"] if f" {cue}" in low), "")


def codebook(kind: str, text: str, rule_types: list[str]) -> tuple[str, str]:
    """ACLED's territory tests applied to a chosen type: (the type, why it changed or "")."""
    if kind not in SIDE_DECIDES | {TRANSFER}:
        return kind, ""
    cue = _no_fight(text)
    if cue:
        return TRANSFER, f"non-violent transfer: '{cue}'" if kind != TRANSFER else ""
    side = next((t for t in rule_types if t in SIDE_DECIDES), kind)
    return side, f"the side that took ground decides: {side}" if side != kind else ""


_RIOTS = {"Violent demonstration", "Mob violence"}


def _riot_roles(m: Mention) -> None:
    """A riot retyped from the rules' clash or attack: ACLED's actor1 is the rioters; the police or army the
    rules read as the attacker ("police fired on a crowd that set fire to an office") is their opponent."""
    if m.sub_event_type not in _RIOTS or (m.actor1 is not None and m.actor1.inter == 5):
        return
    state = m.actor1 if m.actor1 is not None and m.actor1.inter in (1, 2) else None
    country = m.place.country_iso if m.place else (m.actor1.country if m.actor1 else "")
    named = m.actor2 if m.actor2 is not None and m.actor2.inter == 5 else None  # "police fired on rioters"
    m.actor1 = named or generic_actor("rioters", country, m.actor1.span if m.actor1 and not state else None)
    if state is not None and (m.actor2 is None or m.actor2.inter in (5, 6, 7)):
        m.actor2 = state
    elif m.actor2 is named:
        m.actor2 = None
    m.reasons.append("a riot's first actor is the rioters")


_PROTESTS = {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"}


def _protest_roles(m: Mention) -> None:
    """A protest retyped from the rules' arrest or attack ("police detained dozens of marchers"): ACLED's actor1
    is the protesters, and the police or army that broke the protest up is actor2, never the other way round."""
    if m.sub_event_type not in _PROTESTS:
        return
    if m.actor1 is not None and m.actor1.inter == 6 and m.actor2 is not None and m.actor2.inter == 7:
        # "One person was killed during protests": the dead are of the protesters (actor1), not a side against them
        m.actor2 = None
        return
    if m.actor1 is None and m.actor2 is not None and m.actor2.inter == 1:
        # "police fired tear gas" with no crowd named: the protesters are the first actor all the same
        country = m.place.country_iso if m.place else m.actor2.country
        m.actor1 = generic_actor("protesters", country)
        if m.sub_event_type == "Peaceful protest":
            m.actor2 = None
        m.reasons.append("a protest's first actor is the protesters")
        return
    if m.actor1 is None or m.actor1.inter not in (1, 2):
        return
    state = m.actor1
    country = m.place.country_iso if m.place else state.country
    crowd = m.actor2 if m.actor2 is not None and m.actor2.inter == 6 else None
    # the detained or the dispersed are the protesters, whatever word the sentence used for them
    span = m.actor2.span if m.actor2 is not None and m.actor2.inter in (6, 7) else None
    m.actor1 = crowd or generic_actor("protesters", country, span)
    m.actor2 = state if m.sub_event_type != "Peaceful protest" else None
    m.reasons.append("a protest's first actor is the protesters")


_DEMONSTRATIONS = ("Protests", "Riots")


def _crowd_reading(m: Mention, verdict: Verdict) -> str | None:
    """"Police resorted to tear gas and opening fire to bring the situation under control": the rules read a
    fight or an attack with the state as the only side; the classifier reads a protest or a riot, torn between
    their sub-types. With no armed group among the sides, the demonstration's kinds together decide."""
    if event_type_of(m.sub_event_type) not in ("Battles", "Violence against civilians"):
        return None
    sides = [a for a in (m.actor1, m.actor2) if a is not None]
    if any(a.inter in (2, 3, 4, 8) for a in sides) or (m.actor1 is not None and m.actor1.inter == 7):
        return None  # an armed group's fight or attack; a civilian hand is no state's crowd control
    if not _tells_a_crowd(m.sentence.text):
        return None  # ("police shot dead three men in a raid": no crowd in it, whatever the words resemble)
    crowd = [(k, p) for k, p in verdict.ranked if not k.startswith(NOT_EVENT) and event_type_of(k) in _DEMONSTRATIONS]
    if not crowd or sum(p for _, p in crowd) < RETYPE_AT:
        return None
    if crowd[0][0] == "Peaceful protest" and m.fatalities:
        return None  # ("gathered to protest after soldiers killed five villagers": the dead are another event's)
    return crowd[0][0]


def _tells_a_crowd(sentence: str) -> bool:
    """Does the sentence tell of a crowd: a word of protest or riot, or of crowd control ("tear gas")?"""
    cues = lexicon()["protest_cues"]
    low = " " + sentence.lower()
    words = [*cues["intervention"], *lexicon()["protest_words"], "riot", "crowd", "mob",
             "demonstrat", "protest", "unrest"]
    return any(f" {w}" in low for w in words)


def _protesters_violent(m: Mention, new_type: str) -> bool:
    """"police used tear gas to disperse stone-throwing protesters": the rules read the demonstrators' own violence,
    which ACLED's types turn on; the classifier, reading the tear gas, may not make it a peaceful protest."""
    if m.sub_event_type != "Violent demonstration" or event_type_of(new_type) != "Protests":
        return False
    low = " " + m.sentence.text.lower()
    return any(f" {cue}" in low for cue in lexicon()["protest_cues"]["protesters_violent"])


def _held_briefly(m: Mention, new_type: str) -> bool:
    """"captured the base briefly": the rules read a clash (ACLED's change of territory holds for more than a day);
    the classifier, reading the capture, may not make it one."""
    if new_type not in _TERRITORY_TYPES:
        return False
    low = " " + m.sentence.text.lower()
    return any(f" {cue}" in low for cue in lexicon()["brief_hold_cues"])


_TERRITORY_TYPES = ("Government regains territory", "Non-state actor overtakes territory")


def _armed_victims(m: Mention, new_type: str) -> bool:
    """"Bandits killed 12 villagers and seven policemen": the words read as an attack on civilians, but the rules
    found a state force or rebels among the targets, and an Attack's target is civilians only (ACLED: a battle)."""
    if new_type != "Attack" or m.sub_event_type != "Armed clash":
        return False
    # ("Gunmen killed two police officers": an attack on an armed force is a battle to ACLED, however one-sided)
    return ARMED_AMONG_VICTIMS in m.reasons or (m.actor2 is not None and m.actor2.inter in (1, 2, 3, 8))


def _organised_sides(m: Mention, new_type: str) -> bool:
    """"Two rival clans fought over grazing land": the words read as a riot, but the rules found an organised side
    (a named group, a clan's or community's militia); ACLED's riot is a crowd's, and such a fight is a battle."""
    return new_type in _RIOTS and m.sub_event_type not in _RIOTS and any(
        a is not None and a.inter in (2, 4) for a in (m.actor1, m.actor2))


def weigh(m: Mention, verdict: Verdict) -> None:
    """A snippet mention's confidence: half the rules' own, half the classifier's belief in its type."""
    m.confidence = round((m.confidence + verdict.probability_of(m.sub_event_type)) / 2, 2)


def event_confidence(m: Mention, verdict: Verdict) -> float:
    """How sure the coder is that an article's mention reports an event that happened.

    The classifier's belief that its sentence reports an ACLED event at all
    (the rules' trigger words also fire on metaphors, history told in passing
    and plans they did not catch), scaled by the rules' own score (how many of
    the event's fields they could fill): a sure trigger in a sentence the
    classifier reads as crime stays low, and so does a sure reading whose
    actors, place and date the rules cannot find.
    """
    return round(verdict.event_probability * (1 - RULES_SHARE + RULES_SHARE * m.confidence), 2)


def wants_sentence_event(verdict: Verdict) -> bool:
    """Does the classifier alone say, surely enough, that a sentence with no trigger word reports an event?"""
    if verdict.sub_event_type is None or verdict.event_probability < ALONE_AT:
        return False
    # Sure of the kind of event, torn between two of its sub-types ("troops entered the rebel-held village after
    # two days of fighting": a clash or ground regained): the kind's mass decides, the likeliest sub-type codes it
    kind = event_type_of(verdict.sub_event_type)
    return sum(p for k, p in verdict.ranked if not k.startswith(NOT_EVENT) and event_type_of(k) == kind) \
        >= ALONE_TYPE_AT


def _as_violence(verdict: Verdict) -> Verdict:
    """The verdict with its crime reading counted as an event: violence that happened, made political by the
    article around the sentence."""
    event = round(min(1.0, verdict.event_probability + verdict.probability_of(CRIME)), 3)
    return Verdict(verdict.kind, verdict.probability, event, verdict.ranked)


def drop_elaborations(mentions: list[Mention]) -> list[Mention]:
    """Sentences that go on about another event, naming neither place nor date of their own.

    "The explosive had been placed in the roof of a shop" follows the report of
    the blast, and a witness's words ("He started shooting in the air") follow
    the report of the shooting: they tell more of that event, not another one.
    Such a sentence (read as an event by the classifier alone, or quoted) is an
    event of its own only in an article that reports no other.
    """
    def elaboration(m: Mention) -> bool:
        own_date = m.when is not None and m.when.span is not None and \
            m.sentence.start <= m.when.span.start < m.sentence.end
        if tells_a_total(m.sentence.text):
            return True  # "In all, four officers were killed in the shootings": the total of those told
        return (m.found_by == "classifier" or m.quoted) and m.place_inherited and not own_date

    if all(elaboration(m) for m in mentions):
        return mentions
    return [m for m in mentions if not elaboration(m)]


_VIOLENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians")


def _lead_for(group: list[Mention], verdict: Verdict) -> Mention:
    """The mention of a sentence that the classifier's reading is about, to be retyped by it: the surest of those
    of the reading's kind of event, or of violence when it reads violence. "Police arrested three men after a bomb
    killed five people" read as a bombing is the killing's reading; the arrest stays an arrest."""
    kind = event_type_of(verdict.sub_event_type) if verdict.sub_event_type else ""
    for fits in ((lambda m: event_type_of(m.sub_event_type) == kind),
                 (lambda m: kind in _VIOLENT_TYPES and event_type_of(m.sub_event_type) in _VIOLENT_TYPES)):
        chosen = [m for m in group if fits(m)]
        if chosen:
            return max(chosen, key=lambda m: m.confidence)
    return max(group, key=lambda m: m.confidence)


def review_mentions(mentions: list[Mention], verdicts: dict[tuple[int, int], Verdict],
                    context: ArticleContext | None = None) -> list[Mention]:
    """Article mode: weigh, retype or drop mentions by what the classifier reads in their sentence.

    `verdicts` holds the classifier's reading of each sentence of the article,
    keyed by the sentence's character span. The classifier reads one sentence;
    the article (`context`) may know more of violence it reads as crime: an armed
    group or a motive named elsewhere makes it political (kept, the crime
    reading counted as violence that happened), and an article that tells it
    as crime keeps it for `demote_private_violence`, which stores it under the
    export threshold with its reason instead of losing it.
    """
    organised = bool(context and context.political)
    told_as_crime = bool(context and not organised and context.crime)
    groups: dict[tuple[int, int], list[Mention]] = {}
    for m in mentions:
        groups.setdefault((m.sentence.start, m.sentence.end), []).append(m)
    dropped: set[int] = set()
    for key, group in groups.items():
        verdict = verdicts.get(key)
        if verdict is None:
            continue
        lead = _lead_for(group, verdict)
        for m in group:
            m.reasons.append(verdict.reason())
            crime_read = verdict.kind == CRIME and verdict.probability >= DROP_AT
            if crime_read and organised:
                m.reasons.append("the classifier reads crime; the article names an armed group or a motive")
                verdict = _as_violence(verdict)
            elif verdict.kind in DROPPABLE and verdict.probability >= DROP_AT and not (crime_read and told_as_crime):
                m.reasons.append(f"dropped: the classifier reads {verdict.kind.split('/', 1)[1]}")
                dropped.add(id(m))
                continue
            new_type = verdict.sub_event_type
            if m is lead and new_type and new_type != m.sub_event_type and verdict.probability >= RETYPE_AT \
                    and not {new_type, m.sub_event_type} <= SIDE_DECIDES and not _armed_victims(m, new_type) \
                    and not _protesters_violent(m, new_type) and not _held_briefly(m, new_type) \
                    and not _organised_sides(m, new_type):
                m.reasons.append(f"retyped from {m.sub_event_type} by the classifier")
                if "Suicide bomb" in (new_type, m.sub_event_type) and not bomber_counted(m.sentence.text):
                    # ACLED: the suicide bomber is one of the dead (the rules counted him for their type only)
                    bombers = bombers_in(m.sentence.text)
                    m.fatalities += bombers if new_type == "Suicide bomb" else -min(m.fatalities, bombers)
                m.sub_event_type = new_type
                if new_type == "Peaceful protest":
                    m.fatalities, m.fatalities_span = 0, None  # (the dead of a grievance, not of the protest)
                _riot_roles(m)
            crowd_type = _crowd_reading(m, verdict)
            if crowd_type is not None:
                m.reasons.append(f"retyped from {m.sub_event_type} by the classifier: a crowd and the state, no armed group")
                m.sub_event_type = crowd_type
                _riot_roles(m)
            m.sub_event_type, why = codebook(m.sub_event_type, m.sentence.text, [m.sub_event_type])
            if why:
                m.reasons.append(why)
            _protest_roles(m)
            m.confidence = event_confidence(m, verdict)
    for group in groups.values():
        _force_on_a_protest([m for m in group if id(m) not in dropped])
    return [m for m in mentions if id(m) not in dropped]


def _force_on_a_protest(group: list[Mention]) -> None:
    """"Taliban fighters fired into the air to disperse dozens of women who had gathered ... to demand": the state's
    force on the crowd and the crowd's gathering, told in one sentence (`group`: its mentions), are one protest event
    with its intervention (ACLED: the protesters actor1, the force actor2; with deaths, excessive force), not an
    attack on civilians."""
    if not any(event_type_of(m.sub_event_type) == "Protests" for m in group):
        return
    low = " " + group[0].sentence.text.lower()
    if not any(f" {cue}" in low for cue in lexicon()["protest_cues"]["intervention"]):
        return  # ("protesters gathered after soldiers killed five villagers": the killing is the grievance)
    for m in group:
        if m.sub_event_type in ("Attack", "Arrests") and m.actor1 is not None and m.actor1.inter == 1 \
                and (m.actor2 is None or m.actor2.inter in (6, 7)):
            m.sub_event_type = "Excessive force against protesters" if m.fatalities else "Protest with intervention"
            m.reasons.append("the force used on a protest told in the same sentence: the protest's intervention")
            _protest_roles(m)
    for m in group:
        if m.sub_event_type == "Peaceful protest" and any(
                o.sub_event_type in ("Protest with intervention", "Excessive force against protesters")
                and o.actor2 is not None and o.actor2.inter == 1 for o in group):
            m.sub_event_type = "Protest with intervention"


# ------------------------------------------------------------ ordinary crime

# The violence of one person against another that ACLED leaves out unless the article shows it is political.
PRIVATE_VIOLENCE = {"Attack", "Armed clash", "Sexual violence", "Abduction/forced disappearance",
                    "Arrests", "Looting/property destruction"}  # a suspect's arrest, a burglary
# Actors that may take part in ordinary crime; any other (a named group, rioters) is organised. (Soldiers are
# among them only in a story that names no political context: one that tells a robbery, whose suspect deserted the
# army; anywhere else "army" or "soldier" makes the story political and nothing is demoted.)
_BYSTANDER_ACTORS = ("Unidentified Armed Group", "Police Forces of", "Civilians (", "Military Forces of")


@lru_cache(maxsize=None)
def _words_pattern(name: str) -> re.Pattern[str]:
    """A lexicon word list as one pattern: "terror*" starts a word, "army" is a whole word or its plural."""
    words = sorted(lexicon()[name], key=len, reverse=True)
    forms = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) + r"(?:s|es)?\b" for w in words]
    return re.compile(r"\b(?:" + "|".join(forms) + ")", re.IGNORECASE)


@dataclass(frozen=True)
class ArticleContext:
    """What the whole article says of its violence, read once: what makes it political or organised (an
    actor, a motive), and what tells it as crime (a suspect, a charge); "" where nothing does."""

    political: str
    crime: str
    accident: str = ""  # what tells the article's blast or fire as an accident, where nothing armed is named
    past_war: str = ""  # the old war whose relic the article is about, where nothing armed is named


# "Police ruled out a gas leak", "it was no accident": an accident named to deny it
_RULED_OUT = re.compile(r"\b(?:ruled? out|ruling out|rules out|not an?|no|denied|excluded)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


def article_context(doc: Doc) -> ArticleContext:
    armed = _words_pattern("armed_context_words").search(doc.text) is not None
    accident = next((m for m in _words_pattern("accident_context_words").finditer(doc.text)
                     if not _RULED_OUT.search(doc.text[max(0, m.start() - 30):m.start()])), None)
    past_war = _words_pattern("past_war_words").search(doc.text)
    return ArticleContext(political_context(doc), crime_context(doc),
                          accident.group(0).lower() if accident and not armed else "",
                          past_war.group(0).lower() if past_war and not armed else "")


_FORMER = {"former", "ex", "retired", "sacked", "dismissed"}


def _a_former_soldier(span) -> bool:
    """"an army deserter", "had deserted the Sri Lanka Army", "a former soldier": a person's past, not a force."""
    doc = span.doc
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    before = [t.lemma_.lower() for t in doc[max(0, span.start - 5):span.start]]
    return after in ("deserter", "deserters", "veteran", "veterans") or "desert" in before or bool(set(before) & _FORMER)


def political_context(doc: Doc) -> str:
    """What in the article makes its violence political or organised ("" when nothing does)."""
    weak = lexicon()["weak_context_actors"]
    # "bank robbers who took three women hostage": where the text calls them robbers, unnamed gunmen and their
    # hostages are a robbery's, not an armed group's
    robbery = _words_pattern("robbery_words").search(doc.text) is not None
    for span in doc.spans.get("actors", []):
        if span.label_ in BYSTANDER_LABELS or span.text.lower() in weak:
            continue
        if robbery and (span.label_ == f"{GENERIC_PREFIX}unidentified" or _a_former_soldier(span)):
            # (a robbery story's suspect "who had deserted the army" makes it no political violence; soldiers who
            # hunt the robbers do)
            continue
        return f"actor '{span.text}'"
    if robbery:
        # ("a gang stabbed the attendant during a robbery" in a story that mentions an election in passing: the text
        # tells a robbery, and a word of politics elsewhere does not make it organised violence)
        return ""
    for found in _words_pattern("political_context_words").finditer(doc.text):
        return f"'{found.group(0).lower()}'"
    return ""


def crime_context(doc: Doc) -> str:
    """What in the article says its violence was crime ("charged with assault", "the suspect"), or ""."""
    found = _words_pattern("crime_context_words").search(doc.text)
    return f"'{found.group(0).lower()}'" if found else ""


_NO_HAND_TYPES = {"Attack", "Armed clash", "Remote explosive/landmine/IED", "Shelling/artillery/missile attack",
                  "Disrupted weapons use", "Grenade", "Looting/property destruction"}


def unknown_hands(mentions: list[Mention], doc: Doc) -> list[Mention]:
    """"The identity of the attackers was not immediately clear": in such a story a telling the coder doubts
    ("Islamist groups ... operate in the area and attack soldiers", background) does not lend its named group to
    the incident it is merged with; its hand becomes an unidentified armed group."""
    if not hand_unknown(doc.text):
        return mentions
    for m in mentions:
        if m.confidence < MIN_CONFIDENCE and m.actor1 is not None and m.actor1.inter in (2, 3, 4) \
                and not m.actor1.name.startswith("Unidentified"):
            m.actor1 = generic_actor("unidentified", m.place.country_iso if m.place else m.actor1.country)
            m.reasons.append("the story says the attackers are unknown: a doubted telling names no hand")
    return mentions


_TRIAL_WORDS = re.compile(r"\b(?:trial|court|tribunal|verdict|prosecutors?|defendants?|testified|testimony|witness|"
                          r"sentenced|convicted|acquitted|hearings?|judges?)\b", re.IGNORECASE)
_TRIAL_STORY_WORDS = 3


def demote_told_at_a_trial(mentions: list[Mention], doc: Doc) -> list[Mention]:
    """"'They came at dawn. My husband tried to run and they shot him,' one witness told the court on Monday": in a
    story about a trial, a deed the text does not date itself (only by the day a witness or a prosecutor spoke) is
    the deed on trial, long past, not the day's news. Kept under the export threshold with its reason."""
    if len({w.lower() for w in _TRIAL_WORDS.findall(doc.text)}) < _TRIAL_STORY_WORDS:
        return mentions
    for m in mentions:
        own_date = m.when is not None and m.when.span is not None and not m.date_inherited
        if not own_date and m.event_type != "Protests":
            m.confidence = min(m.confidence, DEMOTED_CONFIDENCE)
            m.reasons.append("a deed told at a trial, dated only by when it was told: the deed on trial, not news")
    return mentions


def demote_accidents(mentions: list[Mention], context: ArticleContext) -> list[Mention]:
    """A fire at an ammunition depot ("seventeen others, including nine soldiers, were injured"), a Second World War
    bomb found and defused: in an article that tells an accident or an old war's relic and names no armed group,
    attacker or strike anywhere, a blast, a seizure or a casualty count with no named hand is no conflict event.
    Kept under the export threshold with its reason, as ordinary crime is."""
    why = (f"an accident ('{context.accident}')" if context.accident else
           f"a relic of an old war ('{context.past_war}')" if context.past_war else "")
    if not why:
        return mentions
    for m in mentions:
        unnamed = m.actor1 is None or m.actor1.name.startswith("Unidentified") or (
            m.sub_event_type == "Disrupted weapons use" and m.actor1.inter == 1)
        if m.sub_event_type in _NO_HAND_TYPES and unnamed:
            m.confidence = min(m.confidence, DEMOTED_CONFIDENCE)
            m.reasons.append(f"likely {why}: no armed group, attacker or strike named in the article")
    return mentions


def demote_arrests_for_negligence(mentions: list[Mention], doc: Doc) -> list[Mention]:
    """"Police arrested the owner and the manager of the restaurant and registered a case of negligence", "nine
    employees had been detained for questioning" after a fire: the people held for an accident or a business's
    fault are no political arrest (ACLED codes arrests of political or conflict actors). Only where the arrest's
    own sentence names them so and names no armed or political side; kept under the export threshold."""
    held = _words_pattern("responsible_parties")
    sides = _words_pattern("armed_context_words")
    blamed = _words_pattern("accident_context_words").search(doc.text) is not None
    for m in mentions:
        if m.sub_event_type != "Arrests":
            continue
        text = m.sentence.text
        # (the held are named after the arrest's verb, and the story tells an accident or a negligence: not "arrested
        # two employees of the Daily Nation over an article critical of the president")
        found = held.search(text, m.trigger.end - m.sentence.start)
        fault = blamed or re.search(r"\bnegligen", text, re.IGNORECASE) is not None
        if found and fault and not sides.search(text) and not _words_pattern("political_context_words").search(text):
            m.confidence = min(m.confidence, DEMOTED_CONFIDENCE)
            m.reasons.append(f"likely no political arrest: those held are '{found.group(0).lower()}', named for a "
                             f"business's fault or an accident")
    return mentions


def demote_private_violence(mentions: list[Mention], context: ArticleContext) -> list[Mention]:
    """A knife attack in a shop, a motorist shooting at the officers who stopped him, a fighter hurling a
    guardrail at a bus: violence among individuals, police and bystanders, in an article that names no armed
    group, army, protest or political motive anywhere and tells it as crime (a suspect, a charge, a court), is
    ordinary crime. Such a mention is kept (an analyst may know the motive) but its confidence goes below the
    export threshold."""
    crime = context.crime
    if not crime or context.political:
        return mentions
    for m in mentions:
        actors = [a.name for a in (m.actor1, m.actor2) if a is not None]
        if m.actor1 is not None and m.actor1.inter == 1 and m.fatalities:
            continue  # police who kill are coded whatever the victims did ("police shot dead three suspected robbers")
        if m.sub_event_type in PRIVATE_VIOLENCE and all(a.startswith(_BYSTANDER_ACTORS) for a in actors):
            m.confidence = min(m.confidence, DEMOTED_CONFIDENCE)
            m.reasons.append(f"likely ordinary crime: individuals, police and bystanders only, told as crime "
                             f"({crime}), and nothing in the article says it was political or organised")
    return mentions


# ------------------------------------------------------------ anaphora

VIOLENT_TYPES = {"Battles", "Violence against civilians", "Explosions/Remote violence"}


def _same_incident(m: Mention, antecedent: Mention, phrase: str) -> bool:
    if m.when and antecedent.when and m.when.span is not None and antecedent.when.span is not None and (
            m.when.start > antecedent.when.end or antecedent.when.start > m.when.end):
        return False  # a day of its own
    if m.place and antecedent.place and not m.place_inherited and distance_km(
            m.place.latitude, m.place.longitude, antecedent.place.latitude, antecedent.place.longitude) > MAX_KM:
        return False  # a place of its own
    # "the gunman got into a shootout with police": a fight with a side the first event did not have
    sides = {a.name for a in (antecedent.actor1, antecedent.actor2) if a is not None}
    new_side = [a for a in (m.actor1, m.actor2) if a is not None and a.inter in (1, 2, 3, 4, 8)
                and not a.name.startswith("Unidentified") and a.name not in sides]
    # "the gunman fired eight shots": the perpetrator is the earlier event's, whoever the sentence seemed to name
    names_perpetrator = phrase.lower().split()[-1] in lexicon()["anaphoric_perpetrators"]
    return not (new_side and (event_type_of(m.sub_event_type) == "Battles" or
                              (new_side[0] is m.actor1 and not names_perpetrator)))


_TIME_APART = re.compile(r"\b(?:days?|weeks?|hours?|months?|years?)\s+(?:after|before|earlier|later|ago)\b",
                         re.IGNORECASE)


def _new_incident_before(sentence: str, phrase: str) -> bool:
    """Does the sentence say, before its definite phrase, that this is another incident or a reply to the first?"""
    if _TIME_APART.search(sentence):
        return True  # "The latest attack comes two days after 26 civilians were killed": the deed is another one
    before = re.findall(r"[a-z]+", sentence[:sentence.find(phrase)].lower())
    # a marker anywhere before ("In a separate incident, the militants"); a reply word governing the phrase
    # itself ("In response to the attack, troops shelled"), not one further back ("After shooting the
    # ambassador, the gunman ...", where the gunman is the first event's)
    return bool(set(before) & set(lexicon()["new_event_markers"])) or bool(set(before[-2:]) & set(lexicon()["reply_words"]))



def fold_anaphora(mentions: list[Mention]) -> list[Mention]:
    """Code a sentence that names an event already told ("The attack left one officer dead before police shot
    the attacker") as that event: its type and actors become the earlier mention's, so that merging joins them
    and the event keeps its toll and its evidence, not a second event with roles read from a detail.
    """
    ordered = sorted(mentions, key=lambda m: m.sentence.start)
    antecedent: Mention | None = None
    for m in ordered:
        if event_type_of(m.sub_event_type) not in VIOLENT_TYPES:
            continue
        phrase = refers_back(m.sentence.text)
        if phrase and _new_incident_before(m.sentence.text, phrase):
            phrase = ""  # "In a separate incident, the militants ...", "In response to the attack, troops ..."
        if antecedent is not None and phrase and m.sentence.start > antecedent.sentence.start \
                and m.sentence.start - antecedent.sentence.end <= ANAPHORA_REACH and _same_incident(m, antecedent, phrase):
            if (m.sub_event_type, m.actor1, m.actor2) != (antecedent.sub_event_type, antecedent.actor1,
                                                          antecedent.actor2):
                # (merging reads the reason as the link to that event: "the militants" after "an attack by
                # militants"; where the fields agree already, the phrase may name the event told before while the
                # sentence tells another: "the latest attack comes two days after 26 civilians were killed")
                m.reasons.append(anaphor_reason(phrase, antecedent.sentence.text) + ": coded with it")
                m.sub_event_type, m.actor1, m.actor2 = antecedent.sub_event_type, antecedent.actor1, antecedent.actor2
            continue
        if antecedent is not None and phrase and m.sentence.start > antecedent.sentence.start \
                and phrase.lower().split()[-1] in lexicon()["anaphoric_perpetrators"] and antecedent.actor1 is not None \
                and m.actor2 is not None and m.actor2.name.startswith("Unidentified") \
                and m.sentence.start - antecedent.sentence.end <= ANAPHORA_REACH:
            # "Pakistani peacekeepers repelled the attackers": a fight of its own with a new side, whose other side
            # is the hand of the attack told before, not an unidentified group
            m.actor2 = antecedent.actor1
            m.reasons.append(f"'{phrase}' are the hand of the event told in '{antecedent.sentence.text[:60]}'")
        antecedent = m
    return mentions
