"""resolve: event frames -> Mentions with actors, place, date and numbers.

What one sentence leaves out the article often says elsewhere: the town in
the sentence before ("the city"), the place in a verbless fragment after it
("Mainly in the area of Abu Kamal."), the group a pronoun stands for, the
enumerated area that "the first" points to. This module reads that context.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache

from spacy.tokens import Doc, Span as SpacySpan, Token

from ..extract.coding import ARMED, ARMED_AMONG_VICTIMS, code
from ..extract.frames import Frame
from ..extract.modality import report_nouns, report_verbs
from ..extract.verb_class import head_of_quantity
from ..ingest.cleaning import whole_line_patterns
from ..gazetteer import default_gazetteer, fold
from ..knowledge import load_yaml
from ..knowledge.actors import GENERIC_PREFIX, actor_book, generic_actor
from ..knowledge.lexicon import bomber_counted, bombers_in, hand_unknown, lexicon, refers_back, same_kind
from ..records import (MAIN_PLACE_REASON, SPOKEN_DAY_REASON, Actor, Article, DateRange, Mention, Place, Span,
                       place_reason as place_note)
from ..settings import ANAPHORA_REACH, DEMOTED_CONFIDENCE
from ..taxonomy import TERRITORY_SUB_TYPES as _TERRITORY, event_type_of
from .actors import abroad, associated, entry_of, foreign_force_of_story, resolve_actor, two_nations
from .dates import find_date, report_window
from .event_location import Candidate, EventLocator, candidates
from .numbers import count_of, fatalities_in, more_dead, word_to_int
from .places import Toponym, article_places, is_dateline, to_place
from .tolls import fold_tolls

_PRONOUNS = {"they", "it", "he", "she", "them", "their", "its", "who", "which"}
_ORDINALS = {"first": 0, "former": 0, "second": 1, "latter": -1, "third": 2}
_DIRECTIONS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"}
_VIOLENT = {"attack", "clash", "shelling", "explosion", "territory_gain", "territory_loss", "destroy"}
_ARMED_SIDES = {1, 2, 3, 4, 8}  # state forces, rebels, militias, foreign forces: the sides that speak of their deeds
_TOLL_REACH = 400  # characters: a toll told this close after an event's telling is that event's
_HURT_WORDS = {"wound", "wounded", "injure", "injured", "hurt"}
_VIOLENT_TYPES = {"Battles", "Violence against civilians", "Explosions/Remote violence"}
_HARMS_PEOPLE = {"attack", "clash", "shelling", "explosion", "destroy", "arrest", "abduct", "sexual"}
_LOOKBACK_SENTENCES = 5
# Below the event-location model's threshold, the sentence's likeliest place is still taken over one
# carried from elsewhere down to this belief; under it, the sentence names only a speaker's or a
# dateline's place.
OWN_PLACE_AT = 0.15
# Sub-event types whose unnamed perpetrator ACLED codes "Unidentified Armed Group (<country>)"; an air
# strike's is a state's air force, which a report that does not name it leaves unknown. A clash with
# an unnamed side is most often told of sides named a sentence earlier ("The fighting killed seven").
_UNIDENTIFIED_WHEN_UNNAMED = {"Suicide bomb", "Remote explosive/landmine/IED", "Grenade", "Shelling/artillery/missile attack",
                              "Attack", "Abduction/forced disappearance", "Sexual violence"}

# Strategic developments that are events only between parties the coder can name: a business
# deal or a road crew's work trips the same words, and ACLED codes no event without an actor.
_NEEDS_A_PARTY = {"Agreement", "Other", "Change to group/activity", "Headquarters or base established",
                  "Non-violent transfer of territory"}


def _names_unnamed_armed_men(sent: SpacySpan) -> bool:
    low = " " + sent.text.lower() + " "
    return any(f" {w} " in low or f" {w}," in low or f" {w}." in low for w in lexicon()["unnamed_armed_words"])


@dataclass
class Context:
    doc: Doc
    article: Article
    published: date
    sentences: list[SpacySpan]
    toponyms: list[Toponym]
    country_iso: str
    locator: EventLocator | None = None  # which of a sentence's places is its event's; None: the clause decides
    _dates: dict[int, DateRange | None] = field(default_factory=dict)
    _report_dates: dict[int, DateRange | None] = field(default_factory=dict)
    _captions: set[int] | None = None

    def sentence_index(self, tok: Token) -> int:
        for i, s in enumerate(self.sentences):
            if s.start <= tok.i < s.end:
                return i
        return 0

    def local_places(self, i: int) -> list[Toponym]:
        s = self.sentences[i]
        return [t for t in self.toponyms if s.start <= t.start < s.end and not t.is_country]

    def caption(self, i: int) -> bool:
        """Is sentence i a photo caption: a credit, or one of the two sentences of its paragraph before one?"""
        if self._captions is None:
            self._captions = _caption_sentences(self)
        return i in self._captions

    def paragraph(self, i: int) -> int:
        return self.doc.text.count("\n\n", 0, self.sentences[i].start_char)

    def sentence_date(self, i: int) -> DateRange | None:
        """The date sentence i states for what happened, if any (read once per sentence): a date that only
        says when a source spoke ("police said on Thursday") is not one (`report_date`)."""
        if i not in self._dates:
            s = self.sentences[i]
            masked = _mask_report_dates(s)
            self._dates[i] = find_date(masked, s.start_char, self.article.id, self.published)
            self._report_dates[i] = find_date(s.text, s.start_char, self.article.id, self.published) \
                if self._dates[i] is None and masked != s.text else None
        return self._dates[i]

    def report_date(self, i: int) -> DateRange | None:
        """The day a source of sentence i spoke, when that is the only date it gives: the event was then or
        a little before."""
        self.sentence_date(i)
        return self._report_dates.get(i)


# "(MENAFN) MANILA, Dec 18 (NNN-PNA) – ... killed in a clash before dawn yesterday": the day in a dateline is when
# the story was filed, the day "yesterday" counts from, never the event's own date.
_DATELINE_DAY = re.compile(r"^\s*(?:\([^)]{0,60}\)\s*)?(?!(?:On|In|By|Since|Until|From|Last|Late|Early)\b)"
                           r"[A-Z][A-Za-z.' -]{1,30},(?:\s*[A-Z][A-Za-z.' -]{1,30},)?\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}"
                           r"|\d{1,2}\s+[A-Z][a-z]{2,8}\.?)(?:,?\s*\d{4})?\s*(?:\([^)]{0,40}\))?\s*(?:[-–—:]+|\.-)")


_AFTER_DAYS = 3


# Verbs whose dated deed is the one "after" names, not a later one ("died on Sunday after shelling" is later)
_DEATH_IN_THE_DEED = {"kill", "injure", "wound", "slay", "massacre", "behead", "shoot"}


def _dated_after(trigger, when: DateRange) -> bool:
    """Is the trigger a noun after "after" ("died on Sunday after shelling"), dated by a word outside it?"""
    after = (trigger.dep_ == "pobj" and trigger.head.lower_ == "after") or (
        trigger.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "after" for c in trigger.children))
    if not after or when.span is None:
        return False
    dated = trigger.head if trigger.dep_ == "advcl" else trigger.head.head
    if dated.lemma_.lower() in _DEATH_IN_THE_DEED:
        return False  # "four soldiers were killed on Saturday after rebels ambushed them": the killing was the ambush
    inside = range(trigger.left_edge.idx, trigger.right_edge.idx + len(trigger.right_edge.text))
    return when.span.start not in inside


_SPEAKING = {"speak", "talk", "address", "brief"}


def _mask_report_dates(sent: SpacySpan) -> str:
    """The sentence with the dates of its reporting clauses blanked out (same length, so offsets hold).

    "Gunmen killed 18 villagers, police said on Thursday": Thursday is when the police spoke; the attack is
    dated by another sentence ("on Wednesday") or, failing that, by the day they spoke. A date that hangs on
    a reporting verb ("said Monday", "told Reuters on Tuesday", "on Tuesday claimed responsibility") is such
    a date; one that hangs on the event's own verb is not.
    """
    text = _DATELINE_DAY.sub(lambda m: " " * len(m.group(0)), sent.text, count=1)
    reporting = report_verbs()
    for ent in sent.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        head = ent.root.head
        if head.dep_ == "prep" and ent.root.dep_ == "pobj":
            head = head.head
        spoken = head.pos_ in ("VERB", "AUX") and (head.lemma_.lower() in reporting or (
            # "Speaking at a news conference on Tuesday, the minister said ...": the day the source spoke
            head.lemma_.lower() in _SPEAKING and head.tag_ == "VBG" and head.dep_ == "advcl")) or \
            head.pos_ == "NOUN" and head.lemma_.lower() in report_nouns()  # "in a statement on Tuesday"
        if spoken and not ent.root.is_ancestor(head):
            start, end = ent.start_char - sent.start_char, ent.end_char - sent.start_char
            text = text[:start] + " " * (end - start) + text[end:]
    return text


def build_context(doc: Doc, article: Article, published: date, locator: EventLocator | None = None) -> Context:
    toponyms = article_places(doc)
    votes = Counter(t.choice.country_iso for t in toponyms if t.choice and not (t.is_country and _nationality(t, doc)))
    country = votes.most_common(1)[0][0] if votes else _country_of_named_actors(doc)
    return Context(doc, article, published, list(doc.sents), toponyms, country, locator)


def _country_of_named_actors(doc: Doc) -> str:
    """A story that names no place the gazetteer knows ("in Paletwa township") is still about the country of the
    groups it names, when they are active in one country only (the Arakan Army: Myanmar); failing those, of the
    country where the groups it names have most of their events (Al Shabaab: Somalia)."""
    votes, homes = Counter(), Counter()
    for span in doc.spans.get("actors", []):
        # (a name several groups share is, with no country known, the book's first: Somalia's Al Shabaab)
        entry = actor_book().entry_in(span.label_, span.text, "")
        if entry.generic:
            continue
        countries = entry.operates_in or ({entry.country} if entry.country else set())
        if len(countries) == 1:
            votes[next(iter(countries))] += 1
        elif entry.home:
            homes[entry.home] += 1
    votes = votes or homes
    return votes.most_common(1)[0][0] if votes else ""


# ------------------------------------------------------------------ places


def _is_reference_point(top: Toponym, doc: Doc) -> bool:
    """"two areas west of the Euphrates": the river only locates the areas."""
    before = [t.lower_ for t in doc[max(0, top.start - 3) : top.start]]
    return len(before) >= 2 and before[-1] in ("of", "the") and any(w in _DIRECTIONS for w in before) and (
        doc[top.start].head.head.head.pos_ == "NOUN"
        and doc[top.start].head.head.head.lower_ not in _DIRECTIONS
    )


def _ordinal_place(ctx: Context, i: int) -> Toponym | None:
    sent = ctx.sentences[i]
    ordinal = next((t.lower_ for t in sent[:6] if t.lower_ in _ORDINALS), None)
    if ordinal is None:
        return None
    for j in range(i - 1, max(-1, i - _LOOKBACK_SENTENCES), -1):
        listed = [t for t in ctx.local_places(j) if not _is_reference_point(t, ctx.doc)]
        if len(listed) >= 2:
            k = _ORDINALS[ordinal]
            return listed[k] if k < len(listed) else None
    return None


_OPENING_QUOTES = {"“", "‘", "«"}
_CLOSING_QUOTES = {"”", "’", "»"}


def quoted_tokens(sent: SpacySpan) -> set[int]:
    """Indices of the sentence's tokens inside quotation marks (spoken words, slogans).

    The marks are counted from the paragraph's start: in '"They did not ask for anyone. They just started firing,"
    he told', the second sentence opens inside the quote, and its closing mark ends it."""
    doc = sent.doc
    start = sent.start
    while start > 0 and "\n" not in doc[start - 1].text and "\n" not in doc[start - 1].whitespace_:
        start -= 1
    inside: set[int] = set()
    depth = 0
    straight_open = False
    for tok in doc[start:sent.end]:
        if tok.text in _OPENING_QUOTES:
            depth += 1
        elif tok.text in _CLOSING_QUOTES and depth:
            depth -= 1
        elif tok.text in ('"', "``", "''"):
            straight_open = not straight_open
        elif (depth or straight_open) and tok.i >= sent.start:
            inside.add(tok.i)
    return inside


def _caption_sentences(ctx: Context) -> set[int]:
    out: set[int] = set()
    for i, sent in enumerate(ctx.sentences):
        if any(p.match(sent.text) for p in whole_line_patterns("photo_credits")):
            out.add(i)
            out.update(j for j in (i - 1, i - 2) if j >= 0 and ctx.paragraph(j) == ctx.paragraph(i))
    return out


def set_aside_captions(mentions: list[Mention], ctx: Context) -> list[Mention]:
    """A caption's event is the body's, summed up ("Five were killed in Sunday's attacks"): left out when the
    body reports events, else kept under the export threshold."""
    starts = {s.start_char: k for k, s in enumerate(ctx.sentences)}
    in_caption = [ctx.caption(starts.get(m.sentence.start, -1)) for m in mentions]
    if not all(in_caption):
        # the body tells the events: a caption's summary would only blur them (its toll, its other place)
        return [m for m, caption in zip(mentions, in_caption) if not caption]
    for m in mentions:
        m.confidence = min(m.confidence, DEMOTED_CONFIDENCE)
        m.reasons.append("in a photo caption, which sums up the body's events")
    return mentions


_FINENESS = {"city": 0, "admin2": 1, "region": 1, "admin1": 2, "country": 3, "continent": 4}


def focus_places(ctx: Context) -> list[Toponym | None]:
    """The place each sentence is about, carried over sentences that name none.

    A place named inside quotation marks ("Don't forget Aleppo!") is a word
    someone spoke, not the scene of what follows.
    """
    focus: list[Toponym | None] = []
    current: Toponym | None = None
    for i in range(len(ctx.sentences)):
        quoted = quoted_tokens(ctx.sentences[i])
        # the dateline is where the report was filed: it does not become the scene of later sentences
        places = [t for t in ctx.local_places(i) if t.start not in quoted and not is_dateline(t, ctx.doc)] \
            if not ctx.caption(i) else []
        ordinal = _ordinal_place(ctx, i)
        if ordinal is not None:
            current = ordinal
        elif places:
            # the finest place named last: "the town of Qatraneh in the Karak district" goes on in Qatraneh
            current = min(reversed(places), key=lambda t: _FINENESS.get(t.choice.kind if t.choice else "", 5))
        focus.append(current)
    return focus


def _own_clause(sent: SpacySpan, trigger: Token) -> SpacySpan:
    """The part of the sentence between semicolons that holds the trigger: a headline's "Grandmother and boy killed as
    shells hit Waingmaw; KIA and army clash near Hpakant" tells the dead of the shelling, not of the clash."""
    cuts = [t.i for t in sent if t.text == ";"]
    if not cuts:
        return sent
    start = max((c + 1 for c in cuts if c < trigger.i), default=sent.start)
    end = min((c for c in cuts if c > trigger.i), default=sent.end)
    return sent.doc[start:end]


def _is_fragment(sent: SpacySpan) -> bool:
    return sent.root.pos_ not in ("VERB", "AUX") and len(sent) < 25


def _located(frame: Frame, ctx: Context, places: list[Toponym]) -> list[tuple[Toponym, float]]:
    """Each of the sentence's places with the event-location model's belief that the event happened there."""
    assert ctx.locator is not None
    cands = candidates(frame.trigger.sent)
    for top in places:  # a toponym the candidate runs missed is still scored
        if not any(c.start < top.end and top.start < c.end for c in cands):
            cands.append(Candidate(top.start, top.end, top.start_char, top.end_char, top.text))
    probs = ctx.locator.probabilities(frame.trigger, cands)
    return [(top, max((p for c, p in zip(cands, probs) if c.start < top.end and top.start < c.end), default=0.0))
            for top in places]


_DISTANCE_UNITS = {"km", "kms", "kilometres", "kilometers", "miles", "mi"}
_NEAR_ENOUGH_KM = 60


def _measured_from(places: list[Toponym], doc: Doc) -> Toponym | None:
    """"hit an explosive device about thirty kilometres from Fada N'Gourma": the town the scene is measured from,
    when it is near (ACLED: that town, geo precision 2)."""
    for t in places:
        if t.choice is None or t.choice.kind != "city" or t.start < 3:
            continue
        window = doc[max(0, t.start - 6):t.start]
        words = [w.lower_ for w in window]
        if not words or words[-1] not in ("from", "of") or not any(w in _DISTANCE_UNITS for w in words):
            continue
        unit = max(k for k, w in enumerate(words) if w in _DISTANCE_UNITS)
        figure = next((window[k] for k in range(unit - 1, -1, -1) if window[k].like_num), None)
        value = word_to_int(figure.text) if figure is not None else None
        miles = words[unit] in ("miles", "mi")
        if value is not None and value * (1.6 if miles else 1) <= _NEAR_ENOUGH_KM:
            return t
    return None


def _towns_in(province: Toponym, places: list[Toponym]) -> list[Toponym]:
    """The sentence's towns inside the province (or region) chosen as the event's place; none if it is a town."""
    c = province.choice
    if c is None or c.kind not in ("admin1", "admin2", "region"):
        return []
    return [t for t in places if t.choice is not None and t.choice.kind == "city"
            and t.choice.country_iso == c.country_iso and (c.kind == "region" or t.choice.admin1 == c.admin1)]


def _town_in_province(province: Toponym, places: list[Toponym], trigger: Token) -> Toponym | None:
    """The sentence's town nearest the deed inside the province chosen as the event's place."""
    return min((t for t in _towns_in(province, places) if not t.stand_in), key=lambda t: abs(t.start - trigger.i),
               default=None)


def _route_town_in(province: Toponym, places: list[Toponym], doc: Doc) -> Toponym | None:
    """"attacked a convoy between Niono and Diabaly in the central Segou region": the province says where the road is,
    and ACLED codes the event to the first town the road is named by (geo precision 2)."""
    return next((t for t in _towns_in(province, places) if doc[t.start:t.end].root.dep_ == "pobj"
                 and doc[t.start:t.end].root.head.lower_ == "between"), None)


def _frame_place(frame: Frame, ctx: Context, i: int, focus: list[Toponym | None]) -> tuple[Toponym | None, str, int]:
    """The event's place, why, and the lowest geo precision it may have (1 unless it is a fallback)."""
    places = ctx.local_places(i)
    if ctx.locator is not None and places:
        scored = _located(frame, ctx, places)
        best, p = max(scored, key=lambda x: x[1])
        # "in the village of X of the Y district", "in X (Y)": Y only says where X is; the event is in X
        best = next((t for t in places if t.qualifier is best and t.choice is not None), best)
        measured = _measured_from(places, ctx.doc)
        if measured is not None and measured is not best and p >= OWN_PLACE_AT:
            return measured, f"the town the event is measured from (event-location model {p:.2f})", 2
        town = _route_town_in(best, places, ctx.doc)
        if town is not None and p >= OWN_PLACE_AT:
            return town, f"a town the route is named by, in the province the event-location model chose ({p:.2f})", 2
        town = _town_in_province(best, places, frame.trigger)
        if town is not None and p >= OWN_PLACE_AT:
            # "In neighbouring Kaduna State, gunmen abducted 17 worshippers at a church in Kajuru": ACLED codes the
            # most precise place the text gives, the town in the province
            return town, f"the town the sentence names in the province the event-location model chose ({p:.2f})", 1
        if p >= ctx.locator.threshold:
            return best, f"where the event happened (event-location model {p:.2f})", 1
        if p >= OWN_PLACE_AT:
            # Unsure, but the sentence's own place is likelier than one carried from elsewhere.
            return best, f"the likeliest place the sentence names (event-location model {p:.2f})", 1
        fallback = _elsewhere(ctx, i, focus)
        qualified = next((t for t in places if fallback[0] is not None and t.qualifier is fallback[0]
                          and t.choice is not None), None)
        if qualified is not None and not is_dateline(qualified, ctx.doc):
            # (the story's focus is the province of this very sentence's town: "in Tumaco (Nariño)" is in Tumaco)
            return qualified, f"the town the story's focus qualifies here (event-location model {p:.2f})", 1
        filed_from = {t.choice.id for t in ctx.toponyms if t.choice is not None and t.dateline}
        same = next((t for t in places if fallback[0] is not None and fallback[0].choice is not None
                     and t.choice is not None and t.choice.id == fallback[0].choice.id
                     and t.choice.id in filed_from and not t.dateline), None)
        if same is not None:
            # "CAEN - Protesters clashed with police in the centre of Caen": the dateline's town named again in the
            # story is the scene (the model, reading the town as the dateline's, doubts it), not a place carried
            return same, f"the sentence's own place, the story's focus (event-location model {p:.2f})", 1
        if fallback[0] is not None:
            return fallback
        # The sentence names only a speaker's, a dateline's or a claimant's place: near it, at best.
        return best, f"a place the sentence names, not as the event's (event-location model {p:.2f})", 2
    if places:
        scope = {t.i for t in frame.trigger.subtree} | {t.i for t in frame.anchor.subtree}
        # A place inside an actor's phrase is where the actor is from ("militants from Mali"), not where
        # the event was, unless the "actor" is the place hit ("the main market of Ariha").
        civilian = lexicon()["civilian_targets"] | {"camp", "camps"}  # places hit, whoever's they are
        sides = [frame.agent] + ([frame.patient] if frame.patient is None or
                                 frame.patient.lemma_.lower() not in civilian else [])
        actor_tokens = {t.i for side in sides if side is not None for t in side.subtree}
        in_scope = [t for t in places if t.start in scope and t.start not in actor_tokens]
        if in_scope:
            return in_scope[0], "in the clause", 1
        return min(places, key=lambda t: abs(t.start - frame.trigger.i)), "in the sentence", 1
    return _elsewhere(ctx, i, focus)


def _elsewhere(ctx: Context, i: int, focus: list[Toponym | None]) -> tuple[Toponym | None, str, int]:
    """The place of a sentence that names none of its own: the fragment after it, earlier sentences, the
    article; but never in another country than the one the sentence names ("Gunmen ambush police convoy in
    Mexico" is not carried to a Washington named in a photo caption)."""
    found = _carried(ctx, i, focus)
    s = ctx.sentences[i]
    named = [t for t in ctx.toponyms if t.is_country and t.choice and s.start <= t.start < s.end
             and not _nationality(t, ctx.doc)]
    if named and found[0] is not None and found[0].choice is not None and \
            found[0].choice.country_iso not in {t.choice.country_iso for t in named}:
        return named[0], "the country the sentence names", 1
    return found


def _carried(ctx: Context, i: int, focus: list[Toponym | None]) -> tuple[Toponym | None, str, int]:
    after = [t for t in ctx.local_places(i + 1) if not is_dateline(t, ctx.doc)] if i + 1 < len(ctx.sentences) else []
    if after and _is_fragment(ctx.sentences[i + 1]):
        return after[0], "in the fragment after", 1  # (a headline is not placed at the dateline under it)
    if focus[i] is not None:
        return focus[i], "carried from earlier sentences", 1
    main = Counter(t.choice.id for t in ctx.toponyms if not t.is_country and t.choice and not is_dateline(t, ctx.doc))
    if main:
        best = main.most_common(1)[0][0]
        return next(t for t in ctx.toponyms if t.choice and t.choice.id == best), MAIN_PLACE_REASON, 1
    # "a U.S. helicopter", "Turkish troops": a country that qualifies a noun is a side's nationality, not where
    # the event was (a U.S. patrol in Iraq is an event in Iraq)
    countries = [t for t in ctx.toponyms if t.is_country and not _nationality(t, ctx.doc)]
    # "SALAMANCA, Mexico — Armed men burst into a bar ...": a story that names no other place happened at or near
    # its dateline's town (never when it names another country: "NAIROBI, Kenya — ... in Somalia")
    datelines = [t for t in ctx.toponyms if not t.is_country and t.choice and is_dateline(t, ctx.doc)]
    if datelines and all(c.choice.country_iso == datelines[0].choice.country_iso for c in countries):
        return datelines[0], "the dateline's town: the story names no other place", 2
    if countries:
        return countries[0], "country only", 1
    return None, "", 1


def _nationality(top: Toponym, doc: Doc) -> bool:
    """A country that qualifies a noun ("a U.S. helicopter") or lies across a border ("an ambush near the border
    with Burkina Faso", told of Niger): who or what is meant, or the neighbour, not where the event was."""
    last = doc[top.end - 1]
    if last.dep_ == "pobj" and last.head.lower_ == "with" and last.head.head.lemma_.lower() == "border":
        return True
    return last.dep_ in ("compound", "amod", "nmod", "poss") and last.head.pos_ in ("NOUN", "PROPN") \
        and last.head.i >= top.end


# ------------------------------------------------------------------ actors


def _actor_spans_in(tok: Token, doc: Doc) -> list[SpacySpan]:
    """Actor names inside a phrase, leaving out its relative and participle clauses."""
    excluded: set[int] = set()
    for t in tok.subtree:
        if t.dep_ in ("relcl", "acl") and t.i != tok.i:
            excluded.update(x.i for x in t.subtree)
    conjuncts = [c for c in tok.children if c.dep_ == "conj"]
    for conjunct in conjuncts:
        # "between Yemen's government forces and Houthi rebels": the second side is a phrase of its own
        excluded.update(x.i for x in conjunct.subtree)
    if conjuncts:
        # "The army and fighters of the NAS": the parser hangs the "of" phrase on the first side; what follows
        # a conjunct is the conjunct's
        for child in (c for c in tok.children if c.i > conjuncts[0].i and c.dep_ == "prep"):
            excluded.update(x.i for x in child.subtree)
    if tok.lower_ in lexicon()["anaphoric_event_nouns"]:
        # "a bombing at a police checkpoint", "the attack on an army post": the phrase names the deed's target;
        # its hand is named by "by" ("an attack by the militants") or not at all
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in ("at", "on", "against", "of", "near", "in"):
                excluded.update(x.i for x in child.subtree)
    region = {t.i for t in tok.subtree} - excluded
    if tok.dep_ == "conj" and not any(c.dep_ == "prep" for c in tok.children):
        for child in (c for c in tok.head.children if c.i > tok.i and c.dep_ == "prep"):
            region.update(x.i for x in child.subtree)
    spans = [s for s in doc.spans.get("actors", []) if (s.start in region or s.root.i == tok.i)
             and not _trailing_attribution(s)]
    # ("Government troops, together with Ma'awisley fighters": the side is the troops, the militia its ally)
    spans = [s for s in spans if not associated(s)] or spans
    return sorted(spans, key=lambda s: (bool(entry_of(s).generic), abs(s.root.i - tok.i)))


def _antecedent(ctx: Context, tok: Token, avoid: str = "") -> SpacySpan | None:
    """The actor a pronoun stands for: the latest subject-like actor before it."""
    i = ctx.sentence_index(tok)
    low = ctx.sentences[max(0, i - _LOOKBACK_SENTENCES)].start
    candidates = [s for s in ctx.doc.spans.get("actors", []) if low <= s.start < tok.i and entry_of(s).inter in ARMED]
    subject_deps = ("nsubj", "nsubjpass")
    subjects = [s for s in candidates if s.root.dep_ in subject_deps or s.root.head.head.dep_ in subject_deps]
    for pool in (subjects, candidates):
        for span in reversed(pool):
            if entry_of(span).name != avoid:
                return span
    return None


def _context_actor(ctx: Context, tok: Token, avoid: set[str]) -> SpacySpan | None:
    """An attacker the sentence leaves out: the latest armed actor before it on the other side; none when the
    sentence opens another incident ("In another incident in the same province, a commander was killed")."""
    i = ctx.sentence_index(tok)
    if _ANOTHER_INCIDENT.search(ctx.doc[ctx.sentences[i].start:tok.i].text):
        return None  # (only before the deed: "killed, days after a separate attack" keeps its hand)
    # "... hit an explosive device on Sunday. No group has claimed this attack.": no hand to carry
    text, sentence = ctx.doc.text, ctx.sentences[i]
    end = text.find("\n\n", sentence.end_char)
    if hand_unknown(text[text.rfind("\n\n", 0, sentence.start_char) + 1:end if end >= 0 else None]):
        return None
    low = ctx.sentences[max(0, i - _LOOKBACK_SENTENCES)].start
    for span in reversed([s for s in ctx.doc.spans.get("actors", []) if low <= s.start < ctx.sentences[i].start]):
        entry = entry_of(span)
        # a generic entry's name is a pattern ("Police Forces of {country}"): the victims' side is avoided by its stem
        stem = entry.name.split("{", 1)[0]
        if entry.inter in ARMED and entry.generic != "state" and not any(a.startswith(stem) for a in avoid) \
                and not _victims_where_told(span) and not _is_source(span, tok) \
                and (entry.generic != "police" or _uses_force(span)):
            return span
    return None


# Police who do these use force ("police used live ammunition", "fired teargas", "dispersed the crowd").
_FORCE_VERBS = {"fire", "shoot", "use", "disperse", "beat", "storm", "raid", "charge", "baton"}


def _uses_force(span: SpacySpan) -> bool:
    """Do the police of this span do harm in their sentence ("police opened fire", "officers shot")? Police who
    investigate the site, cordon it off, arrest suspects or speak are no hand for a bomb a later sentence leaves
    unclaimed."""
    root = span.root
    verb = root.head
    lemma = verb.lemma_.lower()
    return root.dep_ == "nsubj" and verb.pos_ == "VERB" and (
        lexicon()["verbs"].get(lemma) in _HARM_CLASSES | {"clash"} or lemma in _FORCE_VERBS
        or lemma == "open" and any(c.dep_ == "dobj" and c.lower_ == "fire" for c in verb.children))


# Deeds whose object is the side hit: the object of an arrest or a capture is no victim of violence.
_HARM_CLASSES = {"attack", "clash", "shelling", "explosion", "abduct", "sexual"}


def _victims_where_told(span: SpacySpan) -> bool:
    """Is the actor the dead or wounded of its own sentence ("Four members of Iraqi army killed in IED explosion",
    "the blast killed three soldiers")? Then it is the side that was hit, not the attacker a later sentence leaves out."""
    lex = lexicon()
    tolls = lex["toll_verbs"]
    tok = span.root
    for _ in range(3):
        head = tok.head
        if head.lemma_.lower() in tolls and head.pos_ == "VERB" and (
                tok.dep_ in ("nsubjpass", "dobj") or (tok.dep_ == "nsubj" and head.tag_ == "VBN")):
            return True
        if head.pos_ == "VERB" and lex["verbs"].get(head.lemma_.lower()) in _HARM_CLASSES and \
                tok.dep_ in ("dobj", "nsubjpass"):
            return True  # "gunmen attacked a police post": the police were the side attacked (not "police arrested")
        if any(c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in tolls for c in tok.children):
            return True  # a headline's "Four members of Iraqi army killed in ..."
        if tok.dep_ not in ("pobj", "prep", "compound") or head is tok:
            return False
        tok = head
    return False


def _claimed_by(ctx: Context, tok: Token) -> SpacySpan | None:
    """"X claimed responsibility for the attack" in this or the next sentences names the perpetrator."""
    i = ctx.sentence_index(tok)
    for sent in ctx.sentences[i : i + 3]:
        for t in sent:
            if _claims(t):
                subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
                spans = _actor_spans_in(subj, ctx.doc) if subj is not None else []
                if spans and not entry_of(spans[0]).generic:
                    return spans[0]
    return None


def _claims(t: Token) -> bool:
    """Is t the verb of a claim of responsibility? "claimed (responsibility for) the attack", "took
    responsibility", "said it was behind the attack", "said it carried out the bombing"."""
    lemma = t.lemma_.lower()
    if lemma in ("claim", "take", "admit", "accept") and any(c.lower_ == "responsibility" for c in t.children):
        return True
    if lemma == "claim" and any(c.dep_ == "dobj" and c.lower_ in lexicon()["anaphoric_event_nouns"] for c in t.children):
        return True
    if lemma == "say":
        for comp in (c for c in t.children if c.dep_ == "ccomp"):
            speaker_itself = any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("it", "they", "we") for c in comp.children)
            if speaker_itself and (comp.lemma_ == "carry" or any(x.lower_ == "behind" for x in comp.children)):
                return True
    return False


def _armed_side_at(ctx: Context, tok: Token | None, country: str) -> Actor | None:
    """The state force, rebels, militia or foreign force named at `tok`, if that is who is named there."""
    actor, _ = _actor_for(ctx, tok, country)
    return actor if actor is not None and actor.inter in _ARMED_SIDES else None


def _in_power(actor: Actor | None, when: DateRange) -> Actor | None:
    """A group that has become its country's government is that state's forces from the day it did (ACLED:
    the Taliban's after 15 August 2021 are "Military Forces of Afghanistan (2021-)")."""
    entry = actor_book().entries.get(actor.name) if actor is not None else None
    if entry is None or not entry.state_since or when.start < date.fromisoformat(entry.state_since):
        return actor
    return generic_actor("state", entry.home, actor.span)


def _actor_for(ctx: Context, tok: Token | None, country: str) -> tuple[Actor | None, bool]:
    """(actor, patient is a civilian place) for one role."""
    if tok is None:
        return None, False
    if tok.lower_ in _PRONOUNS:
        span = _antecedent(ctx, tok)
        return (resolve_actor(span, ctx.article.id, country) if span is not None else None), False
    for span in _actor_spans_in(tok, ctx.doc):
        actor = resolve_actor(span, ctx.article.id, country)
        if actor is not None:
            return actor, False
    if tok.dep_ in ("amod", "compound") and tok.lemma_.lower() in lexicon()["hand_adjectives"]:
        # "killed in a separatist attack": the kind of group that did it (the story's group, if it names one)
        kind = "unidentified" if tok.lemma_.lower() in ("bandit", "gang") else "armed_group"
        span = SpacySpan(ctx.doc, tok.i, tok.i + 1, label=GENERIC_PREFIX + kind)
        return resolve_actor(span, ctx.article.id, country), False
    return None, tok.lemma_.lower() in lexicon()["civilian_targets"] or tok.lower_ in lexicon()["civilian_targets"] \
        or (tok.lemma_.lower() == "camp" and any(t.lower_ in lexicon()["civilian_camp_words"] for t in tok.subtree))


# Words for people that say nothing of a side: the arrested, abducted or attacked so called are civilians to ACLED.
_PERSON_WORDS = {"men", "youths", "youth", "individuals", "member", "members", "relatives", "family", "leader", "leaders",
                 "president", "chief", "elder", "elders", "owner", "couple", "son", "daughter", "brother", "wife",
                 "husband", "father", "mother", "sons", "daughters", "brothers"}


def _unnamed_persons(tok: Token, country: str) -> Actor | None:
    """"arrested 15 Palestinians", "detained three men", "took away Édgar Quintero, president of the community
    board", "injuring three members of his family": people of no side named are Civilians (of their nation)."""
    head = head_of_quantity(tok)
    word = head.lower_
    nation = actor_book().demonyms.get(word[:-1]) if word.endswith("s") else None
    if nation or word in _PERSON_WORDS or (head.ent_type_ == "PERSON" and head.pos_ == "PROPN"):
        return generic_actor("civilians", nation or country)
    return None


def _actor_named_by(ctx: Context, tok: Token, country: str) -> Actor | None:
    """The actor the word itself names ("seven policemen"), not one inside its phrase ("a police officer's
    wife"), and not a former member ("a retired soldier")."""
    if any(c.lower_ in ("former", "retired", "ex") for c in tok.children):
        return None
    span = next((s for s in _actor_spans_in(tok, ctx.doc) if s.root.i == tok.i), None)
    return resolve_actor(span, ctx.article.id, country) if span is not None else None


def _armed_target_of_raid(ctx: Context, frame: Frame, country: str) -> Actor | None:
    """"killed at least eight people in a raid on an army camp": the dead of an attack on a camp, a post or a
    patrol of a force are (mostly) that force's men, not civilians; "people" says no more."""
    if frame.patient.lemma_.lower() not in lexicon()["unnamed_people"]:
        return None
    for prep in frame.trigger.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "during"):
            continue
        for deed in (g for g in prep.children if g.dep_ == "pobj"):
            for on in (c for c in deed.children if c.dep_ == "prep" and c.lower_ in ("on", "against")):
                for target in (g for g in on.children if g.dep_ == "pobj"):
                    actor, _ = _actor_for(ctx, target, country)
                    if actor is not None and actor.inter in ARMED:
                        return actor
    return None


def _country_of_word(tok: Token) -> str:
    """"Russian" -> RU (a demonym), "Russia" -> RU (a country's name); else ""."""
    iso = actor_book().demonyms.get(tok.lower_)
    if iso:
        return iso
    if tok.ent_type_ == "GPE" and tok.pos_ == "PROPN":
        name = " ".join(t.text for t in tok.doc[tok.left_edge.i: tok.i + 1] if t.ent_type_ == "GPE")
        for c in default_gazetteer().candidates(name or tok.text, loose=False):
            # (a country's abbreviation too: "a US air strike", "UK forces")
            if c.kind == "country" and (fold(c.name) == fold(name or tok.text) or (name or tok.text).isupper()):
                return c.country_iso
    return ""


_OWN_STATE_WORDS = {"government", "regime", "army", "military", "junta", "pro-government", "federal"}


def _state_by_country(ctx: Context, frame: Frame, event_country: str) -> Actor | None:
    """A state that does it by arms, with no actor named: "Russia launched missiles", "a Russian strike killed two",
    "Syrian government airstrikes hit Idlib" -> Military Forces of Russia / Syria (external forces abroad)."""
    weapons = lexicon()["state_weapon_nouns"]
    agent = frame.agent
    heads = [t for t in (agent, frame.trigger) if t is not None]
    # ("MOGADISHU, Aug 29 - A US air strike hit ...": the parser makes the dateline the subject, the strike its apposite)
    heads += [c for c in (agent.children if agent is not None else []) if c.dep_ == "appos"]
    # "two men were killed in an Israeli strike", "wounded by Russian shelling"
    heads += [g for v in (frame.trigger, *frame.trigger.conjuncts) for p in v.children
              if p.dep_ in ("prep", "agent") and p.lower_ in ("in", "by", "during")
              for g in p.children if g.dep_ == "pobj"]
    found = ""
    if agent is not None and agent.dep_ in ("nsubj", "nsubjpass", "pobj"):
        found = _country_of_word(agent) if agent.pos_ == "PROPN" else ""
    for head in heads:
        if found or head.lower_ not in weapons:
            continue
        for mod in head.children:
            if mod.dep_ in ("amod", "compound", "poss", "nmod") and mod.i < head.i:
                found = _country_of_word(mod) or next(
                    (iso for g in mod.children if g.dep_ in ("amod", "compound") for iso in [_country_of_word(g)] if iso), "")
                if not found and mod.lower_ in _OWN_STATE_WORDS:
                    found = event_country  # "Government artillery shelling on the town of Ariha", "junta airstrikes"
                if found:
                    break
    if not found and any(head.lower_ in lexicon()["air_force_nouns"] for head in heads):
        found = foreign_force_of_story(ctx.doc, event_country)  # "the strike", "warplanes" of a foreign force
    if not found:
        return None
    actor = generic_actor("state", found, Span(ctx.article.id, heads[0].idx, heads[0].idx + len(heads[0].text),
                                                heads[0].text))
    return Actor(actor.name, abroad(actor.inter, found, event_country), found, actor.span)


_ATTRIBUTION_MARKS = {":", "-", "–", "—"}
_ANOTHER_INCIDENT = re.compile(r"\b(?:another|a separate|separate|an unrelated|a different) (?:incident|attack)\b|"
                               r"\bseparately\b", re.IGNORECASE)


# What marchers with a grievance do: police marching "to demand unpaid salaries" protest.
_GRIEVANCE_WORDS = {"demand", "protest", "denounce", "condemn", "decry", "salary", "pay", "pension", "wage"}


def _a_force_marching(frame: Frame, marcher: Actor | None) -> bool:
    """A parade or an advance told as a march ("a foreign contingent marched on the Rajpath", "a militia army
    marched on Pibor"): an armed group's or an army unit's, with no grievance told (police or retired soldiers
    marching for their pay are protesters)."""
    if frame.trigger.lemma_.lower() not in lexicon()["parade_nouns"]:
        return False
    if any(t.lemma_.lower() in _GRIEVANCE_WORDS for t in frame.sentence):
        return False
    if marcher is not None and (marcher.inter in (2, 3, 4, 8) or marcher.inter == 1 and not marcher.name.startswith(
            "Police")):
        return True
    return frame.agent is not None and frame.agent.lemma_.lower() in lexicon()["marching_forces"]


def _show_of_force(trigger: Token) -> bool:
    """"a flag march", "a route march", "led a march of armed personnel": security forces parading, not police
    officers marching for their pay (a protest ACLED codes)."""
    if trigger.lemma_.lower() not in lexicon()["parade_nouns"]:
        return False
    return any(c.lower_ in ("flag", "route") for c in trigger.children) or trigger.head.lemma_.lower() == "lead"


def _trailing_attribution(span: SpacySpan) -> bool:
    """"Grenade blast injures two in Burundi's capital: police": a name after a colon or a dash that ends the
    sentence is who says so, the way headlines credit their source."""
    before = span.start - 1
    while before >= 0 and span.doc[before].dep_ == "det":
        before -= 1
    return before >= 0 and span.doc[before].text in _ATTRIBUTION_MARKS and all(
        t.is_punct or t.is_space for t in span.doc[span.end:span.sent.end])


_CREDITED = {"and", "sources", "source", "officials", "official", "witnesses", "medics", "residents", "doctors",
             "medical", "hospital", "security", "local", "military", "police", "the", "a", "spokesman", "spokesmen"}


def _credit_at_the_end(span: SpacySpan) -> bool:
    """", police and medical sources said.": a name that opens the sentence's closing credit is its source, also
    where the parser reads it as one more of the victims listed before the comma."""
    doc = span.doc
    if span.start == 0 or doc[span.start - 1].text != ",":
        return False
    for t in doc[span.end:span.sent.end]:
        if t.lemma_.lower() in report_verbs():
            # (", police said, the latest in a wave of violence": the credit ends at its verb and a comma)
            return t.i + 1 >= span.sent.end or doc[t.i + 1].is_punct
        if t.lower_ not in _CREDITED:
            return False
    return False


def _is_source(span: SpacySpan, trigger: Token) -> bool:
    """Is the actor the source of the report ("police said", "according to the army"), not a party to it?"""
    if _trailing_attribution(span):
        return True
    root = span.root
    if root.dep_ in ("compound", "amod", "poss") and root.head.i != trigger.i:
        root = root.head  # "a police spokesman said", "the army's statement said": the speaker is the source
    if _credit_at_the_end(span):
        return True
    head = root.head
    if head.i == trigger.i:
        return False
    if root.dep_ == "nsubj" and head.lemma_.lower() in report_verbs():
        return True
    return root.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according"


def _other_actor(ctx: Context, frame: Frame, taken: set[str], country: str) -> Actor | None:
    """The other side of a violent event that the clause does not give: the nearest actor the sentence names,
    not the one that reports it; a state force before civilians ("four soldiers and two civilians were killed
    when militants attacked a checkpoint": ACLED codes the fight with the soldiers, the civilians died in it)."""
    nearest = None
    for span in sorted(ctx.doc.spans.get("actors", []), key=lambda s: abs(s.root.i - frame.trigger.i)):
        if frame.sentence.start <= span.start < frame.sentence.end and not _is_source(span, frame.trigger) \
                and not associated(span):  # ("troops backed by local clan militias recaptured the town")
            actor = resolve_actor(span, ctx.article.id, country)
            if actor is None or actor.name in taken:
                continue
            if nearest is None or nearest.inter == 7 and actor.inter == 1:
                nearest = actor
            if nearest.inter != 7:
                return nearest
    return nearest


# ------------------------------------------------------------------ mentions


def frames_to_mentions(frames: list[Frame], ctx: Context) -> list[Mention]:
    focus = focus_places(ctx)
    mentions: list[tuple[int, Mention, Frame]] = []
    for frame in frames:
        if not frame.factual:
            continue
        i = ctx.sentence_index(frame.trigger)
        top, place_reason, least_precision = _frame_place(frame, ctx, i, focus)
        place: Place | None = to_place(top, ctx.article.id) if top is not None else None
        if place is not None and place.geo_precision < least_precision:
            place.geo_precision = least_precision
        country = place.country_iso if place else ctx.country_iso
        a1, _ = _actor_for(ctx, frame.agent, country)
        if frame.factuality.own_deed and frame.agent is not None and any(
                c.dep_ == "poss" and c.lower_ in ("its", "their", "our") for c in frame.agent.children):
            # "the Arakan Army confirmed that its troops had detained ...": the speaker's troops, not the state's
            a1 = _armed_side_at(ctx, ctx.doc[frame.factuality.speaker], country) or a1
        a2, civilian_place = _actor_for(ctx, frame.patient, country)
        for extra in frame.extra_patients:
            if a2 is None or a2.inter == 7 or civilian_place:
                alt, _ = _actor_for(ctx, extra, country)
                if alt is not None:
                    a2, civilian_place = alt, civilian_place and alt.inter == 7
                    break
        if a2 is None and frame.patient is None and frame.cls == "clash" and a1 is not None and a1.inter == 4 \
                and frame.agent is not None and frame.agent.tag_ == "NNS" and not frame.agent.conjuncts:
            # "two rival clans fought over grazing land": both sides are of one kind, and ACLED names each so
            a2 = a1
        nations = two_nations(frame.agent) if frame.agent is not None and frame.patient is None and a1 is not None \
            and a1.inter in (1, 8) else None
        if nations is not None:
            # "clashes between Uzbek and Kyrgyz border guards": each state's forces, one side each
            a1, a2 = (replace(side, inter=abroad(side.inter, iso, country))
                      for iso in nations for side in [generic_actor("state", iso, a1.span)])
        armed_victims = None
        if a2 is not None and a2.inter == 7 and frame.patient is not None and frame.cls in ("attack", "clash"):
            # "killed 12 villagers and seven policemen": where a force is among the dead, the attack met armed
            # men (ACLED: a battle, the force the other side); civilians named first do not make it one-sided
            armed_victims = next((alt for alt in map(lambda c: _actor_named_by(ctx, c, country),
                                                     [c for c in frame.patient.conjuncts  # (not ", police said")
                                                      if not _credit_at_the_end(ctx.doc[c.left_edge.i:c.i + 1])])
                                  if alt is not None and alt.inter in (1, 2)), None)
            a2 = armed_victims or a2
        if a2 is not None and a2.inter == 7 and frame.patient is not None:
            a2 = _armed_target_of_raid(ctx, frame, country) or a2
        if frame.cls == "protest" and a1 is not None and a1.inter == 1 and _show_of_force(frame.trigger):
            continue  # "the police chief led a flag march of armed personnel": a show of force, no protest
        if frame.cls == "protest" and _a_force_marching(frame, a1):
            continue  # "a foreign contingent marched on the Rajpath", "a militia army marched on Pibor"
        if frame.cls == "protest" and (a1 is None or a1.inter == 7):
            a1 = generic_actor("protesters", country, a1.span if a1 else None)
        if frame.cls == "riot" and (a1 is None or a1.inter in (6, 7)):
            a1 = generic_actor("rioters", country, a1.span if a1 else None)
        if frame.cls == "territory_loss":
            a1, a2 = _other_actor(ctx, frame, {a1.name} if a1 else set(), country), a1
        if a1 is None and frame.cls == "arrest":
            # ACLED: an arrest whose arresting force the report does not name is the police's
            a1 = generic_actor("police", country) if country else None
        if a2 is None and frame.cls in _HARMS_PEOPLE and frame.patient is not None:
            a2 = _unnamed_persons(frame.patient, country)
        if a1 is None and frame.agent is not None:
            # "a roadside bomb planted by PKK militants exploded": whoever planted or fired the weapon did it
            hand = next((g for c in frame.agent.children if c.dep_ == "acl" and c.tag_ == "VBN"
                         for p in c.children if p.dep_ == "agent" for g in p.children if g.dep_ == "pobj"), None)
            a1 = _armed_side_at(ctx, hand, country)
        if a1 is None and frame.factuality.own_deed:
            # "the army said its drones had struck ...": the side that speaks of its own deed did it
            a1 = _armed_side_at(ctx, ctx.doc[frame.factuality.speaker], country)
        if a1 is None and frame.cls in _VIOLENT | {"abduct", "sexual"}:
            span = _claimed_by(ctx, frame.trigger)
            # a state's weapon ("an Israeli strike", "a US air strike ... killing four militants", "the strike" in a
            # story of one foreign force's strikes) says whose it is before the actor the story names most (the
            # victims' group, a ministry's), and before the militants the sentence names among its dead
            state = _state_by_country(ctx, frame, country) if span is None else None
            if state is not None:
                a1 = state
            elif span is None and _names_unnamed_armed_men(frame.sentence):
                # "the gunman ... fired eight shots": the unnamed man of this sentence, not an actor named before
                a1 = generic_actor("unidentified", country)
            else:
                span = span or _context_actor(ctx, frame.trigger, {a2.name} if a2 else set())
                a1 = resolve_actor(span, ctx.article.id, country) if span is not None else None
        if a2 is None and frame.cls in _VIOLENT and not civilian_place:
            a2 = _other_actor(ctx, frame, {a1.name} if a1 else set(), country)
        if civilian_place and a2 is None:
            a2 = generic_actor("civilians", country, Span(ctx.article.id, frame.patient.idx,
                                                          frame.patient.idx + len(frame.patient.text), frame.patient.text))
        if a1 is not None and a2 is not None and a1.name == a2.name and a1.inter != 4:
            a2 = None
        sub_type = code(frame, a1, a2, civilian_place)
        if sub_type is None:
            continue
        if sub_type == "Attack" and (frame.toll_only or (a1 is None and frame.trigger.lemma_.lower() in _HURT_WORDS)):
            # "by the afternoon the toll had risen to nine, with 25 wounded": the figure of the event told just
            # before, of its type
            before = next((m for _, m, _ in reversed(mentions) if m.event_type in _VIOLENT_TYPES), None)
            if before is not None and frame.sentence.start_char - before.sentence.end <= _TOLL_REACH:
                sub_type = before.sub_event_type
        if sub_type == "Violent demonstration" and civilian_place and a2 is not None and a2.inter == 7:
            # "the protesters burnt a house and torched eight vehicles": property a riot destroys is no side of it
            a2 = None
        if sub_type in _TERRITORY and a2 is not None and a2.inter == 7:
            # "troops entered the rebel-held village", "took control of the town, residents said": ground is
            # taken from a side, not from its villagers
            a2 = None
        if sub_type == "Mob violence" and (a1 is None or a1.inter in (6, 7)):
            a1 = generic_actor("rioters", country, a1.span if a1 else None)  # "the youths of the community"
        if sub_type == "Mob violence" and a2 is None and frame.patient is not None and frame.cls == "attack":
            a2 = generic_actor("civilians", country)  # "a mob attacked a Roma camp": the people living in it
        if sub_type == "Violent demonstration" and a2 is not None and a2.inter in (5, 6) and (a1 is None or a1.inter == 1):
            # "protesters were killed in clashes with police": the rioters first, the police they fought second
            a1, a2 = generic_actor("rioters", country, a2.span), a1
        elif sub_type == "Violent demonstration" and a1 is not None and a1.inter == 6:
            # "two protesters died during clashes with police": ACLED's side of a violent demonstration is rioters
            a1 = generic_actor("rioters", country, a1.span)
        if a1 is not None and a1.inter == 7 and sub_type in _UNIDENTIFIED_WHEN_UNNAMED:
            # "five people died in inter-communal violence": the dead are no perpetrator; ACLED codes whoever did
            # it, unnamed, as an unidentified armed group
            a1 = generic_actor("unidentified", country)
        if a1 is None and _another_of_its_kind(frame):
            # "Another airstrike targeted a house": the same hand as the strike told before
            a1 = next((m.actor1 for _, m, _ in reversed(mentions) if m.sub_event_type == sub_type and m.actor1
                       and (m.place is None or place is None or m.place.country_iso == place.country_iso)), None)
        if sub_type in _NEEDS_A_PARTY and not any(a is not None and a.inter != 7 for a in (a1, a2)):
            # "agreements with six landowners", "salt trucks were deployed", "5,000 refugees crossed into Chad":
            # no party ACLED codes (civilians on the move are the setting of a war, not a side's development)
            continue
        if a1 is None and (sub_type in _UNIDENTIFIED_WHEN_UNNAMED or (
                sub_type == "Armed clash" and a2 is not None
                and (frame.attacker_unknown or _names_unnamed_armed_men(frame.sentence)))):
            # ACLED: a bombing or an attack whose perpetrator the report does not name
            a1 = generic_actor("unidentified", country)
        if sub_type == "Air/drone strike" and (a1 is None or a1.inter == 3 and a1.name.startswith("Unidentified")) \
                and country in _sole_air_powers() and _by_aircraft(frame.sentence.text) \
                and not (a2 is not None and a2.inter == 1 and a2.country == country):
            # "an aerial assault on a village in Sagaing": where only the state flies, an unnamed strike is its
            # own. Not a drone (armed groups fly those too), nor a strike on the state's own forces.
            a1 = generic_actor("state", country)
        sent = frame.sentence
        when = ctx.sentence_date(i)
        date_reason = ""
        if when is not None and _dated_after(frame.trigger, when):
            # "A boy died on Sunday after Houthi shelling of the city": Sunday is the death's day; the
            # shelling came before it, on a day this sentence does not give
            when = DateRange(when.start - timedelta(days=_AFTER_DAYS), when.end, max(2, when.time_precision), when.span)
            date_reason = "the day of what followed it: the event came on that day or a few days before"
        if when is None:
            # News tells the date once and goes on about the event: the date told last before is this
            # sentence's too — in the same paragraph whatever it is ("On 1 May, ... The group then ..."),
            # across paragraphs when it dated an incident of the same story (a wire story gives each
            # sentence a paragraph: "Gunmen carried out a series of attacks on Sunday ... In another
            # attack, gunmen fired on a patrol").
            earlier = next((j for j in range(i - 1, -1, -1) if ctx.sentence_date(j) is not None), None)
            if earlier is not None and not _date_of_another_event(ctx, mentions, earlier, sub_type):
                if ctx.paragraph(earlier) == ctx.paragraph(i):
                    when = ctx.sentence_date(earlier)
                    date_reason = "date carried from an earlier sentence of the paragraph"
                elif _dates_the_story(ctx, mentions, earlier, sub_type):
                    when = ctx.sentence_date(earlier)
                    date_reason = "date carried from an earlier sentence that dates an incident of the story"
            spoke = ctx.report_date(i)
            if when is not None and spoke is not None and spoke.end < when.start:
                # "In June, the military said it killed ...": what a source told in June happened by June,
                # not on the day carried from the story's news
                when, date_reason = spoke, "dated by the day its source spoke, before the date of the story"
        phrase = refers_back(sent.text) if when is None else ""
        if phrase:
            # "The terrorists struck at the Stade de France" after "attacks left 130 dead in Paris on
            # November 13, 2015": a definite reference takes the date of the event it refers to.
            before = next((j for j in range(i - 1, -1, -1) if ctx.sentence_date(j) is not None
                           or sent.start_char - ctx.sentences[j].end_char > ANAPHORA_REACH), None)
            if before is not None and ctx.sentence_date(before) is not None and \
                    same_kind(phrase, ctx.sentences[before].text):
                when = ctx.sentence_date(before)
                date_reason = f"date of the event '{phrase}' refers to"
        if when is None and ctx.report_date(i) is not None:
            when = ctx.report_date(i)
            date_reason = SPOKEN_DAY_REASON
        if when is None:
            when = report_window(ctx.published)
        a1, a2 = _in_power(a1, when), _in_power(a2, when)
        if a1 is not None and a2 is not None and a1.name == a2.name and a1.inter == 1:
            a2 = None  # ("Taliban fighters and the Afghan security forces" after August 2021: one side)
        # (a "disrupt" frame too: "detonated his vest, killing four guards" is a bombing the classifier retypes)
        # (a riot's dead too, and a protest's that turned violent or was fired on: "rioters set fire to a bus and
        # two passengers burned to death"; a peaceful protest has none)
        counts_dead = frame.cls in _VIOLENT | {"abduct", "disrupt", "riot"} or (
            frame.cls == "protest" and sub_type != "Peaceful protest")
        deaths, deaths_span = fatalities_in(sent, ctx.article.id) if counts_dead else (0, None)
        if deaths and frame.in_title and not fatalities_in(_own_clause(sent, frame.trigger), ctx.article.id)[0]:
            # a headline's clause between semicolons that tells no dead is another incident's: "Grandmother and boy
            # killed as shells hit Waingmaw; KIA and army clash near Hpakant" (but "shot dead a village chief; a
            # passerby was also killed" counts both in each clause that tells the dead)
            deaths, deaths_span = 0, None
        if sub_type == "Suicide bomb" and not bomber_counted(sent.text):
            deaths += bombers_in(sent.text)  # ACLED: the suicide bombers are among the dead
        counted = count_of(frame.trigger) if frame.nominal else None
        trig = frame.trigger
        mention = Mention(
            article_id=ctx.article.id,
            sub_event_type=sub_type,
            trigger=Span(ctx.article.id, trig.idx, trig.idx + len(trig.text), trig.text),
            sentence=Span(ctx.article.id, sent.start_char, sent.end_char, sent.text),
            actor1=a1, actor2=a2, place=place, when=when,
            fatalities=deaths, fatalities_span=deaths_span,
            count=counted[0] if counted else None,
            reasons=[(f"trigger '{trig.text}' ({frame.cls})" if frame.sub_event_type is None else
                      f"found by the classifier alone: no trigger word; main verb '{trig.text}'"),
                     frame.factuality.reason, place_note(place_reason)] + ([date_reason] if date_reason else []),
            claimant=frame.factuality.claimant,
            place_inherited=place_reason in ("carried from earlier sentences", MAIN_PLACE_REASON),
            date_inherited=bool(date_reason) or when.span is None,
            found_by="rules" if frame.sub_event_type is None else "classifier",
            quoted=trig.i in quoted_tokens(sent),
            headline=frame.in_title,
            toll_added=deaths > 0 and more_dead(sent),
            own_word=frame.factuality.own_deed,
        )
        if armed_victims is not None and a2 is armed_victims:
            mention.reasons.append(ARMED_AMONG_VICTIMS)
        mention.confidence = _confidence(mention, frame)
        listed = _towns_listed_with(ctx, top, i) if top is not None and not mention.place_inherited else []
        for part in _one_per_place(mention, listed, ctx, top):
            mentions.append((i, part, frame))
    return fold_tolls(mentions)


def _towns_listed_with(ctx: Context, top: Toponym, i: int) -> list[Toponym]:
    """The other towns of a list the event's town is in ("Damara, Sibut and Dekoa were attacked"): the
    towns joined to it by "and" or a comma in the sentence's parse, in the same country."""
    places = [t for t in ctx.local_places(i) if t.choice is not None and t.choice.kind == "city"]
    if top.choice is None or top.choice.kind != "city" or len(places) < 2:
        return []
    owner = {k: t for t in places for k in range(t.start, t.end)}

    def first_of_list(t: Toponym) -> Toponym:
        # a conjunct or an apposition hangs on the town before it: climb to the town that opens the list
        while True:
            tok = ctx.doc[t.end - 1]
            before = owner.get(tok.head.i) if tok.dep_ in ("conj", "appos") else None
            if before is None and (counted := _figure_before(tok)) is not None:
                # "four were killed in Bunia, two in Mahagi and one in Djugu": the town hangs on its figure, the
                # figure on the one before it, up to the first town of the list
                link = counted
                while link.dep_ in ("conj", "appos") and link.head.i not in owner and link.head is not link:
                    link = link.head
                before = owner.get(link.head.i) if link.dep_ in ("conj", "appos") else None
            if before is None or before is t:
                return t
            t = before

    first = first_of_list(top)
    head = ctx.doc[first.end - 1]
    if head.dep_ == "pobj" and head.head.lower_ == "between":
        return []  # "on the road between Gimbi and Nekemte": the two ends of one stretch, not a list of scenes
    return [t for t in places if t is not top and first_of_list(t) is first and fold(t.text) != fold(top.text)
            and t.choice.country_iso == top.choice.country_iso]


def _figure_before(tok: Token) -> Token | None:
    """"two in Mahagi": the figure a town's "in" hangs on, in a list of tolls by town."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ not in ("in", "at", "near") or prep.head is prep:
        return None
    figure = prep.head
    return figure if figure.like_num and word_to_int(figure.text) is not None else None


def _one_per_place(mention: Mention, listed: list[Toponym], ctx: Context, top: Toponym | None = None
                   ) -> list[Mention]:
    """ACLED codes an event at each place a report lists: one mention per town, each with the same sentence as
    its evidence. The toll is the one each town is given ("four were killed in Bunia, two in Mahagi"), else it is
    shared among them (the remainder with the first)."""
    if not listed:
        return [mention]
    parts = [mention] + [replace(mention, place=to_place(t, ctx.article.id), reasons=mention.reasons
                                 + [f"one of the towns listed with '{mention.place.name}'"]) for t in listed]
    towns = [top, *listed] if top is not None else []
    figures = [_figure_before(ctx.doc[t.end - 1]) for t in towns]
    if any(f is not None for f in figures):
        # the first town with no figure of its own has the clause's: "five people were killed in Konduga"
        first_bare = min((t.start for t, f in zip(towns, figures) if f is None), default=None)
        clause = mention.fatalities, mention.fatalities_span
        for part, town, figure in zip(parts, towns, figures):
            if figure is not None:
                part.fatalities = word_to_int(figure.text)
                part.fatalities_span = Span(ctx.article.id, figure.idx, figure.idx + len(figure.text), figure.text)
            else:
                part.fatalities, part.fatalities_span = clause if town.start == first_bare else (0, None)
        return parts
    share, rest = divmod(mention.fatalities, len(parts))
    for k, part in enumerate(parts):
        part.fatalities = share + (rest if k == 0 else 0)
    return parts


def _another_of_its_kind(frame: Frame) -> bool:
    """"Another airstrike hit ...": the event noun itself says it is one more strike of the hand told before
    ("in another incident, a soldier was shot" says only that it is a separate incident, by anyone)."""
    events = lexicon()["nouns"]
    nouns = [frame.trigger] + [c for c in frame.trigger.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(n.lemma_.lower() in events and any(c.lower_ == "another" and c.dep_ == "det" for c in n.children)
               for n in nouns)


# A date this long before the report is a back-reference to an earlier event, not the news of the day.
BACK_REFERENCE = timedelta(days=2)


def _date_of_another_event(ctx: Context, mentions: list[tuple[int, Mention, Frame]], j: int, sub_type: str) -> bool:
    """Is sentence j's date a back-reference to an event of another kind ("Kurdish militants claimed the Dec. 10
    bombings" before "Karlov was gunned down")? Its date is that event's, not the next sentence's."""
    kinds = {event_type_of(m.sub_event_type) for k, m, _ in mentions if k == j}
    when = ctx.sentence_date(j)
    return bool(kinds) and event_type_of(sub_type) not in kinds and when is not None and \
        when.end < ctx.published - BACK_REFERENCE


# Kinds of event one story tells together: violence of any form, or a crowd's demonstration. An arrest or a
# statement after an attack is often told without its (later) day, so no date crosses from one family to another.
_STORY_FAMILIES = ({"Battles", "Violence against civilians", "Explosions/Remote violence"}, {"Protests", "Riots"})


@lru_cache(maxsize=1)
def _sole_air_powers() -> frozenset[str]:
    return frozenset(load_yaml("triggers.yaml")["sole_air_powers"]["countries"])


@lru_cache(maxsize=1)
def _aircraft_pattern() -> re.Pattern[str]:
    words = load_yaml("triggers.yaml")["sole_air_powers"]["aircraft_words"]
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")", re.IGNORECASE)


def _by_aircraft(sentence: str) -> bool:
    """Does the sentence tell a strike by aircraft, not by a drone ("warplanes bombed", not "a drone dropped")?"""
    return bool(_aircraft_pattern().search(sentence)) and not re.search(r"\bdrones?\b|\bUAVs?\b", sentence, re.I)


def _dates_the_story(ctx: Context, mentions: list[tuple[int, Mention, Frame]], j: int, sub_type: str) -> bool:
    """Does sentence j's date belong to an incident of this sentence's story: a recent day (not background
    told with its year) on which j itself reports an event of the same family?"""
    if not _recent(ctx, ctx.sentence_date(j)):
        return False
    family = next((f for f in _STORY_FAMILIES if event_type_of(sub_type) in f), None)
    if family is not None and any(k == j and event_type_of(m.sub_event_type) in family for k, m, _ in mentions):
        return True
    # "Fresh violence rocked the district on Wednesday (May 3)", "gunmen were waiting for them Monday": the first
    # recent day the story gives, in a sentence that tells no other event, is the day of the story's events
    # (a photo caption's day is the photo's)
    return not ctx.caption(j) and not any(k == j for k, _, _ in mentions) and not any(
        _recent(ctx, ctx.sentence_date(k)) for k in range(j) if not ctx.caption(k))


def _recent(ctx: Context, when: DateRange | None) -> bool:
    """Is the day within the week before the story was published?"""
    return when is not None and ctx.published - timedelta(days=7) <= when.end and when.start <= ctx.published


def _confidence(m: Mention, frame: Frame) -> float:
    score = 0.35
    score += 0.15 if m.actor1 else 0
    score += 0.1 if m.actor2 else 0
    score += 0.15 if m.place and m.place.geo_precision < 3 else 0.05 if m.place else 0
    score += 0.1 if m.when and m.when.span else 0
    score += 0.1 if not frame.nominal else 0.05
    return round(min(score, 0.95), 2)
