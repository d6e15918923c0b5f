"""verb_class: which event class a verb reports, decided by its lemma and by what it governs.

A trigger verb's lemma is not enough: "opened fire" is an attack and "opened a
school" is not; "destroyed a bridge" is destruction and "destroyed jobs" is not;
"seized weapons" takes weapons out of use while "seized the town" takes ground;
"came under fire" is an attack on its subject. These tests read the verb's
object, subject and particles against the word lists of data/triggers.yaml.
"""
from __future__ import annotations

from spacy.tokens import Token

from ..knowledge.lexicon import lexicon


def head_of_quantity(tok: Token) -> Token:
    """The thing counted, not the count: "thousands of jobs" -> jobs."""
    if tok.pos_ == "NUM" or tok.lemma_.lower() in ("thousand", "hundred", "million", "dozen", "number", "lot"):
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                return next((g for g in child.children if g.dep_ == "pobj"), tok)
    return tok


def _verb_object_ok(tok: Token) -> bool:
    """Some verbs are events only with certain objects ("took control", "opened fire")."""
    lex = lexicon()
    lemma = tok.lemma_.lower()
    if lemma in lex["intransitive_only"] and any(c.dep_ == "dobj" for c in tok.children):
        return False
    # "killed off" (a particle), "fell out of favour" (parsed as a preposition right after the verb)
    if any((c.dep_ == "prt" or (c.dep_ == "prep" and c.i == tok.i + 1)) and c.lower_ in lex["metaphor_particles"].get(lemma, ())
           for c in tok.children):
        return False
    if tok.lemma_.lower() in lex["abstract_objects"]["verbs"]:
        hit = [head_of_quantity(c) for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        if hit and all(c.lemma_.lower() in lex["abstract_objects"]["objects"] for c in hit):
            return False
    if tok.lemma_.lower() in lex["filmed_objects"]["verbs"] and any(
            c.dep_ == "dobj" and head_of_quantity(c).lemma_.lower() in lex["filmed_objects"]["objects"] for c in tok.children):
        return False
    if tok.lemma_.lower() in lex["structures"]["verbs"]:
        hit = [head_of_quantity(c) for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        if not any(c.lemma_.lower() in lex["structures"]["objects"] or c.lower_ in lex["structures"]["objects"]
                   for c in hit):
            return False
    if lex["verbs"].get(tok.lemma_.lower()) == "territory_loss" and any(
            c.dep_ == "dobj" and c.lemma_.lower() not in lex["ground_objects"] for c in tok.children):
        return False  # "lost their lives", "lost contact": no ground lost
    if tok.lemma_.lower() == "sign":
        # "the two sides signed a truce", not "the letter was signed by 'Taliban Terrorist'"
        signed = [head_of_quantity(c) for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        accords = lex["signed_accords"] | {n for n, cls in lex["nouns"].items() if cls == "agreement"}
        if signed and not any(c.lemma_.lower() in accords or c.lower_ in accords for c in signed):
            return False
        if any(t.lemma_.lower() in lex["commercial_deal_words"] or t.lower_ in lex["commercial_deal_words"]
               for c in signed for t in c.subtree):
            return False  # "signed a fighter jet deal": trade between states, no accord between sides of a war
    if tok.lemma_.lower() in lex["exchange_verbs"]:
        return any(word in t.lower_ for t in tok.subtree for word in lex["exchanged_people"])
    needed = lex["verb_objects"].get(tok.lemma_.lower())
    if needed is None:
        return True
    # the object itself must be the ground taken or the base set up ("established an orchestra in the camp" is not)
    territorial = tok.lemma_.lower() in lex["territorial_object_verbs"] or lex["verbs"].get(tok.lemma_.lower()) == "hq"
    for child in tok.children:
        if territorial and child.dep_ != "dobj":
            continue  # "took off from the air base" is not taking the base
        if child.lower_ in needed or child.lemma_.lower() in needed:
            return _a_crowd_of_protest(child, lex)
        if child.dep_ in ("dobj", "prep", "prt") and any(g.lemma_.lower() in needed for g in child.children):
            return True
    return False


def _a_crowd_of_protest(obj: Token, lex: dict) -> bool:
    """A crowd dispersed is a protest's only in a text that tells of protest ("tear gas to disperse a crowd of
    opposition supporters" beside "the protest", not "a crowd that gathered at the scene of the blast")."""
    if obj.head.lemma_.lower() != "disperse" or obj.lemma_.lower() not in lex["bare_crowds"]:
        return True
    protest = lex["protest_words"]
    return any((t.lemma_.lower() in protest and t.pos_ != "PROPN") or t.lower_.startswith(("protest", "demonstrat"))
               for t in obj.doc)  # (not "in March")


def gunfire(tok: Token) -> bool:
    """"opened fire", "came under fire", "exchanged fire", "the ensuing exchange of fire": the fire of guns, not a
    blaze."""
    if tok.lower_ != "fire":
        return False
    return tok.pos_ == "VERB" or (tok.dep_ == "dobj" and tok.head.lemma_.lower() in ("open", "exchange", "return", "trade")) \
        or (tok.dep_ == "pobj" and tok.head.lower_ in ("under", "with")) \
        or (tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() == "exchange") \
        or _opened_by_words(tok)


def _opened_by_words(fire: Token) -> bool:
    """"two men on a motorcycle opened fire on them", "opened heavy fire": read by the words, for a parse that hangs
    "fire" elsewhere (here under "on")."""
    k = fire.i - 1
    while k >= 0 and fire.doc[k].pos_ == "ADJ":
        k -= 1
    return k >= 0 and fire.doc[k].lemma_.lower() in ("open", "return")


def verb_class(tok: Token) -> str | None:
    """The event class a verb reports, or None: its object or subject can decide before its lemma."""
    if _weapon_object(tok):
        return "disrupt"
    if _people_seized(tok):
        return "abduct"
    if _projectiles_thrown(tok):
        return "riot"
    if _weapon_used(tok):
        return "attack"
    if _protesters_act(tok):
        return "protest"
    if _protesters_fight(tok):
        return "riot"
    if under_attack(tok):
        return "attack"
    if _set_ablaze(tok):
        return "destroy"
    lex = lexicon()
    lemma = tok.lemma_.lower()
    if lemma not in lex["verbs"] or not _verb_object_ok(tok):
        return None
    if lemma == "fall" and not _ground_falls(tok):
        return None
    if tok.dep_ == "amod" or (tok.dep_ == "acl" and tok.tag_ == "VBN" and lemma not in ("kill",)):
        return None  # "the destroyed bridge": a description, not a report
    return _class_from_instrument_noun(tok) or lex["verbs"][lemma]


def _set_ablaze(verb: Token) -> bool:
    """"set fire to a police station", "set the church ablaze", "set a bus on fire": arson, told as torching is."""
    if verb.lemma_.lower() != "set":
        return False
    kids = list(verb.children)
    fire_object = any(c.dep_ == "dobj" and c.lower_ == "fire" for c in kids) and any(
        c.dep_ in ("prep", "dative") and c.lower_ in ("to", "on") for c in kids)
    ablaze = any(c.lower_ in ("ablaze", "alight") for c in kids) or any(
        c.dep_ == "prep" and c.lower_ == "on" and any(g.lower_ == "fire" for g in c.children) for c in kids)
    return fire_object or ablaze


def _ground_falls(verb: Token) -> bool:
    """"The town fell to the rebels", "Mosul fell": ground lost; "the roof fell on top of them" is no loss."""
    if any(c.dep_ == "prep" and c.lower_ == "to" and not any(
            g.lemma_.lower() in ("ground", "floor", "death", "knee") for g in c.children) for c in verb.children):
        return True  # (not "fell to the ground")
    ground = lexicon()["ground_objects"]
    return any(s.pos_ == "PROPN" or s.lemma_.lower() in ground or s.lower_ in ground
               for s in verb.children if s.dep_ == "nsubj")


def _object_words(verb: Token) -> set[str]:
    """Surface forms and lemmas of everything in the verb's object (or passive subject)."""
    words: set[str] = set()
    for child in verb.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            words |= {t.lemma_.lower() for t in child.subtree} | {t.lower_ for t in child.subtree}
    return words


def _weapon_object(verb: Token) -> bool:
    """"defused an IED", "seized a cache of weapons": weapons taken out of use."""
    lex = lexicon()
    return verb.lemma_.lower() in lex["disrupt_verbs"] and bool(_object_words(verb) & lex["weapon_objects"])


def _people_seized(verb: Token) -> bool:
    """"seized 30 bus passengers", "took five aid workers": people taken are abducted, not territory."""
    lex = lexicon()["abduction"]
    if verb.lemma_.lower() not in lex["verbs"]:
        return False
    if verb.lemma_.lower() == "carry" and not any(c.dep_ == "prt" and c.lower_ in ("off", "away") for c in verb.children):
        return False  # "a bus carrying passengers": carried, not carried off
    if any(c.dep_ == "prep" and c.lower_ == "to" and any(
            g.lemma_.lower() in _CARE_PLACES or any(k.dep_ == "compound" and k.lemma_.lower() in _CARE_PLACES
                                                    for k in g.children) for g in c.children) for c in verb.children):
        return False  # "six women were taken to hospital", "carried to the clinic": cared for, not abducted
    heads = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    return any(h.lemma_.lower() in lex["objects"] or h.lower_ in lex["objects"] for h in heads)


_CARE_PLACES = {"hospital", "clinic", "infirmary", "morgue", "mortuary", "safety", "shelter", "health", "centre",
                "center", "facility"}


def _weapon_used(verb: Token) -> bool:
    """"chlorine was used", "threw a grenade", "fired rockets": the weapon makes it an attack."""
    lex = lexicon()
    if verb.lemma_.lower() not in lex["weapon_use_verbs"] or verb.lemma_.lower() in lex["verbs"]:
        return False
    if any(c.dep_ in ("xcomp", "advcl") and c.lemma_.lower() == "disperse" for c in verb.children):
        return False  # "used bombs of moral effect to disperse the demonstrators": crowd control, told by "disperse"
    if any(c.dep_ in ("xcomp", "advcl") and c.lemma_.lower() in lex["relief_purposes"] for c in verb.children):
        return False  # "deployed two helicopters and several boats to evacuate families": relief, not arms
    return bool(_object_words(verb) & lex["weapon_words"])


def _projectiles_thrown(verb: Token) -> bool:
    """"Vendors threw stones and bottles at the officers", "missiles were thrown at the police line", "pelted police
    with rocks": what a crowd throws makes a riot, not an armed attack (the "missiles" of a street are bricks)."""
    lex = lexicon()
    if verb.lemma_.lower() not in lex["throwing_verbs"]:
        return False
    thrown = _object_words(verb) | {t.lower_ for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"
                                    for t in c.subtree}
    thrower = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    # (a crowd, or hands the text leaves unsaid: not "a player threw a bottle at the referee")
    crowd = thrower is None or thrower.lower_ in ("crowd", "mob", "group") or not (
        thrower.tag_ == "NN" or thrower.ent_type_ == "PERSON" or thrower.lower_ in ("he", "she", "i"))
    return crowd and bool(thrown & lex["crowd_projectiles"])


def _crowd_gathers(verb: Token) -> bool:
    """"Thousands turned out to support him", "residents took to the streets": a crowd out for a cause."""
    lex = lexicon()
    lemma = verb.lemma_.lower()
    if lemma not in lex["crowd_verbs"] or (lemma == "turn" and not any(c.dep_ == "prt" and c.lower_ == "out"
                                                                        for c in verb.children)):
        return False
    if lemma == "take":
        return any(c.dep_ == "prep" and c.lower_ == "to" and any(g.lower_ in lex["street_words"] for g in c.children)
                   for c in verb.children)
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is not None and subject.lower_ in ("who", "that") and verb.dep_ == "relcl":
        subject = verb.head  # "dozens of women who had gathered outside a school to demand ..."
    if subject is None or not ({t.lower_ for t in subject.subtree if t.i < verb.i} & lex["crowd_subjects"]):
        return False
    return any(c.dep_ in ("xcomp", "advcl") and c.lemma_.lower() in lex["crowd_purposes"]
               and any(g.lower_ == "to" for g in c.children) for c in verb.children)


def _protesters_fight(verb: Token) -> bool:
    """"His supporters clashed with police": a crowd fighting is a riot, not a battle."""
    lex = lexicon()
    if lex["verbs"].get(verb.lemma_.lower()) not in ("clash", "attack"):
        return False
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subject is not None and bool({t.lower_ for t in subject.subtree} & lex["protest_subjects"])


def _protesters_act(verb: Token) -> bool:
    """"Hundreds of demonstrators gathered": protesters doing something is a protest."""
    lex = lexicon()
    if _crowd_gathers(verb):
        return True
    if verb.lemma_.lower() not in lex["protest_subject_verbs"] or verb.lemma_.lower() in lex["verbs"]:
        return False
    for child in verb.children:
        if child.dep_ == "nsubj":
            words = {t.lower_ for t in child.subtree}
            return bool(words & lex["protest_subjects"])
    return False


_CAUSE_PREPOSITIONS = ("in", "during", "by", "after", "following", "from", "amid", "as", "in the wake of")


def instrument_noun(verb: Token) -> Token | None:
    """The event noun a consequence verb is told of: "killed in the clashes", "injured as a result of an explosion"."""
    if verb.lemma_.lower() not in lexicon()["consequence_verbs"]:
        return None
    nouns = lexicon()["nouns"]
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in _CAUSE_PREPOSITIONS:
            for tok in child.subtree:  # "as a result of an explosion": the noun sits two phrases down
                if tok.dep_ == "pobj" and tok.lemma_.lower() in nouns and tok.i - child.i <= 8:
                    return tok
    return None


def relative_head(verb: Token) -> Token:
    """The noun a relative clause ("... that killed three officers") tells of. The parser hangs the clause on the
    nearest noun, which in "the bombing of a police checkpoint that killed" is the target: the deed is the event
    noun above it."""
    head = verb.head
    prep = head.head
    if head.dep_ == "pobj" and prep.dep_ == "prep" and prep.lower_ in ("of", "on", "at", "against") \
            and prep.head.lower_ in lexicon()["anaphoric_event_nouns"]:
        return prep.head
    return head


def _class_from_instrument_noun(verb: Token) -> str | None:
    """"killed in the clashes", "the bombings that killed 44": the event noun's class is the event's."""
    noun = instrument_noun(verb)
    nouns = lexicon()["nouns"]
    if noun is None and verb.lemma_.lower() in lexicon()["consequence_verbs"]:
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.lower_ in ("that", "which") and verb.dep_ == "relcl":
            subject = relative_head(verb)
        if subject is not None and subject.lemma_.lower() in nouns:
            noun = subject
    return nouns[noun.lemma_.lower()] if noun is not None else None


def under_attack(verb: Token) -> Token | None:
    """"came under fire": the noun after "under", when the verb is "come"."""
    if verb.lemma_.lower() != "come":
        return None
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "under":
            noun = next((g for g in child.children if g.dep_ == "pobj"), None)
            if noun is not None and noun.lemma_.lower() in lexicon()["under_attack_nouns"]:
                return noun
    return None
