"""Numbers: counts and fatalities from digits and number words.

ACLED's rules: the lowest credible figure; "several"/"a few" -> 3, "many" ->
10, "dozens" -> 12, "hundreds" -> 100; no figure, or only "casualties" -> 0.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Span as SpacySpan, Token

from ..knowledge import load_yaml
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


@lru_cache(maxsize=1)
def _death_words() -> frozenset[str]:
    return frozenset(load_yaml("numbers.yaml")["death_words"])


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


def count_of(token: Token) -> tuple[int, Token] | None:
    """The number modifying a noun ("eight attacks", "at least 12 people")."""
    for child in token.children:
        if child.dep_ in ("nummod", "amod", "quantmod") or child.like_num:
            value = word_to_int(child.text)
            if value is None and child.dep_ == "nummod":
                compound = " ".join(t.text for t in child.subtree if t.like_num or t.lower_ in _vague())
                value = word_to_int(compound)
            if value is not None:
                return value, child
    if token.lower_ in _vague() and token.dep_ in _VICTIM_DEPS:
        return _vague()[token.lower_], token
    return None


def fatalities_in(sentence: SpacySpan, article_id: str) -> tuple[int, Span | None]:
    """Deaths reported in a sentence: the number attached to a killing word."""
    best: tuple[int, Span | None] = (0, None)
    for tok in sentence:
        if tok.lemma_.lower() not in _death_words() or _negated(tok):
            continue
        if tok.lemma_.lower() == "lose" and not any(c.lower_ in ("lives", "life") for c in tok.children):
            continue
        found = None
        for child in tok.children:
            if child.dep_ in _VICTIM_DEPS:
                parts = [c for c in (count_of(x) for x in (child, *child.conjuncts)) if c]
                if parts:
                    # "twelve militants and three soldiers were killed": the dead add up
                    found = (sum(v for v, _ in parts), min((t for _, t in parts), key=lambda t: t.i))
                    break
        if found is None and tok.dep_ in ("oprd", "acomp", "ccomp") and tok.head.lemma_.lower() == "leave":
            # "leaving eleven fighters dead": the victims are the object of "leave"
            victims = next((c for c in tok.head.children if c.dep_ == "dobj"), None)
            found = count_of(victims) if victims is not None else None
        if found is None and tok.dep_ in ("amod", "acl") and tok.head.pos_ in ("NOUN", "PROPN", "NUM"):
            found = count_of(tok.head) or _as_number(tok.head)
        if found is None:
            found = count_of(tok)
        if found is None and tok.head.like_num:
            found = _as_number(tok.head)
        if found:
            value, num = found
            if value > best[0]:
                # "nine were killed" or "killing nine civilians": the span runs from the first word to the last
                start = min(num.idx, tok.idx)
                end = max(num.idx + len(num.text), tok.idx + len(tok.text))
                best = (value, Span(article_id, start, end, sentence.doc.text[start:end]))
    return best


def _as_number(tok: Token) -> tuple[int, Token] | None:
    value = word_to_int(tok.text)
    return (value, tok) if value is not None else None


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children) or any(
        c.lower_ in ("no", "nobody") for c in tok.children
    )
