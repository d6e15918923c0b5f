"""The trigger lexicon: triggers.yaml as the lookups the extract stage uses.

Verbs and nouns by event class, the verbs that make a noun a deed ("launched
an attack"), objects some verbs need to be events ("took control"), weapon
words by ACLED sub-event type, and the cue lists that decide protest kinds and
peaceful transfers.
"""
from __future__ import annotations

import re
from functools import lru_cache

from . import load_yaml


@lru_cache(maxsize=1)
def lexicon() -> dict:
    data = load_yaml("triggers.yaml")
    verbs: dict[str, str] = {}
    nouns: dict[str, str] = {}
    for cls, words in data["classes"].items():
        for w in words.get("verbs", []):
            verbs.setdefault(w.lower(), cls)
        for w in words.get("nouns", []):
            nouns.setdefault(w.lower(), cls)
    return {
        "verbs": verbs,
        "nouns": nouns,
        "perform": set(data["nominal_support"]["perform"]),
        "occur": set(data["nominal_support"]["occur"]),
        "embark": set(data["nominal_support"]["embark"]),
        "join": set(data["nominal_support"]["join"]),
        "in_protest_deeds": set(data["nominal_support"]["in_protest_deeds"]),
        "verb_objects": {k: set(v) for k, v in data["verb_objects"].items()},
        "bare_crowds": set(data["bare_crowds"]),
        "protest_words": {w.lower() for part in ("verbs", "nouns") for w in data["classes"]["protest"][part]} - {"disperse"},
        "abstract_objects": {k: set(v) for k, v in data["abstract_objects"].items()},
        "structures": {k: set(v) for k, v in data["structures"].items()},
        "filmed_objects": {k: set(v) for k, v in data["filmed_objects"].items()},
        "intransitive_only": set(data["intransitive_only"]),
        "irregular_forms": dict(data["irregular_forms"]),
        "signed_accords": set(data["signed_accords"]),
        "commercial_deal_words": set(data["commercial_deal_words"]),
        "hand_adjectives": set(data["hand_adjectives"]),
        "metaphor_particles": {k: set(v) for k, v in data["metaphor_particles"].items()},
        "instruments": data["instruments"],
        "civilian_targets": set(data["civilian_targets"]),
        "state_weapon_nouns": set(data["state_weapon_nouns"]),
        "protest_cues": data["protest_cues"],
        "brief_hold_cues": data["brief_hold_cues"],
        "peaceful_transfer_cues": data["peaceful_transfer_cues"],
        "disrupt_verbs": set(data["disrupt"]["verbs"]),
        "weapon_objects": set(data["disrupt"]["objects"]),
        "protest_subjects": set(data["protest_subjects"]),
        "not_violence_causes": set(data["not_violence_causes"]),
        "weapon_use_verbs": set(data["weapon_use_verbs"]),
        "throwing_verbs": set(data["throwing_verbs"]),
        "crowd_projectiles": set(data["crowd_projectiles"]),
        "protest_subject_verbs": set(data["protest_subject_verbs"]),
        "crowd_subjects": set(data["crowd_subjects"]),
        "crowd_verbs": set(data["crowd_verbs"]),
        "crowd_purposes": set(data["crowd_purposes"]),
        "street_words": set(data["street_words"]),
        "unnamed_armed_words": list(data["unnamed_armed_words"]),
        "under_attack_nouns": set(data["under_attack_nouns"]),
        "sport_words": set(data["sport_words"]),
        "sport_story_words": set(data["sport_story_words"]),
        "drill_story_words": set(data["drill_story_words"]),
        "relief_purposes": set(data["relief_purposes"]),
        "total_cues": tuple(data["total_cues"]),
        "breakdown_cues": tuple(data["breakdown_cues"]),
        "unconfirmed_toll_cues": tuple(data["unconfirmed_toll_cues"]),
        "accident_compounds": set(data["accident_compounds"]),
        "accident_causes": set(data["accident_causes"]),
        "accident_verbs": set(data["accident_verbs"]),
        "political_context_words": tuple(data["political_context_words"]),
        "crime_context_words": tuple(data["crime_context_words"]),
        "robbery_words": tuple(data["robbery_words"]),
        **{name: tuple(data[name]) for name in ("accident_context_words", "armed_context_words", "past_war_words",
                                                "responsible_parties")},
        "protest_deeds": set(data["protest_deeds"]),
        "weak_context_actors": set(data["weak_context_actors"]),
        **{name: tuple(data[name]) for name in ("anaphoric_event_nouns", "anaphoric_perpetrators",
                                                "new_event_markers", "reply_words")},
        "anaphora_families": [tuple(f) for f in data["anaphora_families"]],
        "weapon_words": {w.lower() for ws in data["instruments"].values() for w in ws if " " not in w},
        "headline_passive_verbs": set(data["headline_passive_verbs"]),
        "abduction": {"verbs": set(data["abduction"]["verbs"]), "objects": set(data["abduction"]["objects"])},
        "class_of_type": dict(data["class_of_type"]),
        **{name: set(data[name]) for name in ("direct_harm", "consequence_verbs", "toll_verbs", "exchange_verbs",
                                              "exchanged_people", "territorial_object_verbs", "means_verbs",
                                              "ground_objects", "unnamed_people", "civilian_camp_words",
                                              "death_cause_verbs", "take_lives_verbs", "parade_nouns",
                                              "marching_forces", "air_force_nouns")},
    }


def modality_words() -> set[str]:
    """Every word of modality.yaml (plans, denials, attempts, reports): lemmas the parser must not cut."""
    return {w.lower() for words in load_yaml("modality.yaml").values() if isinstance(words, list)
            for w in words if isinstance(w, str)}


def bomber_counted(sentence: str) -> bool:
    """"killing 12 people, including the bomber": the toll already holds the bomber."""
    low = sentence.lower()
    return any(cue in low for cue in ("including the bomber", "including the attacker", "including the suicide"))


# the count right before "bombers", or in the subject of "blew themselves up" (not "killing 12 worshippers including
# three women": the dead, not the bombers)
_BOMBERS = re.compile(r"\b(two|three|four|five|[2-9])\s+(?:[\w-]+\s+){0,2}?(?:suicide\s+)?bombers\b|"
                      r"\b(two|three|four|five|[2-9])\s+(?:[\w-]+\s+){0,2}?(?:attackers|assailants|men|women|girls|"
                      r"boys|teenagers|militants)\b[^.;]{0,60}?\bblew themselves up", re.IGNORECASE)
_FEW = {"two": 2, "three": 3, "four": 4, "five": 5}


def bombers_in(sentence: str) -> int:
    """How many suicide bombers died: "two young men wearing explosive belts blew themselves up", "three suicide
    bombers"; one unless the sentence counts them (ACLED counts each bomber among the dead)."""
    low = sentence.lower()
    if "themselves up" not in low and "suicide bombers" not in low:
        return 1
    found = _BOMBERS.search(sentence)
    if found is None:
        return 1
    word = (found.group(1) or found.group(2)).lower()
    return _FEW.get(word) or int(word)


def tells_a_total(sentence: str) -> bool:
    """"In all, four officers were killed in the shootings": the sentence totals events told before it."""
    return sentence.lower().lstrip().startswith(lexicon()["total_cues"])


@lru_cache(maxsize=1)
def _breakdown_pattern() -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(map(re.escape, lexicon()["breakdown_cues"])) + r")\b", re.IGNORECASE)


def unconfirmed_toll(sentence: str) -> bool:
    """"another official, speaking on condition of anonymity, said 11 were killed": an estimate, not a count."""
    low = sentence.lower()
    if re.search(r"\b(?:rose|risen|rise|rising|climbed|climbing|jumped|increased) to\b", low):
        return False  # "the toll rose to 12, an official who asked not to be named said": the update
    low = re.sub(r"\ban estimated\b", "", low)  # "an estimated 20 people were killed": agency wording for a count
    return any(re.search(rf"\b{re.escape(cue)}\b", low) for cue in lexicon()["unconfirmed_toll_cues"])


@lru_cache(maxsize=1)
def _vague_words() -> frozenset[str]:
    return frozenset(str(k) for k in load_yaml("numbers.yaml")["vague_quantities"])


def vague_figure(text: str) -> bool:
    """"many soldiers dead", "dozens killed": a figure told by a word of quantity, with no count in it."""
    low = text.lower()
    words = re.findall(r"[a-z]+", low)
    if re.search(r"\b(?:a|one)\s+(?:dozen|hundred|thousand)\b", low):
        return False  # "a dozen" is twelve
    return not any(ch.isdigit() for ch in low) and any(w in _vague_words() for w in words) and not any(
        w in _COUNT_WORDS for w in words)


_COUNT_WORDS = frozenset("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
                         "sixteen seventeen eighteen nineteen twenty thirty forty fifty".split())


def breaks_a_toll_down(sentence: str) -> bool:
    """"killing 10 people, including six soldiers": the figures told after it by kind are part of this one."""
    return bool(_breakdown_pattern().search(sentence))


@lru_cache(maxsize=1)
def _anaphora_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    lex = lexicon()
    nouns = "|".join(sorted(lex["anaphoric_event_nouns"] + lex["anaphoric_perpetrators"], key=len, reverse=True))
    markers = "|".join(lex["new_event_markers"])
    # ("that" is left out: it is more often "said that gunmen ..." than a determiner)
    definite = re.compile(rf"\b(?:the|this|these|[a-z]+day's)\s+(?:(?P<mod>[\w-]+)\s+)?(?:{nouns})\b",
                          re.IGNORECASE)
    return definite, re.compile(rf"^(?:{markers})$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _another_incident_pattern() -> re.Pattern[str]:
    nouns = "|".join(sorted(lexicon()["anaphoric_event_nouns"], key=len, reverse=True))
    return re.compile(rf"\b(?:another|a separate|an unrelated|a different|a second)\s+(?:[\w-]+\s+)?(?:{nouns})\b"
                      r"|\b(?:separately|elsewhere)\b", re.IGNORECASE)


def tells_another_incident(sentence: str) -> bool:
    """"This came after another clash Tuesday in Yei killed 4 soldiers", "Elsewhere, two traders were shot": the
    sentence tells an incident of its own."""
    return _another_incident_pattern().search(sentence) is not None


def refers_back(sentence: str) -> str:
    """The definite phrase by which a sentence names an event already told ("The attack", "the gunman"), or ""."""
    definite, new = _anaphora_patterns()
    for found in definite.finditer(sentence):
        if not (found.group("mod") and new.match(found.group("mod"))):
            return found.group(0)
    return ""


def same_kind(phrase: str, sentence: str) -> bool:
    """Does `sentence` tell the kind of thing a definite `phrase` names ("the gunman" ~ "opened fire")?"""
    noun = phrase.lower().split()[-1]
    words = re.findall(r"[a-z]+", sentence.lower())
    for family in lexicon()["anaphora_families"]:
        if any(noun.startswith(f) or f.startswith(noun[:4]) for f in family):
            if any(w.startswith(f) for w in words for f in family):
                return True
    return False


# What says the story does not know whose the attack was.
_HAND_UNKNOWN = re.compile(
    r"identity of the (?:attackers|assailants|gunmen|perpetrators|bombers?)\b[^.]{0,30}\b(?:not|unclear|unknown)"
    r"|\bno (?:group|one) (?:has |had )?(?:yet |immediately )?(?:claimed|taken) (?:responsibility|the (?:attack|bombing|"
    r"blast|killings?|kidnapping|abduction|ambush)|this (?:attack|bombing|blast|ambush))", re.IGNORECASE)


def hand_unknown(text: str) -> bool:
    """Does the story say it does not know whose the attack was ("the identity of the attackers was not clear")?"""
    return _HAND_UNKNOWN.search(text) is not None


# A figure told as an update of one before ("the toll had risen to 14", "police later said nine"), not a rival count
_UPDATE = re.compile(r"\b(?:rose|risen|rise|rising|climbed|climb|increased|jumped|mounted|reached|later|now|updated|"
                     r"revised|since died|succumbed)\b", re.IGNORECASE)
# (a count's words: "one soldier" counts no group against another)
_NUMBER_WORDS = _COUNT_WORDS - {"one"} | {"dozen", "dozens"}


def tells_an_update(sentence: str) -> bool:
    return bool(_UPDATE.search(sentence))


_ATTRIBUTED = re.compile(r"\b(?:said|says|told|reported|according to|put the|counted|stated|quoted)\b", re.IGNORECASE)


def attributed(sentence: str) -> bool:
    """Does the sentence say who gives its figure ("rescuers said", "according to a health source")? Two sources'
    figures may rival each other; an untold part ("The first bomber killed six people") does not."""
    return bool(_ATTRIBUTED.search(sentence))


def counted_victims(figure: str) -> str:
    """The word for whom a figure counts ("killing three civilians": civilians); "people" when it names no one, and
    "" for a part of another figure ("five of the dead")."""
    words = re.findall(r"[a-z-]+|\d+", figure.lower())
    for k, w in enumerate(words):
        if (w.isdigit() or w in _NUMBER_WORDS) and k + 1 < len(words):
            following = words[k + 1]
            if following in ("of", "among") and k + 2 < len(words) and words[k + 2] in ("the", "them", "those", "whom"):
                return ""
            if following in lexicon()["unnamed_people"] or following in ("dead", "killed", "were", "had", "have", "died"):
                return "people"
            return following
    return "people"


def rival_counts(a: str, b: str) -> bool:
    """Two figures count the same dead: the same word, or one that names no one ("five people" beside "three
    civilians"); not "eight militants" beside "two civilians", nor a part of a figure."""
    return bool(a and b) and (a == b or a == "people" or b == "people")
