"""Numbers: counts and fatalities from digits and number words.

ACLED's rules: the lowest credible figure; "several"/"a few" -> 3, "many" ->
10, "dozens" -> 12, "hundreds" -> 100; no figure, or only "casualties" -> 0.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Span as SpacySpan, Token

from ..extract.frames import earlier_by_a_span, listed_among, toll_told
from ..extract.modality import inside_running_total, remembered, running_total
from ..knowledge import load_yaml
from ..knowledge.lexicon import lexicon
from ..records import Span

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
_VICTIM_DEPS = {"dobj", "nsubjpass", "nsubj", "attr", "appos"}


@lru_cache(maxsize=1)
def _vague() -> dict[str, int]:
    """ACLED's figure for each vague quantity ("several" 3, "dozens" 12), from numbers.yaml."""
    return {str(k): int(v) for k, v in load_yaml("numbers.yaml")["vague_quantities"].items()}


def _lost_people(child: Token) -> bool:
    """"lost five soldiers": a counted object that is a force's own people."""
    return child.dep_ == "dobj" and child.lemma_.lower() in load_yaml("numbers.yaml")["lost_people"] \
        and count_of(child) is not None


@lru_cache(maxsize=1)
def _death_words() -> frozenset[str]:
    return frozenset(load_yaml("numbers.yaml")["death_words"])


@lru_cache(maxsize=1)
def _animal_nouns() -> frozenset[str]:
    return frozenset(load_yaml("numbers.yaml")["animal_nouns"])


def word_to_int(text: str) -> int | None:
    """'12', '1,200', 'eight', 'twenty-five', 'dozens' -> an integer, else None."""
    t = text.lower().strip().replace(",", "")
    if re.fullmatch(r"\d+", t):
        return int(t)
    if t in _UNITS:
        return _UNITS[t]
    if t in _TENS:
        return _TENS[t]
    parts = re.split(r"[-\s]", t)
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _UNITS:
        return _TENS[parts[0]] + _UNITS[parts[1]]
    return _vague().get(t)


_TOTAL_NOUNS = {"total", "number", "toll", "tally"}


def count_of(token: Token) -> tuple[int, Token] | None:
    """The number modifying a noun ("eight attacks", "at least 12 people"); no count of animals ("39 cattle")."""
    if token.lower_ in _animal_nouns() or token.lemma_.lower() in _animal_nouns():
        return None
    if token.lemma_.lower() in _TOTAL_NOUNS:
        # "killed a total of 28 rebels": the figure is on the noun after "of"
        counted = _of_whom(token)
        if counted is not None:
            return count_of(counted)
    for child in token.children:
        if child.like_num and token.tag_ == "NNS" and token.doc[child.i - 1].text == "(":
            value = word_to_int(child.text)  # "killing all passengers (6)": a plural's count in brackets
            if value is not None:
                return value, child
        if child.like_num and child.i > token.i and (
                child.dep_ in ("appos", "npadvmod") or token.doc[child.i - 1].text == ","):
            continue  # "John Doe, 21, was killed": an age, not a count
        if _YEAR.fullmatch(child.text) and token.tag_ in ("NN", "NNP"):
            continue  # "the 2014 school massacre": a year on a singular noun, not a count
        if child.dep_ in ("nummod", "amod", "quantmod") or child.like_num:
            value = word_to_int(child.text)
            if value is None and child.dep_ == "nummod":
                compound = " ".join(t.text for t in child.subtree if t.like_num or t.lower_ in _vague())
                value = word_to_int(compound)
            if value is not None:
                return _low_end(value, child)
    if token.lower_ in _vague() and token.dep_ in _VICTIM_DEPS:
        return _vague()[token.lower_], token
    return None


def fatalities_in(sentence: SpacySpan, article_id: str) -> tuple[int, Span | None]:
    """Deaths reported in a sentence: the numbers attached to killing words, added up over different victims.

    "was killed" or "fatally shot" with one named or singular victim is one
    death; a plural with no figure stays 0 (ACLED: no figure, no fatalities).
    """
    found_by_victim: dict[int, tuple[int, Token, Token]] = {}
    for tok in sentence:
        # "fatally shot", and "gunned down four militants" (a killing, unlike "shot down a drone")
        fatal = any(c.lower_ == "fatally" for c in tok.children) or (
            tok.lemma_.lower() == "gun" and any(c.dep_ == "prt" and c.lower_ == "down" for c in tok.children))
        # "cost the lives of two young people", "claimed the lives of 12 soldiers" (not "the lives of millions
        # are at risk")
        lives_taken = tok.lemma_.lower() == "life" and tok.dep_ == "dobj" \
            and tok.head.lemma_.lower() in lexicon()["take_lives_verbs"]
        if (tok.lemma_.lower() not in _death_words() and not fatal and not lives_taken) or _negated(tok) or _tally(tok):
            continue
        if earlier_by_a_span(tok) or remembered(tok):
            continue  # "gathered to mark ten years since gunmen killed 148": the dead of the event remembered
        if tok.lemma_.lower() == "lose" and not any(c.lower_ in ("lives", "life") or _lost_people(c)
                                                    for c in tok.children):
            continue
        found = None
        victim = None
        for child in tok.children:
            # the subject of "killed" is the killer; of "died", or of "dead", the victim
            if child.dep_ in _VICTIM_DEPS and (child.dep_ != "nsubj" or tok.pos_ != "VERB" or tok.lemma_ == "die"):
                victim = victim or child
            if child.dep_ == "nsubj" and tok.pos_ == "VERB" and any(
                    c.dep_ == "dobj" and count_of(c) for c in tok.children):
                continue  # "Two explosions killed 18 people": the subject of a killing with an object killed
            if child.dep_ in _VICTIM_DEPS:
                victims = [child] + [x for x in child.conjuncts if not _subject_of_next(x) and not _past_a_verb(child, x)]
                # ("a soldier and six suspected rebels": the singular victim beside a count is one more)
                parts = [c for c in (count_of(x) or ((_a_person(x) or ((1, x) if _one_person(x) else None))
                                                     if len(victims) > 1 else None) for x in victims) if c]
                if parts:
                    # "twelve militants and three soldiers were killed": the dead add up; but "six civilians,
                    # three women and three men": the figures after the first break it down
                    values = [v for v, _ in parts]
                    # (the first is a group's word: "four men, two women and two children" are eight)
                    broken_down = len(values) >= 3 and values[0] == sum(values[1:]) and \
                        victims[0].lemma_.lower() not in _breakdown_nouns() and all(
                            x.lemma_.lower() in _breakdown_nouns() for x in victims[1:])
                    found = (values[0] if broken_down else sum(values), min((t for _, t in parts), key=lambda t: t.i))
                    victim = child
                    break
        if found is None and victim is None and tok.dep_ == "conj" and tok.tag_ in ("VBN", "VBD") \
                and tok.head.tag_ == "VBN" and not any(c.dep_ in ("nsubj", "dobj") for c in tok.children):
            # "two guards were shot and killed", "a demonstrator was shot in the chest and died": the second
            # verb of the passive shares its subject
            shared = next((c for c in tok.head.children if c.dep_ == "nsubjpass"), None)
            if shared is not None:
                found = count_of(shared)
                victim = shared
        if found is None and tok.dep_ in ("oprd", "acomp", "ccomp", "advmod", "xcomp") and \
                tok.head.lemma_.lower() in _LEAVES_DEAD:
            # "leaving eleven fighters dead", "shot dead a village chief", "two guards were shot dead":
            # the victims are the verb's object, or its subject in the passive
            victims = next((c for c in tok.head.children if c.dep_ in ("dobj", "nsubjpass")), None)
            # ("leaving three dead": the victims a bare number)
            found = (count_of(victims) or _as_number(victims) or _people_listed(victims)
                     or ((1, victims) if _one_person(victims) else None)) if victims is not None else None
            victim = victims
        if found is None and tok.lower_ == "death" and tok.dep_ == "pobj" and tok.head.lower_ == "to" \
                and tok.head.head.pos_ == "VERB" and tok.head.head.lemma_.lower() not in ("sentence", "condemn"):
            # "hacked to death at least 22 civilians", "two men were beaten to death": the verb's victims; of
            # a verb with no object, its subject ("two people burned to death in the blaze")
            verb_children = list(tok.head.head.children)
            victims = next((c for c in verb_children if c.dep_ in ("dobj", "nsubjpass")), None)
            if victims is None and tok.head.head.lemma_.lower() in ("burn", "freeze", "starve", "bleed"):
                victims = next((c for c in verb_children if c.dep_ == "nsubj"), None)
            if victims is None and tok.head.head.dep_ == "acl":
                victims = tok.head.head.head  # "two passengers burned to death", "three men beaten to death"
            found = (count_of(victims) or _people_listed(victims) or _a_person(victims)) \
                if victims is not None else None
            victim = victims
        if found is None and (subject := listed_among(tok)) is not None:
            # "two officers and six conscripts were among those killed": the copula's subjects are dead
            parts = [c for c in (count_of(x) for x in (subject, *subject.conjuncts)) if c]
            if parts:
                found = (sum(v for v, _ in parts), parts[0][1])
                victim = subject
        if found is None and tok.dep_ in ("amod", "acl") and tok.head.pos_ in ("NOUN", "PROPN", "NUM"):
            # ("5 killed and 2 injured": the number the participle hangs on, not the one conjoined to it)
            found = _as_number(tok.head) if tok.head.like_num else count_of(tok.head) or _as_number(tok.head)
            victim = tok.head
        if found is None and (lives_taken or tok.lemma_.lower() == "death"):
            # "resulted in the death of seven people": the dead are what the noun is "of"
            of_whom = _of_whom(tok)
            if of_whom is not None:
                found = count_of(of_whom) or _as_number(of_whom)
                victim = of_whom
        if found is None:
            found = count_of(tok)
        if found is None and tok.head.like_num:
            found = _as_number(tok.head)
        if found is None and victim is not None and _one_person(victim):
            found = (1, victim)  # "he was killed", "fatally shot the ambassador"
        if found:
            value, num = found
            key = (victim if victim is not None else num).i
            if value > found_by_victim.get(key, (0, num, tok))[0]:
                found_by_victim[key] = (value, num, tok)
    if not found_by_victim:
        return _toll_figure(sentence, article_id)
    told = _toll_figure(sentence, article_id)
    if told[0] > sum(v for v, _, _ in found_by_victim.values()):
        return told  # "the toll had risen to 14 ... after five of the wounded died overnight": the total told
    total = sum(v for v, _, _ in found_by_victim.values())
    value, num, tok = max(found_by_victim.values(), key=lambda x: x[0])
    # the evidence is the largest figure's phrase ("nine were killed", "killing nine civilians")
    start = min(num.idx, tok.idx)
    end = max(num.idx + len(num.text), tok.idx + len(tok.text))
    return total, Span(article_id, start, end, sentence.doc.text[start:end])


def _toll_figure(sentence: SpacySpan, article_id: str) -> tuple[int, Span | None]:
    """"The death toll rose to 23": a toll told as a figure of its own, with no killing word counting the dead."""
    for tok in sentence:
        told = toll_told(tok)
        if told is None:
            continue
        found = _as_number(told[1])
        if found is not None and _a_year(found[1]):
            continue  # "pushed the death toll to levels not seen since 2008": a year, not a count
        if found is not None:
            value, num = _low_end(*found)
            start, end = min(tok.idx, num.idx), max(tok.idx + len(tok.text), num.idx + len(num.text))
            return value, Span(article_id, start, end, sentence.doc.text[start:end])
    return 0, None


_YEAR = re.compile(r"(?:19|20)\d\d")


def _a_year(num: Token) -> bool:
    """"levels not seen since 2008": a year told as one (a date, or after "since", "in" ...), not a count."""
    return bool(_YEAR.fullmatch(num.text)) and (
        num.ent_type_ == "DATE" or (num.i > 0 and num.doc[num.i - 1].lower_ in ("since", "in", "of", "until", "before")))


def more_dead(sentence: SpacySpan) -> bool:
    """"Two civilians were also killed", "two more soldiers died", "another three people were killed": deaths
    told as more than those of the sentence before, to be added to its figure, not weighed against it.

    The word must sit on the killing word or on its victims ("more than 20 were killed" is a floor, not more).
    """
    words = frozenset(load_yaml("numbers.yaml")["more_dead_words"])
    for tok in sentence:
        if tok.lemma_.lower() not in _death_words() or _negated(tok):
            continue
        verbs = [tok, tok.head] if tok.dep_ == "conj" else [tok]  # "were also shot and killed"
        if any(c.dep_ == "advmod" and c.lower_ == "also" for v in verbs for c in v.children):
            return True
        for victim in (c for c in tok.children if c.dep_ in _VICTIM_DEPS):
            if victim.dep_ == "nsubj" and tok.lemma_.lower() != "die":
                continue  # the subject of "killed" is the killer
            if any(t.lower_ == "than" for t in victim.subtree):
                continue  # "more than 20", "more civilians than soldiers": a floor or a comparison
            for t in victim.subtree:
                before = t.doc[t.i - 1].lower_ if t.i > 0 else ""
                if t.lower_ == "another" and t.dep_ == "det" or \
                        t.lower_ in words and t.dep_ in ("amod", "advmod") and before != "or":
                    return True  # "another three people", "two more soldiers" (not "20 or more people")
    return False


_ONE_PERSON_PRONOUNS = {"he", "she", "him", "her"}
# Verbs after which "dead" tells a death and its victim: "leaving six dead", "shot dead", "beaten dead".
_LEAVES_DEAD = {"leave", "shoot", "gun", "beat", "stab", "hack", "stone", "club", "burn"}


def _of_whom(tok: Token) -> Token | None:
    """What a noun is "of": "a total of 28 rebels" -> rebels, "the death of seven people" -> people."""
    return next((g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                 for g in c.children if g.dep_ == "pobj"), None)


def _a_person(tok: Token) -> tuple[int, Token] | None:
    """"a soldier", "her son" (listed with another victim): one victim, as a count ("one policeman" is counted by
    `count_of` already); "two of the clan fighters": a partitive count."""
    if tok.tag_ == "NN" and tok.lemma_.lower() in _person_nouns() and any(
            (c.dep_ == "det" and c.lower_ in ("a", "an")) or (c.dep_ == "poss" and c.lower_ in ("his", "her", "their"))
            for c in tok.children):
        return 1, tok
    if tok.like_num and any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
        value = word_to_int(tok.text)
        if value is not None:
            return value, tok
    return None


def _people_listed(tok: Token) -> tuple[int, Token] | None:
    """"shot dead a village head and his nephew": persons listed one by one, with or without counts, add up."""
    listed = [tok, *tok.conjuncts]
    if len(listed) < 2:
        return None
    parts = [count_of(x) or _a_person(x) or ((1, x) if _one_person(x) else None) for x in listed]
    if not all(parts):
        return None
    return sum(v for v, _ in parts), min((t for _, t in parts), key=lambda t: t.i)


def _one_person(tok: Token) -> bool:
    """A single victim: "he", "the ambassador", "Karlov" (not "civilians", not "the bus")."""
    if tok.lower_ in _ONE_PERSON_PRONOUNS:
        return True
    if tok.lower_ == "another" and tok.dep_ in ("nsubj", "nsubjpass"):
        return True  # "two burned to death and another later died": one more
    if tok.tag_ == "NNP" and tok.ent_type_ == "PERSON":
        return True
    if tok.tag_ in ("NN", "NNP", "JJ") and tok.ent_type_ == "NORP" and any(
            c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children):
        return True  # "a Palestinian was killed", "an Afghan was shot dead"
    if tok.tag_ == "NN" and tok.lemma_.lower() in _person_nouns():
        return True
    # the one victim of a killing word, whatever his trade: "a National Police Reservist was killed", "shot dead the
    # director", "a truck driver and his helper" (not a thing: "the blast killed the deal", "killed a cow")
    return tok.tag_ in ("NN", "NNP") and tok.ent_type_ not in _NOT_BEING_ENTITIES and \
        tok.lemma_.lower() not in _not_beings() and tok.lemma_.lower() not in lexicon()["civilian_targets"]


_NOT_BEING_ENTITIES = {"GPE", "LOC", "FAC", "DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT",
                       "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"}


@lru_cache(maxsize=1)
def _not_beings() -> frozenset[str]:
    return frozenset(load_yaml("numbers.yaml")["not_beings"])


@lru_cache(maxsize=1)
def _breakdown_nouns() -> frozenset[str]:
    return frozenset(load_yaml("numbers.yaml")["breakdown_nouns"])


@lru_cache(maxsize=1)
def _person_nouns() -> frozenset[str]:
    return frozenset(load_yaml("numbers.yaml")["person_nouns"])


def _past_a_verb(first: Token, other: Token) -> bool:
    """"killed 60 soldiers and militiamen and captured weapons and two armoured vehicles": a conjunct the parser
    hangs on the victims across another verb is that verb's object, not more of the dead."""
    lo, hi = sorted((first.i, other.i))
    # A clause's verb, or a verb just after "and" ("and captured weapons", however the parser hangs it); not a verb
    # inside a victim's own clause ("three soldiers, two of whom were travelling home, and four civilians") nor a
    # victim's participle ("six suspected rebels").
    return any(t.pos_ == "VERB" and (t.dep_ in _CLAUSE_DEPS or t.doc[t.i - 1].dep_ == "cc")
               and not any(a.dep_ in ("relcl", "acl") for a in t.ancestors if lo < a.i < hi)
               for t in first.doc[lo + 1 : hi])


_CLAUSE_DEPS = {"conj", "ROOT", "ccomp", "advcl", "parataxis"}


def _subject_of_next(tok: Token) -> bool:
    """"killed nine people and six people sustained injuries": the parser joins the two nouns, but the second
    is the subject of the verb after it, not more of the dead."""
    after = tok.right_edge.i + 1
    return after < len(tok.doc) and tok.doc[after].pos_ == "VERB" and tok.doc[after].lemma_.lower() not in _death_words()


_RANGE_WORDS = {"to", "-", "–", "or", "and"}


def _low_end(value: int, num: Token) -> tuple[int, Token]:
    """"ten to 15 villagers", "20-30 people", "between 20 and 30": a range's low end (ACLED's lowest credible
    figure). The parser hangs the first figure on the last, with the range word beside it."""
    words = {c.lower_ for c in num.children if c.dep_ in ("quantmod", "cc", "punct", "prep")}
    if not words & _RANGE_WORDS:
        return value, num
    lows = [(v, c) for c in num.children if c.i < num.i and c.like_num and c.dep_ in ("quantmod", "nummod", "compound")
            for v in [word_to_int(c.text)] if v is not None]
    return min([(value, num), *lows], key=lambda x: x[0])


def _as_number(tok: Token) -> tuple[int, Token] | None:
    value = word_to_int(tok.text)
    return (value, tok) if value is not None else None


def _negated(tok: Token) -> bool:
    """"were not killed", "killing nobody", "no one was killed": no death ("one" is then no count)."""
    return any(c.dep_ == "neg" for c in tok.children) or any(
        c.lower_ in ("no", "nobody", "none") or c.lower_ == "one" and any(g.lower_ == "no" for g in c.children)
        for c in tok.children
    )


def _tally(tok: Token) -> bool:
    """"have killed 190 militants this year": a running total's dead are no incident's toll."""
    return bool(running_total(tok) or inside_running_total(tok))
