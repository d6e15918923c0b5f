"""extract: a parsed article -> event frames (trigger, roles, modality).

A frame is one reported action: the trigger word and its class from
triggers.yaml, the token that carries its tense and scope (the anchor), the
agent and patient phrases found in the dependency parse, and whether the
report asserts that it happened. resolve turns frames into Mentions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from spacy.tokens import Doc, Span as SpacySpan, Token

from ..knowledge import load_yaml
from ..knowledge.actors import BYSTANDER_LABELS, GENERIC_PREFIX
from ..knowledge.lexicon import lexicon, tells_another_incident
from .modality import Factuality, claimed_deed, factuality, noun_under_plan, report_verbs, war_nouns
from .verb_class import gunfire, instrument_noun, relative_head, under_attack, verb_class

ATTACK_LIKE = {"attack", "clash", "shelling", "explosion", "territory_gain"}
_AGENT_DEPS = ("nsubj",)
_PATIENT_DEPS = ("dobj", "nsubjpass", "attr")
_PATIENT_PREPS = {"on", "against", "at", "upon", "into", "with", "between", "to"}
_INHERIT_SUBJECT = {"conj", "xcomp", "pcomp", "advcl", "prep", "pobj", "acl"}
_TIME_ENTITIES = ("DATE", "TIME")


@dataclass
class Frame:
    trigger: Token
    cls: str
    anchor: Token
    sentence: SpacySpan
    factuality: Factuality
    agent: Token | None = None
    patient: Token | None = None
    extra_patients: list[Token] = field(default_factory=list)
    nominal: bool = False
    in_title: bool = False
    # "Nine militants were killed": a death with no one named doing it, which
    # usually gives the toll of an event told in a sentence next to it.
    toll_only: bool = False
    # Set when the classifier alone found the event (no trigger word covers it):
    # its type is the classifier's, and the trigger is the sentence's main verb.
    sub_event_type: str | None = None
    # The report says an attack was made but not by whom ("came under fire"): ACLED's unidentified group.
    attacker_unknown: bool = False

    @property
    def factual(self) -> bool:
        return self.factuality.factual


def _nominal_anchor(tok: Token) -> Token | None:
    """The verb that makes a trigger noun a deed ("launched attacks", "clashes broke out")."""
    lex = lexicon()
    head = tok.head
    if tok.dep_ in ("dobj", "conj") and head.pos_ in ("VERB", "AUX"):
        if head.lemma_.lower() in lex["perform"]:
            return head
    if tok.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in lex["occur"]:
        if head.lemma_.lower() == "take" and any(c.dep_ == "dobj" and c.lower_ == "place" for c in head.children):
            return head  # "the shootout took place in Tepochica": no taking of ground
        if head.lemma_.lower() in lex["verbs"]:
            return None  # the verb is itself a trigger and will carry this noun as its instrument
        return head
    if tok.dep_ == "nsubj" and head.lemma_ == "be" and any(c.dep_ == "prep" and c.lower_ == "between"
                                                           for c in head.children):
        return head  # "the clashes were between the Radaa force and the Revolutionary Brigade"
    if tok.dep_ == "pobj" and head.lower_ == "on" and head.head.lemma_.lower() in lex["embark"]:
        if tok.lower_ in ("strike", "strikes") and not any(c.dep_ in ("det", "amod", "compound") for c in tok.children):
            return None  # "workers went on strike": a stoppage of work, which ACLED does not code
        return head.head
    if tok.dep_ == "pobj" and head.lower_ in _DIED_IN and _dies(head.head):
        return head.head  # "five people died in clashes between herders and farmers": the clash is the deed
    if tok.dep_ == "pobj" and head.lower_ in _DIED_IN and head.head.pos_ == "VERB" \
            and lex["nouns"].get(tok.lemma_.lower()) == "clash" \
            and any(c.dep_ == "prep" and c.lower_ in ("with", "between") for c in tok.children):
        # "security forces fired tear gas on Saturday in clashes with protesters": the deed was done in the clash
        return head.head
    if lex["nouns"].get(tok.lemma_.lower()) == "protest" and (
            (tok.dep_ == "dobj" and head.lemma_.lower() in lex["join"])
            or (tok.dep_ == "pobj" and head.lower_ == "in" and head.head.lemma_.lower() in lex["join"])):
        return head if tok.dep_ == "dobj" else head.head
    if lex["nouns"].get(tok.lemma_.lower()) == "protest" and tok.dep_ == "pobj" and head.lower_ == "in" \
            and not any(c.dep_ in ("det", "poss", "amod") for c in tok.children) and head.head.pos_ == "VERB" \
            and head.head.lemma_.lower() in lex["in_protest_deeds"]:
        return head.head  # "placed coffins at the gates in protest": the deed is the protest
    if tok.dep_ == "conj" and head.pos_ == "NOUN":
        return _nominal_anchor(head)
    if tok.dep_ == "ROOT" or (tok.dep_ in ("nsubj", "dep") and tok.head.dep_ == "ROOT" and tok.sent.root.pos_ != "VERB"):
        # A headline or fragment made of the noun itself ("Airstrike on market in Idlib")
        if any(c.dep_ == "prep" and c.lower_ in ("on", "in", "near", "against") for c in tok.children):
            return tok
    return None


_DIED_IN = {"in", "during"}  # not "after": "died in hospital after an attack" tells where, not in what


def _dies(verb: Token) -> bool:
    """"died", "perished", "lost their lives"."""
    lemma = verb.lemma_.lower()
    return lemma in ("die", "perish") or lemma == "lose" and any(
        c.dep_ == "dobj" and c.lemma_.lower() == "life" for c in verb.children)


_SCORE = re.compile(r"(?<![\d-])\d{1,2}\s?-\s?\d{1,2}(?![\d-])")


def _sport_result(sent: SpacySpan) -> bool:
    """"beat Enppi 1-0", "the home side won 3-2": a match result, whatever its verbs."""
    return bool(_SCORE.search(sent.text)) and any(t.lower_ in lexicon()["sport_words"] for t in sent)


def _deaths_caused(tok: Token) -> Token | None:
    """The verb through which a sentence tells deaths as what something caused: "resulted in the death of seven
    people", "cost the lives of two young people". None when the noun is no such toll."""
    lemma = tok.lemma_.lower()
    counted = any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children)
    if not counted or tok.pos_ != "NOUN":
        return None
    lex = lexicon()
    if lemma == "life" and tok.dep_ == "dobj" and tok.head.lemma_.lower() in lex["take_lives_verbs"]:
        return tok.head
    if lemma == "death" and tok.dep_ == "pobj" and tok.head.lower_ in ("in", "to") \
            and tok.head.head.lemma_.lower() in lex["death_cause_verbs"]:
        return tok.head.head
    if lemma == "death" and tok.dep_ == "dobj" and tok.head.lemma_.lower() in ("cause", "leave"):
        return tok.head
    return None


def _dead_counted(dead: Token) -> tuple[Token, Token] | None:
    """"County officials reported five dead", "sources speak rather of four dead", "there were seven dead": a
    source's count of the dead, the toll of an event told before (the verb and the figure)."""
    verb = dead.head
    if dead.dep_ not in ("dobj", "oprd", "acomp", "attr") or verb.pos_ not in ("VERB", "AUX") \
            or verb.lemma_.lower() not in load_yaml("numbers.yaml")["dead_counting_verbs"]:
        return None
    if verb.lemma_.lower() == "be" and not any(c.dep_ == "expl" for c in verb.children):
        return None  # ("they were dead": a state, not a count)
    number = next((c for c in dead.children if c.dep_ == "nummod" and c.like_num), None)
    if number is None and dead.i > 0 and dead.doc[dead.i - 1].like_num:
        number = dead.doc[dead.i - 1]  # "speak of four dead": the parser hangs the figure on "of"
    return (verb, number) if number is not None else None


def toll_told(tok: Token) -> tuple[Token, Token] | None:
    """"The death toll rose to 23", "the toll stood at nine", "raising the toll to 14", "the number of dead was put
    at 12": the toll noun's verb and the figure it gives (its lowest end: "rose to between 20 and 30" is 20). None
    for a war's running total ("the overall toll", "the toll of the war", "the toll since January")."""
    if tok.lower_ == "dead":
        return _dead_counted(tok)
    if tok.pos_ != "NOUN":
        return None
    words = load_yaml("numbers.yaml")
    lemma = tok.lemma_.lower()
    counted = lemma == "number" and any(c.dep_ == "prep" and c.lower_ == "of" and any(
        g.dep_ == "pobj" and g.lower_ in words["toll_counted_nouns"] for g in c.children) for c in tok.children)
    if not (lemma in words["toll_nouns"] or counted):
        return None
    if any(c.lower_ in words["toll_totals"] for c in tok.children if c.dep_ in ("amod", "compound")):
        return None
    for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "in", "from", "since")):
        objects = [g for g in prep.children if g.dep_ == "pobj"]
        if prep.lower_ == "since" or any(o.lemma_.lower() in war_nouns() and not _definite_deed(o) for o in objects):
            return None  # "the toll of the war", "the toll since January": a running total
    verb = tok.head
    told_by = words["toll_subject_verbs"] if tok.dep_ in ("nsubj", "nsubjpass") else \
        words["toll_object_verbs"] if tok.dep_ == "dobj" else ()
    if verb.lemma_.lower() not in told_by or any(c.dep_ == "prep" and c.lower_ == "since" for c in verb.children):
        return None
    for child in verb.children:
        figure = None
        if child.dep_ == "prep" and child.lower_ in ("to", "at"):
            figure = next((g for g in child.children if g.dep_ == "pobj"), None)
        elif child.dep_ in ("dobj", "attr") and child is not tok:
            figure = child  # "the toll reached 40", "the toll is 12"
        if figure is not None:
            number = figure if figure.like_num else next(
                (g for g in figure.subtree if g.like_num and g.dep_ in ("nummod", "pobj", "dobj", "attr")), None)
            if number is not None:
                return verb, number
    return None


def _definite_deed(noun: Token) -> bool:
    """"the toll from the fighting", "the toll in Saturday's violence": one incident's toll, not the war's."""
    return any(c.dep_ == "poss" or c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in noun.children) \
        and noun.lemma_.lower() not in _LONG_WARS


_LONG_WARS = {"war", "conflict", "insurgency", "crisis", "rebellion", "uprising", "campaign", "offensive"}


def _accused_deed(tok: Token) -> bool:
    """"was being held for allegedly burning a copy of the Koran", "charged with killing two policemen"."""
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head  # "accuse the government of arresting and torturing MPs": both deeds are the accusation
    prep = tok.head
    # ("accuse the government of arresting": the parse may hang "of" on the accused rather than the verb)
    accuser = prep.head.head if prep.head.dep_ == "dobj" else prep.head
    return tok.dep_ == "pcomp" and prep.lower_ in ("for", "with", "of") and (
        prep.head.lemma_.lower() in _accusing_verbs() or accuser.lemma_.lower() in _accusing_verbs())


@lru_cache(maxsize=1)
def _accusing_verbs() -> frozenset[str]:
    return frozenset(load_yaml("modality.yaml")["accused_of"])


def _participle_as_noun(tok: Token) -> bool:
    """"the injured", "the wounded": a participle with an article, standing as a noun for the victims."""
    return tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") and any(
        c.dep_ == "det" and c.lower_ == "the" for c in tok.children)


def find_frames(doc: Doc, title_end: int = 0) -> list[Frame]:
    """Every trigger in the article, with roles and factuality."""
    lex = lexicon()
    frames: list[Frame] = []
    for sent in doc.sents:
        if _sport_result(sent):
            continue
        in_title = sent.start_char < title_end
        for tok in sent:
            lemma = tok.lemma_.lower()
            if tok.pos_ == "VERB" and _participle_as_noun(tok):
                continue  # "the injured were made up of 12 police officers": the victims, not a deed
            if tok.pos_ == "VERB" and (cls := verb_class(tok)):
                frame = Frame(tok, cls, tok, sent, factuality(tok, cls in ATTACK_LIKE, in_title), in_title=in_title)
                _verb_roles(frame)
                frames.append(frame)
            elif (cause := _deaths_caused(tok)) is not None:
                # "The fighting resulted in the death of seven people", "this violence cost the lives of two":
                # the toll of the event just told
                frame = Frame(tok, "attack", cause, sent, factuality(cause, True, in_title), nominal=True,
                              in_title=in_title, toll_only=True)
                frames.append(frame)
            elif (told := toll_told(tok)) is not None:
                # "The death toll rose to 23": the figure of an event told before, never an event of its own
                fact = factuality(told[0], True, in_title)
                if tok.lower_ == "dead" and fact.reason.startswith("present tense"):
                    # "local sources speak of four dead": a source's count is told in its present
                    fact = Factuality(True, "a source's count of the dead")
                frame = Frame(tok, "attack", told[0], sent, fact, nominal=True, in_title=in_title, toll_only=True)
                frames.append(frame)
            elif tok.pos_ in ("NOUN", "PROPN") and (lemma in lex["nouns"] or tok.lower_ in lex["nouns"]):
                anchor = _nominal_anchor(tok)
                if anchor is None:
                    continue
                cls = lex["nouns"].get(lemma) or lex["nouns"][tok.lower_]
                fact = factuality(anchor, cls in ATTACK_LIKE, in_title)
                if fact.factual and (why := noun_under_plan(tok, anchor)):
                    fact = Factuality(False, why)
                elif fact.factual and (speaker := claimed_deed(tok, anchor)) is not None:
                    # "JNIM claimed the attack", "IS claimed responsibility for the bombing": the group's word
                    fact = replace(fact, own_deed=True, speaker=speaker.i)
                frame = Frame(tok, cls, anchor, sent, fact, nominal=True,
                              in_title=in_title)
                _noun_roles(frame)
                frames.append(frame)
    frames = _fold_consequences(frames)
    for f in frames:
        if f.factual and earlier_by_a_span(f.trigger):
            f.factuality = Factuality(False, "background: the earlier event another is dated from")
        if f.factual and _accused_deed(f.trigger):
            f.factuality = Factuality(False, "the deed someone is held or charged for, not one the report tells")
        if f.factual and f.cls == "transfer" and f.trigger.dep_ == "advcl" and any(
                c.dep_ in ("mark", "advmod") and c.lower_ in ("as", "while", "when") for c in f.trigger.children):
            # "ambushed the column as it withdrew": a move told as the time of another deed hands over no ground
            f.factuality = Factuality(False, "a withdrawal told as the time of another deed")
        if f.factual and f.nominal and _forecast(f.trigger):
            f.factuality = Factuality(False, "a forecast: 'further attacks are likely'")
        if f.factual and _story_of(doc, "sport_story_words") and not _armed_actor_in(f.sentence):
            f.factuality = Factuality(False, "a match report: the words of a game, not of violence")
        if f.factual and _story_of(doc, "drill_story_words") and not _named_actor_in(f.sentence):
            f.factuality = Factuality(False, "a military exercise: rehearsed, not fought")
        if f.factual and _natural_cause(f):
            # kept, as not an event: the sentence is read, and the classifier must not make it one alone
            f.factuality = Factuality(False, "a disaster or an accident, not political violence")
    return frames


_ERRAND_VERBS = {"take", "carry", "travel", "patrol", "drive", "ride", "return", "head", "walk", "escort",
                 "transport", "deliver", "guard", "man", "wait", "sleep", "work", "play", "pray", "bring", "move"}


def what_was_going_on(frame: Frame) -> bool:
    """"The rangers were taking supplies to a base": a past progressive of an errand, which the classifier alone
    reads, tells what was going on around an event (its setting), not an event of its own. (Not "teachers were
    staging a sit-in": a protest is told that way too.)"""
    verb = frame.anchor
    return verb.tag_ == "VBG" and verb.lemma_.lower() in _ERRAND_VERBS and any(
        c.dep_ == "aux" and c.lemma_ == "be" and c.tag_ == "VBD" for c in verb.children)


def a_measure(frame: Frame) -> bool:
    """"The ministry banned demonstrations in Nairobi, Kisumu and Mombasa", "a curfew was imposed": the classifier
    alone reads the protest or the unrest the sentence names, but its main verb is an authority's measure about
    them, not an event (ACLED codes the protest held despite the ban, not the ban)."""
    data = load_yaml("triggers.yaml")
    return frame.anchor.lemma_.lower() in data["measure_verbs"] and any(
        c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in data["measured_things"] for c in frame.anchor.children)


def routine_force_movement(frame: Frame) -> bool:
    """"Additional security forces were deployed in the area", "forces launched a joint search operation": the
    classifier alone reads a change of activity; ACLED codes the fight or the arrests that follow, not the move."""
    if frame.sub_event_type not in ("Change to group/activity", "Other"):
        return False
    data = load_yaml("triggers.yaml")
    verb = frame.anchor.lemma_.lower()
    if verb in data["deployment_verbs"]:
        return True
    return verb in data["operation_verbs"] and any(
        c.dep_ == "dobj" and c.lemma_.lower() in data["operation_nouns"] for c in frame.anchor.children)


def sentence_frame(sent: SpacySpan, sub_event_type: str, in_title: bool = False) -> Frame:
    """A frame for a sentence whose event the classifier found and no trigger word covers.

    Its anchor is the sentence's main verb (the root, or the first verb), which
    carries the tense and scope the modality check reads; roles come from it as
    from a trigger verb's.
    """
    cls = lexicon()["class_of_type"][sub_event_type]
    root = sent.root
    anchor = root if root.pos_ in ("VERB", "AUX") else next((t for t in sent if t.pos_ == "VERB"), root)
    if anchor.lemma_.lower() in report_verbs():
        # "Two persons were injured in a grenade explosion at Kamenge, police said": the event is what is said,
        # and the speaker is no party to it
        anchor = next((c for c in anchor.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")), anchor)
    fact = factuality(anchor, cls in ATTACK_LIKE, in_title)
    if fact.factual and anchor.lemma_.lower() in ("be", "remain", "stay") and any(
            c.lower_ in ("still", "remained", "firmly") for c in anchor.children):
        # "Troops were still in control of the town on Tuesday": a state that holds, not a deed that happened
        fact = Factuality(False, "a state that still holds, not an event")
    frame = Frame(anchor, cls, anchor, sent, fact, in_title=in_title, sub_event_type=sub_event_type)
    _verb_roles(frame)
    frame.toll_only = False
    return frame


def _is_blast(tok: Token) -> bool:
    return lexicon()["nouns"].get(tok.lemma_.lower()) == "explosion"


def _accidental(blast: Token) -> bool:
    """"a gas explosion", "a boiler blast": the explosion named by what blew up, not by who set it."""
    return any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in lexicon()["accident_compounds"]
               for c in blast.children)


def _governing_subjects(frame: Frame) -> set[Token]:
    """The subjects of the verbs above the trigger: "a gas explosion ... left one person dead"."""
    out: set[Token] = set()
    tok, steps = frame.trigger, 0
    while tok.head.i != tok.i and steps < 4:
        tok, steps = tok.head, steps + 1
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                out.update(child.subtree)
    return out


_DOUBT_WORDS = {"not", "no", "rule", "whether", "deny", "exclude", "dismiss"}


_FORECAST_WORDS = {"likely", "unlikely", "expected", "possible", "probable", "imminent", "feared", "inevitable"}


def _forecast(noun: Token) -> bool:
    """"Further attacks on security forces are likely in the coming weeks": deeds told as what may come."""
    head = noun.head
    return noun.dep_ in ("nsubj", "nsubjpass") and head.lemma_ == "be" and any(
        c.dep_ == "acomp" and c.lower_ in _FORECAST_WORDS for c in head.children)


# How many distinct words of a kind make the whole article a story of that kind (read once per article).
_STORY_WORDS = {"sport_story_words": 5, "drill_story_words": 3}


def _story_of(doc: Doc, kind: str) -> bool:
    """Is the whole article a match report ("sport_story_words": five distinct words of a game) or about a military
    exercise ("drill_story_words": three, such as "exercises", "simulated", "live-fire")?"""
    if kind not in doc.user_data:
        words = lexicon()[kind]
        doc.user_data[kind] = len({t.lower_ for t in doc if t.lower_ in words}) >= _STORY_WORDS[kind]
    return doc.user_data[kind]


def _named_actor_in(sent: SpacySpan) -> bool:
    """Does the sentence name a party by name (a group, not "troops" or "the enemy")?"""
    return any(sent.start <= s.start < sent.end and not s.label_.startswith(GENERIC_PREFIX)
               for s in sent.doc.spans.get("actors", []))


def _armed_actor_in(sent: SpacySpan) -> bool:
    """Does the sentence name anyone who could have done it: a named actor, gunmen, a bomber, troops?"""
    return any(sent.start <= s.start < sent.end and s.label_ not in BYSTANDER_LABELS
               for s in sent.doc.spans.get("actors", []))


def _cause_told(sent: SpacySpan) -> bool:
    """A sentence that gives an explosion a cause that is no one's act ("may have been caused by a gas leak"),
    naming no one who could have set it off, and not ruling the cause out ("police ruled out a gas leak")."""
    causes = lexicon()["accident_causes"]
    told = [t for t in sent if t.lemma_.lower() in causes and t.pos_ == "NOUN"]
    if not told or _armed_actor_in(sent):
        return False
    return not any(a.lemma_.lower() in _DOUBT_WORDS or any(c.dep_ == "neg" or c.lower_ == "no" for c in a.children)
                   for t in told for a in [t, *t.ancestors])


_CIVILIANS = f"{GENERIC_PREFIX}civilians"


def _set_alight(tok: Token) -> bool:
    """"a crowd that had set fire to an office", "set the car on fire", "set on fire government vehicles": a fire
    someone lit is arson, no cause; "police fire at protesters" (a headline's verb read as a noun) is shooting."""
    if tok.dep_ == "dobj" and tok.head.lemma_.lower() in ("set", "start", "light"):
        return True
    if tok.dep_ == "pobj" and tok.head.lower_ == "on" and tok.head.head.lemma_.lower() == "set":
        return True
    doc = tok.doc
    if tok.lower_ == "fire" and tok.i > 0 and doc[tok.i - 1].lower_ == "on" and any(
            t.lemma_.lower() == "set" for t in doc[max(0, tok.i - 4):tok.i - 1]):
        return True
    # "police fire at": an armed side right before ("a fire at a market", "tanker fire on a bridge" are blazes)
    shooter = tok.i > 0 and any(s.start <= tok.i - 1 < s.end and s.label_ != _CIVILIANS
                                for s in doc.spans.get("actors", []))
    return tok.lower_ == "fire" and shooter and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in ("at", "on", "upon")


def _violent_deed(frame: Frame) -> bool:
    """"were shot dead", "hacked to death": deaths no flood causes (unlike "were killed", "were injured")."""
    return frame.trigger.lemma_.lower() in lexicon()["direct_harm"] - lexicon()["toll_verbs"]


def _disaster_headline(doc) -> bool:
    """Does the story's first line tell deaths or damage by a disaster ("Heavy Rains Kill Three", "Four killed in
    floods", "Heavy rainfall led to the death of three")? Its deaths and damage told without an armed side are the
    disaster's."""
    # (the headline, a dateline or timestamp line, and the lead: "Rescuers race to quake-hit villages ... after a
    # powerful earthquake killed at least 55 people")
    return any(_tells_a_disaster(s) for s in list(doc.sents)[:_OPENING_SENTENCES])


_OPENING_SENTENCES = 3


def _tells_a_disaster(first) -> bool:
    lex = lexicon()
    # Read by the words, not the parse: a title-case headline parses as one long name.
    harm = tuple(lex["consequence_verbs"])
    words = [t for t in first if not t.is_punct]
    for k, t in enumerate(words):
        opened = k > 0 and words[k - 1].lower_ in ("open", "opens", "opened", "exchange", "exchanged", "of")
        if (t.lemma_.lower() in lex["not_violence_causes"] or t.lower_ in lex["not_violence_causes"]) \
                and not gunfire(t) and not _set_alight(t) and not opened:  # "Gunmen Open Fire, Kill Five"
            if k + 1 < len(words) and words[k + 1].lower_.startswith(harm):
                return True  # "Heavy Rains Kill Three"
            if k >= 2 and words[k - 1].lower_ in ("in", "by") and words[k - 2].lower_.startswith(harm):
                return True  # "Four Killed in Floods"
            if t.dep_ == "nsubj" and t.head.lemma_.lower() in set(harm) | lex["death_cause_verbs"] | lex["take_lives_verbs"]:
                return True  # "Heavy rainfall on Saturday led to the death of three people"
    return False


def _natural_cause(frame: Frame) -> bool:
    """An earthquake that killed eight is not political violence; nor is the arrest of those held to blame for
    it ("police arrested the owner of a wedding hall after a fire there killed 45 guests")."""
    causes = lexicon()["not_violence_causes"]
    if frame.cls == "arrest":
        # (the cause itself, or its clause's subject: not any fire further down, "after clashes over a fire")
        return any(_a_cause(c, causes) for t in frame.trigger.children if t.lower_ in _AFTER for c in
                   [*t.children, *(g for v in t.children if v.pos_ == "VERB" for g in v.children if g.dep_ == "nsubj")]
                   if c.dep_ in ("pobj", "nsubj"))
    if frame.cls not in ATTACK_LIKE | {"destroy"}:
        return False
    clause = set(frame.trigger.subtree) | set(frame.anchor.subtree) | {frame.trigger.head} | _governing_subjects(frame)
    clause |= _subject_left_unparsed(frame.trigger)
    blasts = [t for t in clause if _is_blast(t)]
    if any(_accidental(t) for t in blasts):
        return True  # "a gas explosion", "a boiler blast": an accident, whoever is named nearby
    if blasts and _cause_told(frame.sentence):
        return True  # "An explosion tore through a restaurant ... and may have been caused by a gas leak"
    unarmed = not _armed_actor_in(frame.sentence) and not any(t.lower_ in lexicon()["weapon_words"]
                                                              for t in frame.sentence)
    if unarmed and any(t.pos_ == "VERB" and t.lemma_.lower() in lexicon()["accident_verbs"] and t.i != frame.trigger.i
                       for t in frame.trigger.subtree):
        return True  # "was killed when his car went off the ramp and crashed into trees"
    if unarmed and _disaster_headline(frame.sentence.doc) and not _violent_deed(frame) \
            and not tells_another_incident(frame.sentence.text):
        return True  # "Heavy Rains Kill Three in Greater Khartoum": "a roof fell on them", "186 houses were destroyed"
    if any(any(c.lower_ == "the" for c in t.children) for t in blasts):
        # "The blast occurred at 12.45 a.m.": the blast told before, an accident if it was one then
        earlier = frame.sentence.doc[:frame.sentence.start]
        if any(_is_blast(t) and (_accidental(t) or _cause_told(t.sent)) for t in earlier):
            return True
    if not any(_a_cause(t, causes) for t in clause):
        return False
    actors = frame.sentence.doc.spans.get("actors", [])
    return not any(frame.sentence.start <= s.start < frame.sentence.end and not s.label_.startswith(GENERIC_PREFIX)
                   for s in actors)


_AFTER = ("after", "over", "following")


def _a_cause(t: Token, causes) -> bool:
    # causes are things ("a storm"), never the trigger's own verb ("gunmen stormed a school")
    return (t.lemma_.lower() in causes or t.lower_ in causes) and t.pos_ in ("NOUN", "PROPN") and not gunfire(t) \
        and not _set_alight(t)


def _subject_left_unparsed(trigger: Token) -> set[Token]:
    """"after a fire there killed 45 guests" is parsed "after [a fire]" + a subjectless "killed": the noun just
    before a verb with no subject of its own is the one that did it."""
    if trigger.pos_ != "VERB" or any(c.dep_ in ("nsubj", "nsubjpass") for c in trigger.children):
        return set()
    k = trigger.i - 1
    while k >= trigger.sent.start and trigger.doc[k].pos_ in ("ADV", "PART"):
        k -= 1
    return {trigger.doc[k]} if k >= trigger.sent.start and trigger.doc[k].pos_ == "NOUN" else set()


_LONG_UNITS = {"week", "weeks", "month", "months", "year", "years", "decade", "decades"}


def earlier_by_a_span(trigger: Token) -> bool:
    """"The attack came a month after two jihadist assaults killed 40 soldiers", "weeks after an attack on a base":
    the event after "after" is the one told as a time mark, weeks or months before the story's own; it is
    background, coded (if at all) from the reports of its day."""
    tok = trigger
    for _ in range(4):
        marker = None
        if tok.dep_ == "pobj" and tok.head.lower_ in ("after", "since"):
            marker = tok.head
        elif tok.dep_ == "advcl":
            marker = next((c for c in tok.children if c.dep_ == "mark" and c.lower_ in ("after", "since")), None)
        if marker is not None:
            holders = [marker, marker.head, tok.head]
            # ("to mark ten years since gunmen stormed the campus": the span just before the marker)
            return marker.i > 0 and trigger.doc[marker.i - 1].lower_ in _LONG_UNITS or any(
                c.dep_ == "npadvmod" and c.lower_ in _LONG_UNITS for h in holders for c in h.children)
        if tok.head is tok:
            return False
        tok = tok.head
    return False


def _fold_consequences(frames: list[Frame]) -> list[Frame]:
    """"struck a market, killing nine civilians", "killed 13 soldiers and wounded 56 more": the outcomes of
    one act, not more events."""
    by_trigger = {f.trigger.i: f for f in frames}
    consequences = lexicon()["consequence_verbs"]
    kept = []
    for frame in frames:
        head = by_trigger.get(frame.trigger.head.i)
        if head is None and frame.trigger.head.dep_ == "advcl":
            # "a bomb exploded as a convoy passed, killing three soldiers": the parser hangs the outcome on
            # the time clause; it is still the blast's
            head = by_trigger.get(frame.trigger.head.head.i)
        lemma = frame.trigger.lemma_.lower()
        # ("attacked the village of Sinjil, setting fire to four cars": the arson is the attack's too)
        consequence = lemma in consequences or (frame.cls == "destroy" and head is not None and head.cls in ATTACK_LIKE)
        if head is not None and head is not frame and consequence and (
            (frame.trigger.dep_ in ("advcl", "conj") and frame.trigger.tag_ == "VBG")
            or (frame.trigger.dep_ == "conj" and head.trigger.lemma_.lower() in consequences)
        ):
            # ("attacked farmers in their fields, killing them": the pronoun is the farmers, already the deed's)
            if frame.patient is not None and frame.patient.pos_ != "PRON":
                head.extra_patients.insert(0, frame.patient)
            continue
        kept.append(frame)
    return _fold_suffered_when(kept)


def _fold_suffered_when(frames: list[Frame]) -> list[Frame]:
    """"Four civilians were injured when militants hurled a grenade", "a man was shot dead when security forces
    opened fire on protesters": what the victims suffered and the deed that did it are one event, the deed's (the
    two had been coded apart, at the dateline and at the town, or as an attack and a protest). When the deed is
    only how they died ("two were killed when the attackers set fire to homes"), the killing stays the event."""
    by_trigger = {f.trigger.i: f for f in frames}
    suffered = set(lexicon()["toll_verbs"]) | {"shoot"}  # ("was shot dead when ...")
    dropped: set[int] = set()
    for frame in frames:
        tok = frame.trigger
        if tok.lemma_.lower() not in suffered or not any(c.dep_ == "nsubjpass" for c in tok.children):
            continue
        # (the parser hangs the "when" clause on the verb, on a verb joined to it, or on the day: "injured on
        # Monday when militants hurled a grenade")
        deed = next((by_trigger[c.i] for c in tok.subtree if c.i != tok.i and c.i in by_trigger and any(
            m.lower_ == "when" for m in c.children if m.dep_ in ("advmod", "mark"))), None)
        if deed is None or deed.factual != frame.factual:
            continue
        if deed.cls == "destroy":
            dropped.add(id(deed))
        elif deed.cls in ATTACK_LIKE:
            if frame.patient is not None:
                deed.extra_patients.insert(0, frame.patient)
            dropped.add(id(frame))
    return [f for f in frames if id(f) not in dropped]


def _subject_child(tok: Token) -> Token | None:
    """A verb's nsubj; of a noun phrase the parser split in two ("Sudan's paramilitary | Rapid Support Forces
    attacked", both taken for subjects), its head noun, the last part."""
    subjects = [c for c in tok.children if c.dep_ in _AGENT_DEPS]
    while len(subjects) > 1 and subjects[0].right_edge.i + 1 == subjects[1].left_edge.i:
        subjects.pop(0)
    if len(subjects) > 1 and subjects[0].is_upper and subjects[0].i < 6:
        subjects.pop(0)  # "SAN PEDRO SULA, Honduras — Riot police fired": the dateline taken for a second subject
    return subjects[0] if subjects else None


_TIME_PREPS = {"after", "before", "while", "upon", "since"}


def subject_of(tok: Token) -> Token | None:
    """The subject of a verb, inherited through conjunctions, xcomp and means clauses."""
    seen = 0
    while seen < 8:
        subject = _subject_child(tok)
        if subject is not None:
            return subject
        for child in tok.children:
            if child.dep_ == "agent":
                return next((g for g in child.children if g.dep_ == "pobj"), None)
        if tok.dep_ == "relcl":
            return tok.head
        if tok.dep_ == "acl" and tok.tag_ == "VBN":
            return None  # "(were among) those killed", "civilians wounded in the attack": the noun is who suffered it
        if tok.dep_ == "pcomp" and tok.tag_ == "VBG" and tok.head.lower_ in _TIME_PREPS and tok.head.head is not tok:
            # "soldiers were wounded after clashing with rebels": the gerund's doer is the clause's subject,
            # a passive one too (the soldiers did the clashing)
            tok = tok.head.head
            passive = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
            if passive is not None:
                return passive
            seen += 1
            continue
        if tok.dep_ not in _INHERIT_SUBJECT or tok.head is tok:
            return None
        if tok.dep_ == "advcl" and tok.tag_ not in ("VBG", "VBN"):
            return None
        tok = tok.head
        seen += 1
    return None


def listed_among(tok: Token) -> Token | None:
    """"two officers and six conscripts were among those killed": the copula's subject, whom the participle
    ("killed", "wounded") after "among those" befell; None for any other phrasing."""
    if not (tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.lower_ == "those" and tok.head.dep_ == "pobj"
            and tok.head.head.lower_ == "among"):
        return None
    return next((c for c in tok.head.head.head.children if c.dep_ == "nsubj"), None)


def _headline_passive(tok: Token) -> bool:
    """"Farmers kidnapped near Birnin Gwari": a headline drops the "were"; its subject is the victim."""
    return (tok.tag_ in ("VBN", "VBD") and tok.lemma_.lower() in lexicon()["headline_passive_verbs"]
            and not any(c.dep_ in ("dobj", "aux", "auxpass") for c in tok.children)
            and any(c.dep_ == "nsubj" for c in tok.children))


def _agent_of_the_deed_noun(verb: Token) -> Token | None:
    """"Three soldiers were killed in an ambush by al-Shabaab fighters": the hand of a passive death is the
    "by" of the deed it happened in."""
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "during")):
        for deed in (g for g in prep.children if g.dep_ == "pobj" and g.lemma_.lower() in lexicon()["nouns"]):
            by = next((c for c in deed.children if c.dep_ == "prep" and c.lower_ == "by"), None)
            if by is not None:
                return next((g for g in by.children if g.dep_ == "pobj"), None)
            # "killed in a separatist attack", "in a rebel ambush": the deed's kind of hand
            hand = next((c for c in deed.children if c.dep_ in ("amod", "compound")
                         and c.lemma_.lower() in lexicon()["hand_adjectives"]), None)
            if hand is not None:
                return hand
    return None


_MET_DEVICE_VERBS = {"hit", "strike", "run", "drive", "step", "tread"}
_MET_DEVICE_PREPS = {"on", "over", "into", "onto"}
_DEVICE_NOUNS = {"mine", "landmine", "ied", "bomb", "device", "explosive", "explosives"}
# What meets a laid device: a vehicle or someone on foot (not "helicopters struck a car bomb", "militants drove a
# car bomb into the gate", whose subjects act on the device)
_MEETS_DEVICES = {"truck", "vehicle", "car", "convoy", "patrol", "bus", "minibus", "tank", "van", "jeep", "pickup",
                  "lorry", "motorcycle", "tractor", "carrier", "humvee", "ambulance", "soldier", "policeman", "boy",
                  "girl", "child", "man", "woman", "farmer", "herder", "shepherd", "villager", "trooper", "officer"}


def _device_run_into(verb: Token) -> Token | None:
    """The laid device a vehicle or a person met: "an army truck struck a landmine", "their patrol car ran over an
    IED", "a soldier stepped on a mine". Only such a subject: "helicopters struck a car bomb" acts on it."""
    if verb.lemma_.lower() not in _MET_DEVICE_VERBS:
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lemma_.lower() not in _MEETS_DEVICES:
        return None
    objects = [c for c in verb.children if c.dep_ == "dobj" and verb.lemma_.lower() in ("hit", "strike")]
    objects += [g for c in verb.children if c.dep_ in ("prep", "prt") and c.lower_ in _MET_DEVICE_PREPS
                for g in c.children if g.dep_ == "pobj"]
    return next((o for o in objects if o.lemma_.lower() in _DEVICE_NOUNS or o.lower_ in _DEVICE_NOUNS), None)


def _verb_roles(frame: Frame) -> None:
    tok = frame.trigger
    if under_attack(tok) is not None:
        # The subject was attacked; the attacker is whoever the fire came "from" (often no one named).
        frame.patient = _own_subject(tok) or subject_of(tok)
        origin = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("from", "by")), None)
        frame.agent = next((g for g in origin.children if g.dep_ == "pobj"), None) if origin is not None else None
        frame.attacker_unknown = frame.agent is None
        return
    passive_agent = None
    for child in tok.children:
        if child.dep_ == "agent":
            passive_agent = next((g for g in child.children if g.dep_ == "pobj"), None)
    if passive_agent is None and (any(c.dep_ == "nsubjpass" for c in tok.children)
                                  or (tok.dep_ == "acl" and tok.tag_ == "VBN")):
        passive_agent = _agent_of_the_deed_noun(tok)  # ("five soldiers killed in a rebel ambush" too)
    if frame.in_title and _headline_passive(tok):
        frame.agent = passive_agent
        frame.patient = _own_subject(tok)
        frame.toll_only = passive_agent is None and tok.lemma_.lower() in lexicon()["toll_verbs"]
        return
    passive_relative = tok.dep_ == "relcl" and any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
    # (the noun a passive relative clause hangs on suffered the deed: "the bodies of soldiers who were killed")
    frame.agent = passive_agent or _own_subject(tok) or (subject_of(tok) if not passive_relative else None)
    frame.agent = attributed_hand(frame.agent) or frame.agent  # "a drone attack attributed to X hit a station"
    device = _device_run_into(tok)
    if device is not None and passive_agent is None:
        # "An army truck struck a landmine", "their patrol ran over an IED", "a soldier stepped on a mine": the one
        # that met the device is its target; who laid it the sentence does not say
        frame.agent, frame.patient, frame.attacker_unknown = None, frame.agent, True
        frame.extra_patients = []
        return
    if passive_agent is None and _reduced_relative(tok):
        # "The soldiers killed and wounded were members of the national guard": the parser makes the
        # participle the main verb and "were" its conjunct; the soldiers are the dead, not their killers
        frame.agent, frame.patient, frame.toll_only = None, _own_subject(tok), True
        frame.attacker_unknown = True
        return
    frame.toll_only = tok.lemma_.lower() in lexicon()["toll_verbs"] and (
        frame.agent is None
        # "Five were killed and a dozen wounded": the second count is a toll too
        or (tok.dep_ == "conj" and frame.agent.dep_ == "nsubj" and (frame.agent.like_num or frame.agent.lower_ in
                                                                      ("dozen", "dozens", "hundreds", "scores")))
    )
    noun = instrument_noun(tok)
    if frame.toll_only and noun is not None and any(c.lower_ in ("a", "an") for c in noun.children):
        # "were injured in an explosion": an event told for the first time, not the toll of one told before
        frame.toll_only = False
    if frame.agent is not None and frame.agent.lower_ in ("who", "which", "that") and tok.dep_ == "relcl":
        frame.agent = relative_head(tok)  # "the bombing of a police checkpoint that killed": the bombing
    patients = [c for c in tok.children if c.dep_ in _PATIENT_DEPS]
    if passive_agent is None:
        patients = [c for c in patients if c.dep_ != "nsubjpass"] + [c for c in patients if c.dep_ == "nsubjpass"]
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in _PATIENT_PREPS:
            # (not "clashed ... on Tuesday": a day is when, not whom)
            patients.extend(g for g in child.children if g.dep_ == "pobj" and g.ent_type_ not in _TIME_ENTITIES)
        if child.dep_ == "advcl" and child.lemma_.lower() in lexicon()["means_verbs"]:
            # (not "attacked farmers, killing them": the pronoun is the farmers)
            patients.extend(g for g in child.children if g.dep_ == "dobj" and g.pos_ != "PRON")
    if frame.agent is None and not patients:
        patient = listed_among(tok)
        if patient is not None:
            patients = [patient]
            frame.attacker_unknown = True
    if frame.agent is None and any(c.dep_ == "nsubjpass" for c in tok.children):
        frame.patient = next(c for c in tok.children if c.dep_ == "nsubjpass")
        if frame.patient.lower_ in ("who", "which", "that") and tok.dep_ == "relcl":
            frame.patient = tok.head  # "soldiers who were killed": the soldiers
        frame.agent = _armed_side_that_moved(tok)
        # "Two police officers were fatally shot": the report tells the deed and hides who did it
        frame.attacker_unknown = frame.agent is None
        patients = [p for p in patients if p is not frame.patient]
    elif patients:
        frame.patient = patients[0]
        patients = patients[1:]
    frame.extra_patients = patients
    if frame.patient is None and frame.cls == "clash" and frame.agent is not None and frame.agent.conjuncts:
        # "The army and fighters of the NAS clashed": a fight told with both sides as its subject
        sides = list(frame.agent.conjuncts)
        frame.patient, frame.extra_patients = sides[0], sides[1:]
    if frame.patient is None and tok.dep_ == "relcl" and frame.agent is not tok.head:
        frame.patient = tok.head
    if frame.agent is None and frame.patient is not None:
        _other_side_of_the_fight(frame)
    _sides_of_event_subject(frame)


def _armed_side_that_moved(tok: Token) -> Token | None:
    """"Three demonstrators were killed when security forces moved in": the armed side whose move the passive
    deed is timed by did it (not "when their vehicle hit a mine", which names no armed side)."""
    for clause in tok.children:
        if clause.dep_ != "advcl" or not any(c.lower_ == "when" for c in clause.children if c.dep_ in ("advmod", "mark")):
            continue
        subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        if subject is None:
            continue
        span = next((s for s in tok.doc.spans.get("actors", []) if s.start <= subject.i < s.end), None)
        if span is not None and span.label_ not in (_CIVILIANS, f"{GENERIC_PREFIX}protesters"):
            return subject
    return None


def _reduced_relative(tok: Token) -> bool:
    """"The soldiers killed were ...": a participle with no object, then a conjoined "were"/"was" with its own
    complement; only a misparse of a noun modified by the participle reads like that."""
    if tok.tag_ not in ("VBD", "VBN") or any(c.dep_ in ("dobj", "nsubjpass", "auxpass", "aux") for c in tok.children):
        return False
    return _own_subject(tok) is not None and any(
        c.dep_ == "conj" and c.lemma_ == "be" and c.i > tok.i and not any(g.dep_.startswith("nsubj") for g in c.children)
        and any(g.dep_ in ("attr", "acomp") for g in c.children) for c in tok.children)


def _other_side_of_the_fight(frame: Frame) -> None:
    """"three militants were killed in an encounter with security forces": the dead fell in a fight, and the
    side the fight was "with" killed them."""
    fights = lexicon()["nouns"]
    if any(s.start <= frame.patient.i < s.end and s.label_ == _CIVILIANS
           for s in frame.trigger.doc.spans.get("actors", [])):
        return  # "two civilians were killed in clashes with the militia": caught in the fight, a toll of it
    for prep in frame.trigger.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "during"):
            continue
        for noun in (c for c in prep.children if c.dep_ == "pobj"):
            if fights.get(noun.lemma_.lower()) != "clash":
                continue
            with_ = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "with"), None)
            side = next((c for c in with_.children if c.dep_ == "pobj"), None) if with_ is not None else None
            if side is None:
                side = _other_side_among_the_dead(frame.patient)
            if side is not None:
                frame.agent, frame.toll_only, frame.attacker_unknown = side, False, False
                return


def _other_side_among_the_dead(dead: Token) -> Token | None:
    """"Two soldiers and a suspected NPA rebel were killed in a firefight": the dead of both sides name the
    fight's sides; the side listed after the first is the other one."""
    spans = dead.doc.spans.get("actors", [])

    def label(tok: Token) -> str:
        return next((s.label_ for s in spans if s.start <= tok.i < s.end), "")

    first = label(dead)
    for other in dead.conjuncts:
        for tok in other.subtree:  # ("a suspected New People's Army rebel": the name inside the phrase)
            named = label(tok)
            if named and named != first and named != _CIVILIANS:
                return tok
    return None


def _sides_of_event_subject(frame: Frame) -> None:
    """"A shootout between gunmen and army troops killed seven people": the event noun that does the killing
    names the two sides; the dead are its toll, not a side (they were soldiers and gunmen, not civilians)."""
    subject = frame.agent
    if subject is not None and subject.is_upper:
        # "MEXICO CITY (AP) — A shootout ... killed": the parser makes the dateline the subject, the event its apposition
        subject = next((c for c in subject.children if c.dep_ == "appos" and c.pos_ == "NOUN"), subject)
    if subject is None or not _a_fight(subject):
        return
    # the parser often hangs "between" on the place before it ("a shootout in Mexico between gunmen and troops")
    between = next((c for c in subject.subtree if c.dep_ == "prep" and c.lower_ == "between"), None)
    first = next((g for g in between.children if g.dep_ == "pobj"), None) if between is not None else None
    if first is None:
        return
    others = list(first.conjuncts)
    frame.agent = first
    frame.patient = others[0] if others else None
    # the dead are the fight's toll, never a side: "clashes between Uzbek and Kyrgyz border guards killed four
    # people" names two sides in one phrase, and its four people are neither
    frame.extra_patients = others[1:]


def _a_fight(tok: Token) -> bool:
    """"clashes", "a shootout", and the gerund "fighting" (a verb to the parser) as the subject of a killing."""
    lex = lexicon()
    if lex["nouns"].get(tok.lemma_.lower()) == "clash":
        return True
    return tok.tag_ == "VBG" and tok.dep_ in ("nsubj", "csubj") and lex["verbs"].get(tok.lemma_.lower()) == "clash"


def _own_subject(tok: Token) -> Token | None:
    return _subject_child(tok)


def attributed_hand(noun: Token | None) -> Token | None:
    """"a drone attack attributed to FARC dissidents", "a bombing blamed on al-Shabaab": the hand the deed is put to."""
    if noun is None:
        return None
    for child in noun.children:
        if child.dep_ == "acl" and child.lemma_.lower() in ("attribute", "blame"):
            prep = next((c for c in child.children if c.dep_ in ("prep", "dative") and c.lower_ in ("to", "on")), None)
            if prep is not None:
                return next((g for g in prep.children if g.dep_ == "pobj"), None)
    return None


def _noun_roles(frame: Frame) -> None:
    noun, anchor = frame.trigger, frame.anchor
    sides = list(noun.children)
    if anchor is not noun and noun.dep_ in ("nsubj", "nsubjpass"):
        # "clashes erupted on Tuesday between security forces and protesters": the parser hangs "between" on
        # the verb of occurrence; it still names the two sides of the noun's fight
        sides += [c for c in anchor.children if c.dep_ == "prep" and c.lower_ == "between"
                  and not any(s.dep_ == "prep" and s.lower_ == "between" for s in noun.children)]
    frame.agent = attributed_hand(noun) or frame.agent
    for child in sides:
        if child.dep_ == "poss" or (child.dep_ == "compound" and child.pos_ == "PROPN"):
            frame.agent = child
        if child.dep_ == "prep" and child.lower_ == "by":
            frame.agent = next((g for g in child.children if g.dep_ == "pobj"), frame.agent)
        if child.dep_ == "prep" and child.lower_ in _PATIENT_PREPS:
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                if child.lower_ == "between":
                    frame.agent = frame.agent or pobj
                    frame.extra_patients = [c for c in pobj.conjuncts]
                    frame.patient = frame.extra_patients[0] if frame.extra_patients else None
                else:
                    frame.patient = frame.patient or pobj
    if anchor is not noun and frame.agent is None and anchor.lemma_.lower() in ("die", "perish"):
        # "two protesters died during clashes with police": the dead of a fight are one side of it; the dead of
        # an attack ("two soldiers died in an attack on their convoy") are its victims, never its hand
        dead = subject_of(anchor)
        if frame.cls == "clash":
            frame.agent = dead
        else:
            frame.patient = frame.patient or dead
    elif anchor is not noun and frame.agent is None:
        frame.agent = subject_of(anchor) if noun.dep_ != "nsubj" else None
    if frame.patient is None and anchor is not noun:
        for child in anchor.children:
            if child.dep_ == "advcl" and child.lemma_.lower() in lexicon()["means_verbs"]:
                frame.patient = next((g for g in child.children if g.dep_ == "dobj"), None)
            if child.dep_ == "prep" and child.lower_ in ("on", "against"):
                frame.patient = next((g for g in child.children if g.dep_ == "pobj"), frame.patient)
