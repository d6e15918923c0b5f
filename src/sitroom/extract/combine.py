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

from ..knowledge.lexicon import lexicon, tells_a_total
from ..records import Mention
from ..settings import ALONE_AT, ALONE_TYPE_AT, DROP_AT, RETYPE_AT, RULES_SHARE
from .classifier import NOT_EVENT, Verdict

DROPPABLE = {f"{NOT_EVENT}/crime", f"{NOT_EVENT}/natural disaster", f"{NOT_EVENT}/man-made disaster"}


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
    return verdict.sub_event_type is not None and verdict.event_probability >= ALONE_AT \
        and verdict.probability >= ALONE_TYPE_AT


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


def review_mentions(mentions: list[Mention], verdicts: dict[tuple[int, int], Verdict]) -> list[Mention]:
    """Article mode: weigh, retype or drop mentions by what the classifier reads in their sentence.

    `verdicts` holds the classifier's reading of each sentence of the article,
    keyed by the sentence's character span.
    """
    groups: dict[tuple[int, int], list[Mention]] = {}
    for m in mentions:
        groups.setdefault((m.sentence.start, m.sentence.end), []).append(m)
    dropped: set[int] = set()
    for key, group in groups.items():
        verdict = verdicts.get(key)
        if verdict is None:
            continue
        lead = max(group, key=lambda m: m.confidence)
        for m in group:
            m.reasons.append(verdict.reason())
            if verdict.kind in DROPPABLE and verdict.probability >= DROP_AT:
                m.reasons.append(f"dropped: the classifier reads {verdict.kind.split('/', 1)[1]}")
                dropped.add(id(m))
                continue
            new_type = verdict.sub_event_type
            if m is lead and new_type and new_type != m.sub_event_type and verdict.probability >= RETYPE_AT \
                    and not {new_type, m.sub_event_type} <= SIDE_DECIDES:
                m.reasons.append(f"retyped from {m.sub_event_type} by the classifier")
                m.sub_event_type = new_type
            m.sub_event_type, why = codebook(m.sub_event_type, m.sentence.text, [m.sub_event_type])
            if why:
                m.reasons.append(why)
            m.confidence = event_confidence(m, verdict)
    return [m for m in mentions if id(m) not in dropped]
