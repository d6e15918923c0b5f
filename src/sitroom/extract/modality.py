"""Modality: did the reported action happen?

Plans, threats, forecasts, negations, hypotheticals and denials are not
events. The decision walks up the dependency tree from the word that carries
the action (the trigger verb, or the verb a trigger noun depends on) through
the links that put an action under another's scope (xcomp, ccomp, acl...),
stopping at links that assert on their own (relative clauses, "by"-means).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from ..knowledge import load_yaml

# A past clause these open is told as having happened, whatever the main clause plans or orders.
_TOLD_AS_DONE = {"after", "because", "since", "as", "when", "while", "following"}
_SCOPE_DEPS = {"xcomp", "ccomp", "acl", "pcomp", "prep", "pobj", "dobj", "conj", "advcl", "attr", "oprd"}


@dataclass(frozen=True)
class Factuality:
    factual: bool
    reason: str
    claimant: str = ""
    # the speaker tells its own side's deed ("the group said it had killed 60 soldiers", "the ministry said its
    # aircraft had struck ..."): a claim, whose figure and day are the side's, not the reporter's
    own_deed: bool = False
    speaker: int = -1  # the speaker's token index in the doc, or -1


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, set[str]]:
    data = load_yaml("modality.yaml")
    return {k: set(v) for k, v in data.items() if isinstance(v, list)}


def report_verbs() -> set[str]:
    """Verbs that report what others did ("said", "confirmed"): their subject is a source, not a party."""
    return _lexicon()["report"]


def war_nouns() -> set[str]:
    """Nouns of a war, not an incident ("the insurgency", "the fighting"): what one "has killed" is a running total."""
    return _lexicon()["war_nouns"]


def remembering_words() -> set[str]:
    """Words under which a deed is remembered, not reported ("the anniversary of", "in memory of")."""
    return _lexicon()["remembered"]


def report_nouns() -> set[str]:
    """Nouns of a source's speaking ("in a statement on Tuesday"): a date on them is when the source spoke."""
    return set(_lexicon()["report_nouns"])


def _negated(tok: Token, via: str = "") -> str:
    """Why the action at `tok` is negated, or "". `via`: the dependency the walk up from the trigger came by;
    a subject that is no one negates its verb's complements ("no group admitted carrying out the attack"), not
    the clause an adverbial hangs on it ("no one was killed when rebels shelled the town": the shelling was)."""
    lex = _lexicon()
    for child in tok.children:
        if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ in ("no", "neither")):
            return f"negated by '{child.text}'"
        if child.dep_ in ("aux", "advmod") and child.lower_ in ("never",):
            return f"negated by '{child.text}'"
        if via not in ("advcl", "conj") and child.dep_ in ("nsubj", "nsubjpass") and (
            child.lower_ in ("nobody", "none", "nothing", "noone")
            or any(g.dep_ == "det" and g.lower_ in ("no", "neither") for g in child.children)
        ):
            # "No group has admitted carrying out the attack", "nobody was hurt": a subject that is no one
            return f"negated by its subject '{' '.join(t.text for t in child.subtree)}'"
        if child.dep_ == "advmod" and child.lower_ == "yet" and tok.lemma_ == "have":
            return "not yet ('has yet to')"
    if tok.lemma_.lower() in lex["negators"] and tok.dep_ != "ROOT":
        return f"negated by '{tok.text}'"
    return ""


def _modal(tok: Token) -> str:
    lex = _lexicon()
    for child in tok.children:
        if child.dep_ in ("aux", "auxpass") and child.lower_ in lex["modal_aux"]:
            return f"modal '{child.text}'"
        if child.dep_ == "mark" and child.lower_ in ("if", "unless", "whether"):
            return f"conditional '{child.text}'"
    if tok.lower_ == "going" and any(c.dep_ == "xcomp" for c in tok.children):
        return "future 'going to'"
    return ""


def _is_past(tok: Token) -> bool:
    if tok.tag_ in ("VBD", "VBN"):
        return True
    if tok.pos_ == "NOUN":
        return tok.tag_ == "NNS" or any(c.lower_ in ("an", "a", "the") for c in tok.children)
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in tok.children)


def noun_under_plan(noun: Token, anchor: Token) -> str:
    """"gave the go-ahead to signing": a plan or a denial between a trigger noun and its verb."""
    lex = _lexicon()
    tok = noun.head
    while tok.i != anchor.i and tok.head.i != tok.i:  # Token objects are made anew per access: compare .i
        if tok.lemma_.lower() in lex["plan"] | lex["deny"]:
            return f"under '{tok.text}' (a plan, an approval or a denial)"
        tok = tok.head
    return ""


# What turns "have been killed" from news into a tally: a start ("since February"), a count of times, a span.
_TALLY_WORDS = {"since", "times", "repeatedly", "far", "recent", "past", "year", "years", "months", "weeks"}


def running_total(anchor: Token) -> str:
    """"At least 500 have been killed since the war began", "the town has been attacked three times":
    the present perfect with a start or a count sums up many incidents; it is no incident of its own."""
    if anchor.pos_ not in ("VERB", "AUX"):
        return ""
    # ("were abducted in 2023, and at least 2,580 people were killed in attacks": the year is the pair's)
    period = _whole_period(anchor) or (anchor.dep_ == "conj" and _whole_period(anchor.head))
    if period:
        return f"a total over '{period}', not one incident"
    perfect = any(c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ in ("VBP", "VBZ") for c in anchor.children)
    if not perfect:
        return ""
    subject = next((c for c in anchor.children if c.dep_ == "nsubj"), None)
    if subject is not None and subject.lower_ in ("that", "which") and anchor.dep_ == "relcl":
        subject = anchor.head
    if subject is not None and subject.lemma_.lower() in war_nouns():
        # "the decade-long insurgency has killed more than 6,200", "fighting that has killed more than 10,000":
        # what a war has done is its toll so far, not an incident
        return f"a running total (what '{subject.text}' has done so far), not one incident"
    # (and those of a perfect joined to it: "400 people have been killed and 240,000 have fled since then")
    joined = [c for c in anchor.children if c.dep_ == "conj" and any(
        a.dep_ == "aux" and a.lemma_ == "have" for a in c.children)]
    for child in [*anchor.children, *(c for j in joined for c in j.children)]:
        if child.dep_ == "advcl":
            words = {t.lower_ for t in child.children if t.dep_ == "mark"}
        elif child.dep_ == "prep":
            # the preposition and the head of its object with its modifiers: not a clause deep inside it
            words = {child.lower_} | {w.lower_ for o in child.children if o.dep_ == "pobj"
                                      for w in [o, *o.children] if w.dep_ in ("pobj", "amod", "det", "advmod")}
        elif child.dep_ in ("advmod", "npadvmod"):
            words = {child.lower_} | {t.lower_ for t in child.children}
        else:
            continue
        if "since" in words or (words & _TALLY_WORDS and not words & {"hours", "today", "night"}):
            return f"a running total ('{' '.join(t.text for t in child.subtree)[:40]}'), not one incident"
    return ""


_TODAY_WORDS = {"hours", "today", "tonight", "overnight", "morning", "afternoon", "evening"}
# Spans a deed dated by is a whole period, in any tense: "killed in 2023", "during the year", "so far this year".
_PERIOD_NOUNS = {"year", "years", "months", "decade", "decades"}
_PERIOD_DETERMINERS = {"this", "last", "past", "the", "that"}


def _whole_period(verb: Token) -> str:
    """"170 militants had been killed in the Valley so far this year", "at least 2,580 people were killed in
    attacks in 2023", "security forces killed 1,900 bandits during the year": the deed dated by a whole year (or
    months, "so far") is a sum of incidents, whatever the tense."""
    for child in verb.children:
        if child.dep_ == "advmod" and child.lower_ in ("nationwide", "countrywide"):
            return child.text  # "police arrested 300 opposition activists nationwide": a national tally
        if child.dep_ == "prep" and child.lower_ in ("across", "throughout") and any(
                o.dep_ == "pobj" and o.lower_ in ("country", "nation") for o in child.children):
            # "arrested over 300 leaders and activists across the country in the 24 hours": no place, a tally
            return " ".join(t.text for t in child.subtree)
        if child.dep_ in ("npadvmod", "advmod") and child.lower_ in ("year", "far") and (
                child.lower_ == "far" and any(t.lower_ == "so" for t in child.children)
                or any(d.lower_ in _PERIOD_DETERMINERS - {"the"} for d in child.children)):
            return " ".join(t.text for t in child.subtree)
        if child.dep_ != "prep" or child.lower_ not in ("in", "during", "over", "throughout"):
            continue
        for obj in (o for o in child.children if o.dep_ == "pobj"):
            year = obj.like_num and len(obj.text) == 4 and obj.text.isdigit() and obj.text[:2] in ("19", "20")
            month_named = any(t.ent_type_ == "DATE" and not t.like_num for t in obj.children)
            span = obj.lower_ in _PERIOD_NOUNS and any(d.lower_ in _PERIOD_DETERMINERS for d in obj.children)
            if (year and not month_named) or span:
                return " ".join(t.text for t in child.subtree)
    return ""


def _campaign(anchor: Token) -> str:
    """"Insurgents have been attacking government installations around the country", "Al Shabaab is fighting to
    topple the government": the perfect progressive tells a campaign, the progressive with a purpose an aim; neither
    is one incident (a progressive of the day, "have been fighting since this morning", is)."""
    if anchor.tag_ != "VBG" or anchor.pos_ not in ("VERB", "AUX"):
        return ""
    auxes = [c for c in anchor.children if c.dep_ == "aux"]
    if any(t.lower_ in _TODAY_WORDS for t in anchor.sent):
        return ""
    if any(a.lower_ == "been" for a in auxes) and any(a.lemma_ == "have" and a.tag_ in ("VBP", "VBZ") for a in auxes):
        return f"a campaign ('{' '.join(a.text for a in auxes)} {anchor.text}'), not one incident"
    if any(a.lemma_ == "be" and a.tag_ in ("VBP", "VBZ") for a in auxes) and any(
            c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children) for c in anchor.children):
        return f"an aim ('{anchor.text} to ...'), not one incident"
    return ""


# The links from a word up to a noun it describes and on to that noun's verb: "66 of whom were fighters who were
# killed" hangs on "190 militants", the object of a tally's "have killed".
_NOUN_LINKS = {"relcl", "acl", "attr", "dobj", "nsubj", "nsubjpass", "pobj", "prep", "appos"}


def inside_running_total(anchor: Token) -> str:
    """"The army has killed 190 militants this year, 66 of whom were foreigners who were killed along the border":
    a killing told inside a running total's object is part of the total, not an incident of its own."""
    tok = anchor
    for _ in range(8):
        if tok.dep_ not in _NOUN_LINKS or tok.head.i == tok.i:
            return ""
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX") and tok.i != anchor.i:
            total = running_total(tok)
            if total:
                return total
    return ""


def _a_depiction_does(verb: Token, depictions: set[str]) -> bool:
    """Is the verb's subject a picture or a video: "a video showed ...", "pictures featuring ...", "posted a
    series of pictures, featuring ..."?"""
    heads = [verb.head, *(c for c in verb.children if c.dep_ == "nsubj")]
    heads += [c for c in verb.head.children if c.dep_ == "dobj"] if verb.dep_ == "advcl" else []
    return any(t.lemma_.lower() in depictions for h in heads for t in (h, *(g for p in h.children if p.dep_ == "prep"
                                                                          and p.lower_ == "of" for g in p.children)))


# The words that may stand between "the anniversary of" and the deed remembered when the parser has lost the link
# ("the anniversary of the day Boko Haram fighters killed 30 students" is parsed as two clauses joined by "and").
_REMEMBERED_REACH = 12


def remembered(anchor: Token) -> str:
    """The word under which a deed is remembered, not reported ("to mark the anniversary of the massacre, in which
    140 were killed", "in memory of three civilians killed by troops"); "" if none. Read on the parse, and, the
    parse failing, on the words: "the anniversary of the day ..." with no break before the deed."""
    words = remembering_words()
    for up in anchor.ancestors:
        if up.lemma_.lower() in words:
            return up.text
    sent = anchor.sent
    for k in range(anchor.i - 1, max(sent.start, anchor.i - _REMEMBERED_REACH) - 1, -1):
        tok = anchor.doc[k]
        if tok.is_punct:
            return ""
        if tok.lemma_.lower() in words and k + 1 < anchor.i and anchor.doc[k + 1].lower_ == "of":
            return tok.text
    return ""


def _allegation_denied(anchor: Token) -> str:
    """"Claims that the army targeted civilians are lies", "dismissed reports that soldiers had killed civilians as
    baseless": a deed told as an allegation that the speaker calls false is denied, not reported."""
    lex = _lexicon()
    false_words = lex["falsity"]
    for up in list(anchor.ancestors)[:4]:
        if up.lemma_.lower() not in lex["allegations"] or up.pos_ != "NOUN":
            continue
        if up.dep_ == "dobj" and up.head.lemma_.lower() in lex["deny"]:
            return f"an allegation ('{up.text}') {up.head.text}"
        if up.dep_ == "nsubj" and any(c.dep_ in ("attr", "acomp") and c.lemma_.lower() in false_words
                                      for c in up.head.children):
            return f"an allegation ('{up.text}') called false"
        break
    # ("... as baseless": the parser hangs the verdict on the deed)
    if any(c.lemma_.lower() in false_words and any(g.lower_ == "as" for g in c.children) for c in anchor.children):
        return "an allegation called false"
    return ""


def _general_infinitive(verb: Token) -> bool:
    """"It is cheaper to buy a gun and take hostages than to farm": an infinitive that an adjective or a present
    "is" governs says what is done in general, not what was done ("used tear gas to disperse them" is a deed's
    purpose, governed by the deed)."""
    head = verb
    while head.dep_ == "conj" and head.head is not head:
        head = head.head
    if head.tag_ != "VB" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children):
        return False
    governor = head.head
    return governor.pos_ == "ADJ" or (governor.lemma_ == "be" and governor.tag_ in ("VBZ", "VBP"))


def _past_in_present_form(verb: Token) -> bool:
    """"Protesters set tyres on fire and blocked the road on Monday": "set", "hit", "cut" are past in the same
    form; the tagger's "present" is a guess that a past verb joined to it, or a day named, overrules."""
    if verb.tag_ != "VBP" or verb.lower_ not in _lexicon()["same_past_form"]:
        return False
    joined = [c for c in verb.children if c.dep_ == "conj"] + ([verb.head] if verb.dep_ == "conj" else [])
    return any(j.tag_ == "VBD" for j in joined) or any(t.ent_type_ == "DATE" for t in verb.sent)


def factuality(anchor: Token, attack_like: bool, in_title: bool = False) -> Factuality:
    """Whether the action at `anchor` is asserted to have happened."""
    lex = _lexicon()
    tok = anchor
    claimant = ""
    own_deed, speaker = False, -1
    via = ""
    prev = None  # the token the walk came up from: "fear" governs "of being detained", not any clause below it
    for _ in range(8):
        reason = _negated(tok, via) or _modal(tok)
        if reason:
            return Factuality(False, reason)
        lemma = tok.lemma_.lower()
        if tok.dep_ in ("relcl", "acl") and tok.tag_ == "VB" and tok.head.pos_ == "NOUN" and any(
                c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children) \
                and tok.head.lemma_.lower() not in lex["attempt"] | {"bid"}:
            # "took steps to detain escaped prisoners", "efforts to arrest the gunmen": an aim, not a deed ("attempts
            # to attack the soldiers, which were all repelled" were made: the attempt rule below reads them)
            return Factuality(False, f"an infinitive on '{tok.head.text}' (an aim, not a deed)")
        if tok is not anchor:
            if lemma in lex["habitual"] and tok.tag_ in ("VBZ", "VBP") and via in ("xcomp", "conj"):
                # "al-Shabaab continues to plant roadside bombs along the border": a habit, not a dated event
                return Factuality(False, f"under '{tok.text}' (a habit told in the present, not an event)")
            if lemma in lex["plan"] and not (lemma == "set" and any(c.dep_ == "prt" for c in tok.children)):
                # ("is set to attack" is a plan; "set off a car bomb, killing" and "set up" are deeds)
                return Factuality(False, f"under '{tok.text}' (a plan, threat or forecast)")
            plan_object = next((c for c in tok.children if c.dep_ == "dobj" and c.lemma_.lower() in lex["plan"]), None)
            if tok.pos_ == "VERB" and plan_object is not None:
                # "gave his go-ahead to signing", "issued orders to attack": the object is the plan
                return Factuality(False, f"under '{tok.text} {plan_object.text}' (a plan, an order or an approval)")
            if lemma in lex["deny"]:
                return Factuality(False, f"under '{tok.text}' (denied)")
            if lemma in lex["feared"] and prev is not None and prev.lower_ == "of":
                return Factuality(False, f"under '{tok.text} of' (feared, not done)")
            if lemma in lex["attempt"]:
                # An attempted attack that was made is an event (usually a clash).
                if not (attack_like and _is_past(tok)):
                    return Factuality(False, f"under '{tok.text}' (an attempt not known to be made)")
            if lemma in lex["report"] and tok.pos_ == "VERB":
                subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subj is None and tok.dep_ == "advcl" and tok.tag_ == "VBG":
                    # "claimed the attack through its news agency, saying its fighters had killed ...": the
                    # speaker of the participle is the subject of the verb it hangs on
                    subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
                claimant = " ".join(t.text for t in subj.subtree) if subj is not None else ""
                if subj is not None and prev is not None and not own_deed:
                    own_deed = _tells_its_own_deed(anchor, prev)
                    speaker = subj.i if own_deed else speaker
        dep = tok.dep_
        if dep == "relcl" or dep == "ROOT" or tok.head is tok:
            break
        if dep == "advcl" and _is_past(tok) and any(c.dep_ == "mark" and c.lower_ in _TOLD_AS_DONE for c in tok.children):
            break  # "a curfew was called after two people were killed": the killing is told as done, not planned
        if dep == "pobj" and tok.head.lower_ == "by" and tok is not anchor:
            break
        if dep == "pcomp" and tok.head.lower_ == "by":
            break  # "by attacking villages": the means of an action are done
        if dep not in _SCOPE_DEPS and dep not in ("nsubj", "nsubjpass", "compound", "amod", "nmod"):
            break
        prev, tok, via = tok, tok.head, dep
    denied = _allegation_denied(anchor)
    if denied:
        return Factuality(False, denied)
    if _general_infinitive(anchor):
        return Factuality(False, "an infinitive of a general statement, not a deed")
    memory = remembered(anchor)
    if memory:
        return Factuality(False, f"under '{memory}': remembered, not reported")
    for verb in anchor.ancestors:
        if verb.lemma_.lower() in lex["depicting"] and _a_depiction_does(verb, lex["depictions"]):
            return Factuality(False, f"under '{verb.text}' of a picture or a video (shown, not reported)")
    total = running_total(anchor) or inside_running_total(anchor)
    if total:
        return Factuality(False, total)
    campaign = _campaign(anchor)
    if campaign and not in_title:
        return Factuality(False, campaign)
    if anchor.pos_ in ("VERB", "AUX") and anchor.tag_ in ("VBP", "VBZ") and not in_title:
        has_perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in anchor.children)
        if not has_perfect and not _past_in_present_form(anchor):
            return Factuality(False, "present tense: a habit or a state, not a dated event")
    return Factuality(True, "asserted", claimant, own_deed, speaker)


def claimed_deed(noun: Token, anchor: Token) -> Token | None:
    """The claimant, if the deed named by `noun` is the object of a claim of responsibility ("JNIM claimed the
    attack", "took responsibility for the bombing")."""
    lemma = anchor.lemma_.lower()
    if lemma not in ("claim", "take", "accept", "admit"):
        return None
    if lemma == "claim" and noun.head.i == anchor.i and noun.dep_ == "dobj":
        pass
    elif not (noun.dep_ == "pobj" and noun.head.lower_ == "for" and noun.head.head.lower_ == "responsibility"
              and noun.head.head.head.i == anchor.i):
        return None
    return next((c for c in anchor.children if c.dep_ == "nsubj"), None)


# the words by which a speaker names its own side as the doer: "it", "they", "we"; "its fighters", "his men"
_OWN_SUBJECTS = {"it", "they", "we"}
_OWN_POSSESSIVES = {"its", "their", "our", "his"}


def _tells_its_own_deed(anchor: Token, clause: Token) -> bool:
    """Is the doer of the deed at `anchor`, in the clause `clause` a speaker's verb governs, the speaker's own side
    ("said it had killed", "said its aircraft had struck", "told a channel that his men had killed")?"""
    verb = anchor if anchor.pos_ in ("VERB", "AUX") else anchor.head
    if verb.i != clause.i and not (verb.dep_ == "conj" and verb.head.i == clause.i):
        return False  # "residents said they saw gunmen kill ...": the speaker saw; the deed is another's
    doer = next((c for c in clause.children if c.dep_ == "nsubj"), None)
    if doer is None:
        return False
    return doer.lower_ in _OWN_SUBJECTS or any(c.dep_ == "poss" and c.lower_ in _OWN_POSSESSIVES for c in doer.children)
