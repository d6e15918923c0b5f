"""combine: the rule coder's mentions + the classifier's verdicts -> the coder's decision.

Two places use it (the second through `pipeline.decide`):

- articles (`review_mentions`): each sentence that holds rule mentions is read
  by the classifier. Its confidence in the mention's type becomes half of the
  mention's confidence; it retypes a sentence's lead mention only when it is
  sure; it drops a mention only when it is sure the sentence is ordinary
  crime or a disaster. It never adds an event to an article: an event there
  needs the roles, place and date that only the rules find. Claims, blame and
  diplomacy are not grounds to drop a mention in an article: "IS claimed the
  bombing that killed eight" still reports the bombing.
- snippets (`decide`): a short text is one unit, as in CASE 2021 task 2; the
  classifier's verdict is the answer, and the rules' events are its evidence.
  A verdict with no rule event behind it still yields an event, marked as
  found by the classifier alone.

Every decision is written into the mention's reasons.
"""
from __future__ import annotations

from ..knowledge.lexicon import lexicon
from ..records import Mention
from ..settings import DROP_AT, RETYPE_AT
from .classifier import NOT_EVENT, EventClassifier, Verdict, rule_label

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
    """A mention's confidence: half the rules' own, half the classifier's belief in its type."""
    m.confidence = round((m.confidence + verdict.probability_of(m.sub_event_type)) / 2, 2)


def review_mentions(mentions: list[Mention], classifier: EventClassifier) -> list[Mention]:
    """Article mode: weigh, retype or drop rule mentions by what the classifier reads in their sentence."""
    if not mentions:
        return mentions
    groups: dict[tuple[int, int], list[Mention]] = {}
    for m in mentions:
        groups.setdefault((m.sentence.start, m.sentence.end), []).append(m)
    texts = [group[0].sentence.text for group in groups.values()]
    rules = [rule_label([m.sub_event_type for m in group]) for group in groups.values()]
    verdicts = classifier.predict(texts, rules)
    dropped: set[int] = set()
    for group, verdict in zip(groups.values(), verdicts):
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
            weigh(m, verdict)
    return [m for m in mentions if id(m) not in dropped]
