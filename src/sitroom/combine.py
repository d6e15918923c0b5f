"""combine: the rule coder's mentions + the classifier's verdicts -> the coder's decision.

Two places use it:

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

from dataclasses import dataclass

from .classifier import NOT_EVENT, Verdict, get_classifier, rule_label
from .merge import merge_mentions, settle
from .records import Event, Mention, Span

RETYPE_AT = 0.7  # the classifier's probability needed to overrule the rules' sub-event type
DROP_AT = 0.85  # ... needed to drop a rule mention as crime or a disaster
DROPPABLE = {f"{NOT_EVENT}/crime", f"{NOT_EVENT}/natural disaster", f"{NOT_EVENT}/man-made disaster"}


# Which side took ground is ACLED's test between these two, and it is a fact
# about an actor the rules resolved, not something a sentence's wording shows.
SIDE_DECIDES = {"Government regains territory", "Non-state actor overtakes territory"}
TRANSFER = "Non-violent transfer of territory"


def _no_fight(text: str) -> str:
    from .extract import lexicon

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


def review_mentions(mentions: list[Mention]) -> list[Mention]:
    """Article mode: weigh, retype or drop rule mentions by what the classifier reads in their sentence."""
    if not mentions:
        return mentions
    groups: dict[tuple[int, int], list[Mention]] = {}
    for m in mentions:
        groups.setdefault((m.sentence.start, m.sentence.end), []).append(m)
    texts = [group[0].sentence.text for group in groups.values()]
    rules = [rule_label([m.sub_event_type for m in group]) for group in groups.values()]
    verdicts = get_classifier().predict(texts, rules)
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


@dataclass
class SnippetCoding:
    verdict: Verdict
    events: list[Event]  # the verdict's event first, then any other the rules found

    @property
    def sub_event_type(self) -> str | None:
        """The coder's answer: the lead event's type (the verdict's, or the side the rules resolved)."""
        return self.events[0].best.sub_event_type if self.events else None


def decide(article_id: str, text: str, rule_events: list[Event], verdict: Verdict) -> SnippetCoding:
    """Snippet mode: the verdict decides; rule events are kept as its evidence and as further events."""
    chosen = verdict.sub_event_type
    if chosen is None:
        return SnippetCoding(verdict, [])
    events = sorted(rule_events, key=lambda e: -max(m.confidence for m in e.mentions))
    chosen, why = codebook(chosen, text, [e.best.sub_event_type for e in events])
    lead = next((e for e in events if e.best.sub_event_type == chosen), None)
    if lead is None and events:
        lead = events[0]
        for m in lead.mentions:
            m.reasons.append(f"retyped from {m.sub_event_type} by the classifier")
            m.sub_event_type = chosen
        settle(lead)
    if lead is None:
        lead = merge_mentions([_classifier_mention(article_id, text, chosen, verdict)])[0]
    if why:
        for m in lead.mentions:
            m.reasons.append(why)
    for event in events:
        for m in event.mentions:
            m.reasons.append(verdict.reason())
            weigh(m, verdict)
        settle(event)
    return SnippetCoding(verdict, [lead] + [e for e in events if e is not lead])


def _classifier_mention(article_id: str, text: str, sub_event_type: str, verdict: Verdict) -> Mention:
    end = len(text)
    for stop in (". ", "? ", "! ", "\n"):
        at = text.find(stop)
        if 0 < at < end:
            end = at + 1
    sentence = Span(article_id, 0, end, text[:end])
    return Mention(article_id, sub_event_type, trigger=Span(article_id, 0, 0, ""), sentence=sentence,
                   confidence=round(verdict.probability_of(sub_event_type), 2),
                   reasons=[verdict.reason(), "found by the classifier alone: no trigger in the lexicon"])
