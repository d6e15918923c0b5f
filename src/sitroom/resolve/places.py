"""Places: toponyms in a parsed article -> gazetteer places, chosen in context.

Recognition takes runs of proper nouns (the NER label is a hint only) that are
not inside an actor name and looks them up with transliteration folding.
Resolution ranks candidates by the countries the article names, the provinces
it names, population and distance to the article's other places.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Token

from ..gazetteer import Gazetteer, GazetteerPlace, ascii_name, default_gazetteer, distance_km, fold
from ..knowledge import load_yaml
from ..records import Place, Span
from .actors import actor_book

_JOINERS = {"al", "el", "ad", "ed", "as", "es", "az", "ez", "ar", "at", "an", "ash", "-", "bin", "ibn", "de", "du", "la", "le", "di", "da", "abu", "umm"}
_NEAR_WORDS = {"near", "outskirts", "outside", "around", "vicinity", "surroundings", "countryside", "area", "areas",
               "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "northern",
               "southern", "eastern", "western", "central", "periphery", "edge", "environs", "suburbs", "district",
               "region", "desert", "province", "governorate", "part", "parts", "quadrant"}
_ADMIN_CUES = {"province", "governorate", "state", "region", "district", "county", "prefecture", "oblast"}
_MAX_TOKENS = 5


@dataclass
class Toponym:
    start: int  # token indices
    end: int
    text: str
    start_char: int
    end_char: int
    candidates: list[GazetteerPlace]
    choice: GazetteerPlace | None = None
    admin_cue: bool = False
    near_cue: bool = False
    loose: bool = False
    alternatives: list[GazetteerPlace] = field(default_factory=list)

    @property
    def is_country(self) -> bool:
        return self.choice is not None and self.choice.kind == "country"


def _in_actor(doc: Doc) -> set[int]:
    covered: set[int] = set()
    for span in doc.spans.get("actors", []):
        covered.update(range(span.start, span.end))
    return covered


@lru_cache(maxsize=1)
def _not_places() -> set[str]:
    return {fold(w) for w in load_yaml("not_places.yaml")["words"]}


def _can_start(tok: Token, blocked: set[int]) -> bool:
    if tok.i in blocked or not tok.text[:1].isupper():
        return False
    if tok.text.lower() in actor_book().demonyms:
        return False
    return tok.tag_ in ("NNP", "NNPS") or tok.ent_type_ in ("GPE", "LOC", "FAC")


def recognize(doc: Doc, gazetteer: Gazetteer | None = None) -> list[Toponym]:
    """Find toponyms: the longest gazetteer match over each run of proper nouns."""
    gaz = gazetteer or default_gazetteer()
    blocked = _in_actor(doc)
    found: list[Toponym] = []
    i = 0
    n = len(doc)
    while i < n:
        if not _can_start(doc[i], blocked):
            i += 1
            continue
        match = None
        for length in range(min(_MAX_TOKENS, n - i), 0, -1):
            span = doc[i : i + length]
            last = span[-1]
            if any(t.i in blocked or "\n" in t.text for t in span) or not (last.text[:1].isupper() or last.is_alpha is False and last.text != "-"):
                continue
            if any(not (t.text[:1].isupper() or t.text.lower() in _JOINERS) for t in span):
                continue
            loose = length > 1 or doc[i].ent_type_ in ("GPE", "LOC")
            if fold(span.text) in _not_places():
                match = (span, [], False)  # a known non-place name: skip it whole
                break
            cands, used_skeleton = gaz.lookup(span.text, loose=loose)
            if cands:
                match = (span, cands, used_skeleton)
                break
        if match is None:
            i += 1
            continue
        span, cands, used_skeleton = match
        if not cands:
            i = span.end
            continue
        found.append(Toponym(span.start, span.end, span.text, span.start_char, span.end_char, cands, loose=used_skeleton,
                             admin_cue=_has_admin_cue(doc, span.start, span.end),
                             near_cue=_has_near_cue(doc, span.start)))
        i = span.end
    return found


def _has_admin_cue(doc: Doc, start: int, end: int) -> bool:
    after = doc[end].lower_ if end < len(doc) else ""
    before = [t.lower_ for t in doc[max(0, start - 2) : start]]
    return after in _ADMIN_CUES or (len(before) == 2 and before[0] in _ADMIN_CUES and before[1] == "of")


def _has_near_cue(doc: Doc, start: int) -> bool:
    window = [t.lower_ for t in doc[max(0, start - 4) : start]]
    return any(w in _NEAR_WORDS for w in window)


_PLACE_NOUNS = {"town", "city", "village", "capital", "province", "region", "state", "district", "port", "border",
                "coast", "countryside", "desert", "north", "south", "east", "west", "northeast", "northwest",
                "southeast", "southwest", "territory", "side", "governorate", "enclave", "hamlet", "outskirts"}


def demonym_votes(doc: Doc) -> Counter[str]:
    """"the Syrian town of Ariha": a demonym on a place noun says which country the place is in."""
    demonyms = actor_book().demonyms
    return Counter(demonyms[t.lower_] for t in doc
                   if t.lower_ in demonyms and t.dep_ == "amod" and t.head.lemma_.lower() in _PLACE_NOUNS)


def resolve_toponyms(toponyms: list[Toponym], votes: Counter[str] | None = None) -> list[Toponym]:
    """Choose one candidate per toponym using the whole article as context."""
    country_votes: Counter[str] = Counter(votes or {})
    for top in toponyms:
        isos = {c.country_iso for c in top.candidates}
        kinds = {c.kind for c in top.candidates}
        if "country" in kinds:
            country_votes.update(c.country_iso for c in top.candidates if c.kind == "country")
        elif len(isos) == 1 and not top.loose and (
            kinds & {"admin1", "region"} or max(c.population for c in top.candidates) >= 50_000
        ):
            country_votes[next(iter(isos))] += 1
    anchors = [
        c for top in toponyms if len(top.candidates) == 1 and top.candidates[0].kind != "country"
        for c in top.candidates
    ]
    kept = []
    for top in toponyms:
        if votes_exclude(top, country_votes):
            continue
        kept.append(top)
        scored = sorted(top.candidates, key=lambda c: _score(c, top, country_votes, anchors), reverse=True)
        top.choice = scored[0]
        top.alternatives = scored[1:4]
    return kept


def votes_exclude(top: Toponym, votes: Counter[str]) -> bool:
    """A weak match far from the article's countries is more likely a miss than a place.

    A spelling matched only through the loose key, or a town under 50,000
    people, in a country the article never points to, is dropped.
    """
    if not votes or any(c.country_iso in votes for c in top.candidates):
        return False
    return top.loose or max(c.population for c in top.candidates) < 50_000


def _score(c: GazetteerPlace, top: Toponym, votes: Counter[str], anchors: list[GazetteerPlace]) -> float:
    score = math.log10(c.population + 10)
    if votes:
        score += 4.0 * votes.get(c.country_iso, 0) / max(votes.values())
    if c.kind == "country":
        score += 6.0
    elif c.kind == "admin1":
        score += 3.0 if top.admin_cue else -0.5
    elif c.kind == "region":
        score += 1.5
    near = [a for a in anchors if a.id != c.id]
    if near and min(distance_km(c.latitude, c.longitude, a.latitude, a.longitude) for a in near) < 250:
        score += 1.5
    return score


def to_place(top: Toponym, article_id: str, precision: int | None = None) -> Place:
    c = top.choice
    assert c is not None
    if precision is None:
        precision = c.geo_precision
        if c.kind == "city" and top.near_cue:
            precision = 2
    return Place(
        name=ascii_name(c.name), latitude=c.anchor_latitude, longitude=c.anchor_longitude, country_iso=c.country_iso, country=c.country,
        admin1=c.admin1, geonameid=c.id if c.id < 100_000_000 else None, feature=c.kind,
        population=c.population, geo_precision=precision,
        span=Span(article_id, top.start_char, top.end_char, top.text),
    )


def article_places(doc: Doc, gazetteer: Gazetteer | None = None) -> list[Toponym]:
    return resolve_toponyms(recognize(doc, gazetteer), demonym_votes(doc))
