"""The typed records that flow between the pipeline stages.

Every stage takes one of these and returns the next; they are defined here and
nowhere else so that a field means the same thing from ingest to export.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from .taxonomy import disorder_type_of, event_type_of


@dataclass(frozen=True)
class Span:
    """A piece of an article's text: the evidence behind one field value."""

    article_id: str
    start: int
    end: int
    text: str


@dataclass
class Article:
    """One source document after ingest: clean text plus what we know of it."""

    url: str
    title: str
    text: str
    published: date | None = None
    site: str = ""
    canonical_url: str = ""
    language: str = "en"
    html: str | None = None
    source_path: str = ""

    @property
    def id(self) -> str:
        """Content hash: the same text is the same article, wherever it came from."""
        return content_hash(self.text)


def content_hash(text: str) -> str:
    normalized = " ".join(text.split()).lower()
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:32]


@dataclass
class Actor:
    """A resolved actor: ACLED canonical name and inter code."""

    name: str
    inter: int
    country: str = ""
    span: Span | None = None


@dataclass
class Place:
    """A resolved place with the precision at which the event is known there."""

    name: str
    latitude: float
    longitude: float
    country_iso: str
    country: str
    admin1: str = ""
    admin2: str = ""
    geonameid: int | None = None
    feature: str = "city"  # city | admin1 | country | region
    population: int = 0
    geo_precision: int = 1
    span: Span | None = None
    # The place the text named when it is not in the gazetteer (or none of its namesakes lies where the
    # text says): the event is coded to the larger place named with it ("the village of X in the Y
    # district" -> Y, geo precision 2), and the name is kept here for the notes.
    named_as: str = ""


@dataclass
class DateRange:
    start: date
    end: date
    time_precision: int
    span: Span | None = None

    @property
    def event_date(self) -> date:
        """ACLED codes a week-level range to its middle, a short one to its last day."""
        days = (self.end - self.start).days
        if days <= 2:
            return self.end
        return self.start + (self.end - self.start) / 2


# Reasons a mention carries that merging reads back (resolve writes them, merge weighs them): kept here so both
# spell them alike.
MAIN_PLACE_REASON = "the article's main place"  # placed where the article is, for want of a place of its own
SPOKEN_DAY_REASON = "dated by the day its source spoke: the text dates the event no closer"
ANAPHOR_REASON = "names the event told in"  # "the attackers" in a later sentence: coded with the event it names


def anaphor_link(antecedent_sentence: str) -> str:
    """The part of an anaphor reason that names the event's sentence: what merging looks for."""
    return f"{ANAPHOR_REASON} '{antecedent_sentence[:60]}'"


def anaphor_reason(phrase: str, antecedent_sentence: str) -> str:
    return f"'{phrase}' {anaphor_link(antecedent_sentence)}"


def place_reason(reason: str) -> str:
    """A mention's note of how its place was chosen."""
    return f"place {reason}"


@dataclass
class Mention:
    """One report of one event in one article, with the evidence for each field."""

    article_id: str
    sub_event_type: str
    trigger: Span
    sentence: Span
    actor1: Actor | None = None
    actor2: Actor | None = None
    assoc_actor_1: list[str] = field(default_factory=list)
    assoc_actor_2: list[str] = field(default_factory=list)
    place: Place | None = None
    when: DateRange | None = None
    fatalities: int = 0
    fatalities_span: Span | None = None
    count: int | None = None
    confidence: float = 0.5
    reasons: list[str] = field(default_factory=list)
    claimant: str = ""
    place_inherited: bool = False  # the place came from another sentence, not this one
    # the date is not one the sentence gives its event: carried from another sentence, the day a source
    # spoke, or the week of the report
    date_inherited: bool = False
    found_by: str = "rules"  # "rules": a trigger word; "classifier": the classifier alone read an event here
    quoted: bool = False  # the trigger is inside quotation marks: a witness's or an official's words
    headline: bool = False  # read in the title, which names the best-known place, not the exact one
    # the deaths are told as more than those told before ("two civilians were also killed"): they add to the
    # incident's figure
    toll_added: bool = False
    # a side's own word on its own deed ("the group said it had killed 60 soldiers"): a claim, which names the
    # hand but not the toll, and tells of an incident the story may tell from other sources
    own_word: bool = False

    @property
    def event_type(self) -> str:
        return event_type_of(self.sub_event_type)

    @property
    def disorder_type(self) -> str:
        return disorder_type_of(self.sub_event_type)

    def evidence(self) -> dict[str, Span]:
        """Field name -> the span it was read from."""
        spans: dict[str, Span] = {"sub_event_type": self.trigger, "notes": self.sentence}
        if self.actor1 and self.actor1.span:
            spans["actor1"] = self.actor1.span
        if self.actor2 and self.actor2.span:
            spans["actor2"] = self.actor2.span
        if self.place and self.place.span:
            spans["location"] = self.place.span
        if self.when and self.when.span:
            spans["event_date"] = self.when.span
        if self.fatalities_span:
            spans["fatalities"] = self.fatalities_span
        return spans


@dataclass
class Event:
    """Merged mentions of one event: chosen field values, sources and evidence."""

    mentions: list[Mention]
    sources: list[str] = field(default_factory=list)
    disagreements: dict[str, list[Any]] = field(default_factory=dict)
    # The best value of each field across the mentions (merge.settle fills it);
    # a new record, so that every mention still says what its own text said.
    summary: Mention | None = None

    @property
    def lead(self) -> Mention:
        """The mention whose fields are best filled: it speaks for the event."""
        return max(self.mentions, key=mention_completeness)

    @property
    def best(self) -> Mention:
        return self.summary if self.summary is not None else self.lead


def mention_completeness(m: Mention) -> tuple[int, float]:
    filled = sum(
        x is not None
        for x in (m.actor1, m.actor2, m.place, m.when, m.count)
    ) + (m.place is not None and m.place.geo_precision == 1)
    return filled, m.confidence


def span_dict(span: Span | None) -> dict[str, Any] | None:
    if span is None:
        return None
    d = asdict(span)
    d.pop("article_id", None)
    return d


def mention_to_json(m: Mention) -> dict[str, Any]:
    data = asdict(m)
    data["event_type"] = m.event_type
    if m.when is not None:  # dates as ISO text, so the JSON reads back (mention_from_json)
        data["when"]["start"] = m.when.start.isoformat()
        data["when"]["end"] = m.when.end.isoformat()
    return data


def mention_from_json(data: dict[str, Any]) -> Mention:
    """The inverse of mention_to_json: the store re-merges events from these."""

    def span(d: dict[str, Any] | None) -> Span | None:
        return Span(**d) if d else None

    def actor(d: dict[str, Any] | None) -> Actor | None:
        return Actor(**{**d, "span": span(d.get("span"))}) if d else None

    place = data.get("place")
    when = data.get("when")
    fields = {k: v for k, v in data.items() if k in Mention.__dataclass_fields__}
    fields.update(
        trigger=span(data["trigger"]),
        sentence=span(data["sentence"]),
        actor1=actor(data.get("actor1")),
        actor2=actor(data.get("actor2")),
        place=Place(**{**place, "span": span(place.get("span"))}) if place else None,
        when=DateRange(date.fromisoformat(when["start"]), date.fromisoformat(when["end"]),
                       when["time_precision"], span(when.get("span"))) if when else None,
        fatalities_span=span(data.get("fatalities_span")),
    )
    return Mention(**fields)
