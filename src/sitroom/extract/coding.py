"""coding: a frame's class plus its resolved actors -> an ACLED sub-event type.

The rules follow the ACLED codebook: the weapon decides among explosions,
the victim decides between an armed clash and violence against civilians, the
winner's status decides which side "regained" territory, and what the police
did decides the kind of protest.
"""
from __future__ import annotations

import re

from spacy.tokens import Span as SpacySpan, Token

from ..knowledge.actors import attack_mode
from ..knowledge.lexicon import lexicon
from ..records import Actor
from .frames import Frame, toll_told
from .modality import remembering_words
from .verb_class import head_of_quantity

ARMED = {1, 2, 3, 4, 8}


def instrument(frame: Frame) -> str:
    """The explosion sub-type named near the trigger, by ACLED precedence."""
    window = _window_text(frame)
    for sub_type, words in lexicon()["instruments"].items():
        for word in words:
            if f" {word.lower()} " in window:
                return sub_type
    return ""


def _window_text(frame: Frame) -> str:
    """The trigger's clause: its subtree, plus the anchor's for nouns."""
    tokens = set(frame.trigger.subtree) | set(frame.anchor.subtree) | {frame.trigger, frame.anchor}
    if frame.trigger.dep_ in ("conj", "xcomp", "advcl"):
        tokens |= set(frame.trigger.head.children)
    if frame.trigger.dep_ == "acl":
        tokens.add(frame.trigger.head)  # "a wave of bombings targeting outdoor markets": the bombings did it
    for seizing in [t for t in tokens if t.lemma_.lower() in _SEIZING and t.i not in (frame.trigger.i, frame.anchor.i)
                    and not t.is_ancestor(frame.trigger) and not t.is_ancestor(frame.anchor)]:
        # "the suspects opened fire ..., and two suicide jackets were recovered": arms found are not the weapon used
        tokens -= set(seizing.subtree)
    ordered = sorted(tokens, key=lambda t: t.i)
    # Both surface forms and lemmas, so "air strikes" finds "air strike".
    return " " + " ".join(t.lower_ for t in ordered) + " | " + " ".join(t.lemma_.lower() for t in ordered) + " "


_SEIZING = {"recover", "seize", "confiscate", "defuse", "find", "discover", "impound"}


# a crowd this many strong or more is a mob when it attacks
MOB_SIZE = 20


def _a_crowd(agent) -> bool:
    """"a mob", "villagers", "around 100 people": many hands, no organisation (not "two men")."""
    if agent is None:
        return False
    if agent.lemma_.lower() in _crowds() | {"mob"}:
        return True
    counted = [int(c.text.replace(",", "")) for c in agent.children
               if c.dep_ == "nummod" and c.text.replace(",", "").isdigit()]
    return any(n >= MOB_SIZE for n in counted) or any(
        c.lower_ in ("hundreds", "dozens", "scores", "thousands") for c in agent.subtree)


def _crowds() -> set[str]:
    """Plural nouns for a crowd ("youths", "villagers"), as lemmas too."""
    words = lexicon()["crowd_subjects"]
    return (set(words) | {w[:-1] for w in words if w.endswith("s")}) - {"people", "member", "members", "woman", "women"}


def _not_remembered(sentence: SpacySpan) -> SpacySpan:
    """The sentence up to the words under which it remembers a deed: "mourners gathered to mark the anniversary of
    the day gunmen killed 30 students" tells of a gathering, not of a killing at it."""
    words = remembering_words()
    cut = next((t.i for t in sentence if t.lemma_.lower() in words), sentence.end)
    return sentence.doc[sentence.start:cut]


_TIME_NOUNS = {"prayer", "prayers", "noon", "midday", "sermon", "service", "mass", "dawn", "dusk", "sunset", "iftar",
               "work", "school", "class", "classes", "lunch", "dark", "nightfall", "midnight", "sunrise", "vigil"}


def _a_time(prep: Token) -> bool:
    """"took to the streets after noon prayers", "following Friday prayers": a time of the day, not the grievance or
    the deed a protest answers ("after soldiers killed five villagers")."""
    objects = [g for g in prep.children if g.dep_ == "pobj"]
    # (not "after the funeral service for three students shot dead by police": a grievance told inside the phrase)
    told = [t for t in prep.subtree if t.pos_ == "VERB" or t.lemma_.lower() in _GRIEF_WORDS]
    return prep.dep_ == "prep" and bool(objects) and not told and all(
        g.lemma_.lower() in _TIME_NOUNS or g.lower_ in _TIME_NOUNS or g.ent_type_ in ("DATE", "TIME") for g in objects)


_GRIEF_WORDS = {"funeral", "death", "killing", "murder", "burial", "dead"}


_STAYING_AWAY = {"close", "shut", "boycott", "strike", "suspend"}


def _closed_in_protest(trigger: Token) -> bool:
    """"Traders closed their shops for two hours in protest at ...", "stayed home in protest": a shutdown or a
    boycott, with no gathering, told by "in protest"; ACLED codes no strike or closure without a demonstration."""
    prep = trigger.head
    return trigger.lower_ in ("protest", "protests") and trigger.dep_ == "pobj" and prep.lower_ == "in" \
        and prep.head.lemma_.lower() in _STAYING_AWAY


def _crowd_left_by_itself(sentence: SpacySpan) -> bool:
    """"The crowd dispersed peacefully": "disperse" with the crowd as its active subject and nothing dispersed by
    anyone (no object, no passive) tells the protest's end, not its breaking up."""
    return any(t.lemma_.lower() == "disperse" and any(c.dep_ == "nsubj" for c in t.children)
               and not any(c.dep_ in ("dobj", "nsubjpass", "auxpass", "agent") for c in t.children)
               for t in sentence)


def _has_cue(sentence: SpacySpan, cues: list[str]) -> bool:
    text = " " + sentence.text.lower() + " "
    return any(f" {c}" in text for c in cues)


# The reason a mention carries when a state force or rebels among an attack's victims made it a battle
# ("killed 12 villagers and seven policemen"): the classifier, reading an attack on civilians, may not retype it.
ARMED_AMONG_VICTIMS = "a force among the victims: a battle"


def _protesters_held(frame: Frame) -> bool:
    """The detained are protesters: called so ("dozens of demonstrators"), or protest's people ("activists",
    "supporters") told as doing what protests do ("activists who tried to paralyze traffic")."""
    held = frame.patient
    if held is None or held.i < frame.trigger.i:
        return False  # "protesters arrested" in a headline is read elsewhere; the subject is the arresting side
    counted = head_of_quantity(held)  # "dozens of protesters"
    lex = lexicon()
    if counted.lower_ in lex["protest_subjects"] - {"activists", "supporters", "strikers"}:
        return True
    if counted.lower_ not in lex["protest_subjects"]:
        return False
    clauses = [c for c in counted.children if c.dep_ in ("relcl", "acl")]
    # ("detained 20 activists in Lahore on Tuesday who had been holding a sit-in": the parser hangs a relative clause
    # set off by the time and place on the verb)
    clauses += [c for c in frame.trigger.children if c.dep_ in ("ccomp", "advcl", "relcl") and c.i > counted.i
                and any(g.dep_ == "nsubj" and g.lower_ in ("who", "that") for g in c.children)]
    protest_nouns = {n for n, kind in lex["nouns"].items() if kind == "protest"}
    for c in clauses:
        if any(t.pos_ == "VERB" and t.lemma_.lower() in lex["protest_deeds"] for t in c.subtree):
            return True
        words = re.findall(r"[\w-]+", c.doc[c.left_edge.i:c.right_edge.i + 1].text.lower())  # ("a sit-in")
        if any(w in protest_nouns or w.rstrip("s") in protest_nouns for w in words):
            return True
    return False


def code(frame: Frame, actor1: Actor | None, actor2: Actor | None, patient_is_civilian_place: bool) -> str | None:
    """The sub-event type, or None when the frame is not an ACLED event."""
    if frame.sub_event_type is not None:
        return frame.sub_event_type  # the classifier's, for a sentence no trigger word covers
    if frame.toll_only and toll_told(frame.trigger) is not None:
        return "Attack"  # "the death toll rose to 23": a figure for the event told before, whose type it takes
    cls = frame.cls
    lemma = frame.trigger.lemma_.lower()
    weapon = instrument(frame)
    target = actor2.inter if actor2 else 0
    if cls == "attack" and " sexual" in _window_text(frame):
        return "Sexual violence"
    if cls in ("attack", "shelling", "explosion"):
        if lemma == "bomb" and frame.trigger.pos_ == "VERB" and actor1 is not None and actor1.inter in (1, 8) \
                and weapon in ("", "Remote explosive/landmine/IED"):
            return "Air/drone strike"  # "Russia bombed the city": a state bombs from the air; IEDs are planted
        if weapon:
            return weapon
        if cls == "shelling":
            return "Shelling/artillery/missile attack"
        if cls == "explosion":
            return "Remote explosive/landmine/IED"
        if target == 7 or patient_is_civilian_place:
            return "Attack"
        if attack_mode(actor1) == "air":
            return "Air/drone strike"
        if actor1 and actor1.inter == 5 or lemma == "lynch":
            return "Mob violence"
        if actor1 and actor1.inter == 6:
            return "Violent demonstration"
        if target in ARMED:
            return "Armed clash"
        if target == 6:
            cues = lexicon()["protest_cues"]
            if _has_cue(frame.sentence, cues["protesters_violent"]):
                return "Violent demonstration"  # "fired tear gas at protesters who threw stones": a riot policed
            if _has_cue(frame.sentence, cues["intervention"]) and not _has_cue(
                    frame.sentence, cues["excessive_force"] + cues["serious_injury"]):
                # "police fired tear gas at protesters": dispersal; ACLED's excessive force kills or seriously injures
                return "Protest with intervention"
            return "Excessive force against protesters"
        if lemma in lexicon()["direct_harm"]:
            return "Attack"
        if actor1 is not None and actor1.inter == 7 and _a_crowd(frame.agent) and frame.patient is not None:
            # "around 100 people armed with sticks and stones attacked a Roma camp" (not "workers strike": no one hit)
            return "Mob violence"
        # a battle needs an armed side: "doctors strike", "residents hit out" with no armed target is none
        return "Armed clash" if actor1 and actor1.inter != 7 else None
    if cls == "clash":
        if any(a is not None and a.inter in (5, 6) for a in (actor1, actor2)):
            return "Violent demonstration"  # "protesters were killed in clashes with police": a riot, not a battle
        return "Armed clash"
    if cls == "abduct":
        return "Abduction/forced disappearance"
    if cls == "sexual":
        return "Sexual violence"
    if cls == "arrest":
        # ACLED: arrests at a protest are the protest ("police detained 65 activists who tried to block traffic")
        return "Protest with intervention" if _protesters_held(frame) else "Arrests"
    if cls in ("territory_gain", "territory_loss"):
        winner = actor1
        if winner is None:
            return None
        if _has_cue(frame.sentence, lexicon()["brief_hold_cues"]):
            return "Armed clash"  # "captured the base briefly": ACLED's change of territory holds for more than a day
        return "Government regains territory" if winner.inter == 1 else "Non-state actor overtakes territory"
    if cls == "protest":
        if _closed_in_protest(frame.trigger):
            return None
        cues = lexicon()["protest_cues"]
        told = _not_remembered(frame.sentence)
        # ("gathered to protest after soldiers killed five villagers": the killing is the grievance, not force used
        # on the protest)
        cut = next((t.i for t in told if t.i > frame.trigger.i and t.lower_ in ("after", "following", "over")
                    and t.dep_ in ("mark", "prep") and not _a_time(t)), told.end)
        told = told.doc[told.start:cut]
        if _has_cue(told, cues["protesters_violent"]):
            return "Violent demonstration"  # "police used tear gas to disperse stone-throwing protesters"
        if _has_cue(told, cues["excessive_force"]):
            return "Excessive force against protesters"
        intervention = cues["intervention"]
        left_by_itself = _crowd_left_by_itself(told)
        if left_by_itself:
            # "the march ended without incident and the crowd dispersed by 1pm": nobody broke it up
            intervention = [c for c in intervention if not c.startswith("dispers")]
        if _has_cue(told, intervention) or (frame.trigger.lemma_.lower() == "disperse" and not left_by_itself):
            # ("used bombs of moral effect to disperse the demonstrators": dispersing a protest is intervening in it)
            return "Protest with intervention"
        if _has_cue(told, cues["violent"]):
            return "Violent demonstration"
        return "Peaceful protest"
    if cls == "riot":
        return "Violent demonstration"
    if cls == "destroy":
        if weapon in ("Air/drone strike", "Shelling/artillery/missile attack") or attack_mode(actor1) == "air":
            return weapon or "Air/drone strike"
        # ACLED: what rioters or a crowd wreck is a riot, not a strategic development
        if actor1 and actor1.inter == 6:
            return "Violent demonstration"
        if (actor1 and actor1.inter == 5) or ((actor1 is None or actor1.inter == 7) and frame.agent is not None
                                              and frame.agent.lemma_.lower() in _crowds()):
            return "Mob violence"
        return "Looting/property destruction"
    return {
        "agreement": "Agreement",
        "exchange": "Agreement",
        "hq": "Headquarters or base established",
        "disrupt": "Disrupted weapons use",
        "transfer": "Non-violent transfer of territory",
        "change": "Change to group/activity",
        "other": "Other",
    }.get(cls)
