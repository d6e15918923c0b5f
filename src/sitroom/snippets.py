"""snippets: one short text (a lead, a headline, a CASE 2021 snippet) coded as one unit.

The classifier's verdict is the answer, and the rule coder's events are its
evidence: the event of the verdict's type leads (retyped from the rules'
likeliest event when none has that type), the others follow. A verdict with
no rule event behind it still yields an event, marked as found by the
classifier alone. ACLED's territory tests (`combine.codebook`) apply after
the verdict. Every decision is written into the mentions' reasons.
"""
from __future__ import annotations

from dataclasses import dataclass

from .extract.classifier import Verdict
from .extract.combine import codebook, weigh
from .merge import merge_mentions, settle
from .records import Event, Mention, Span


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
