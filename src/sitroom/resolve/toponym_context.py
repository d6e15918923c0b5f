"""Toponym resolution: one gazetteer candidate per toponym, chosen with the whole article.

A name alone says little ("Paris", "Edmonton", "Georgia"); the article says
the rest. Evidence, from weakest to strongest:
- prior: population, and the kind of place (a country or a province is what a
  bare country or province name usually means, but a big city beats the
  province named after it: "Aleppo" is the city);
- the countries the article points to (country names, demonyms on place nouns,
  unambiguous places);
- the province or country written right after the name ("Paris, Texas"), and
  the provinces the article names anywhere;
- the other places it names nearby (spatial minimality: the reading that puts
  the article's places close together wins).
The choices are made twice: the first round's choices become the context of
the second, so an ambiguous name can lean on another that was itself ambiguous
but settled by the first round.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from ..gazetteer import GazetteerPlace, distance_km, fold

NEAR_KM = 100.0
ROUNDS = 2
READINGS_PER_NAME = 10
BIG_CITY = 100_000
WORLD_CITY = 1_000_000
BROAD_KINDS = ("country", "continent")
# Votes for one country (its name, its unambiguous places) after which a story is settled there.
SETTLED_VOTES = 3
# A place abroad this small, matched in a story settled elsewhere, is a namesake even when the text calls it a town.
HAMLET = 10_000
# a town this many times as big as each of its namesakes is the one a name means
DOMINANT_TOWN = 20


@dataclass
class _Context:
    countries: Counter[str]
    provinces: Counter[tuple[str, str]] = field(default_factory=Counter)
    province_names: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # the names that said each
    # Every name's plausible readings, (folded name, lat, lon): a reading with
    # readings of other names nearby is the coherent one.
    readings: list[tuple[str, float, float]] = field(default_factory=list)
    # Countries the article names outright ("France"), not those its places were resolved into.
    named_countries: set[str] = field(default_factory=set)


def resolve_toponyms(toponyms: list, votes: Counter[str] | None = None) -> list:
    """Choose one candidate per toponym (sets `choice` and `alternatives`); drop weak strays."""
    context = _Context(_first_votes(toponyms, votes))
    # With no country named, the places that can be in one country only say where the story is ("in Hombori,
    # Boni and Douentza": Douentza is in Mali only)
    pointed = context.countries or _one_country_places(toponyms)
    provinces = _named_provinces(toponyms)
    possible = {c.country_iso for top in toponyms if not top.loose for c in top.candidates}
    for top in toponyms:
        if top.loose:
            # (a country's name is known in all its spellings: "Nambayaya" is no loose Namibia)
            top.candidates = loose_in_named_provinces(loose_in_the_story(
                [c for c in top.candidates if c.kind != "country"], context.countries, possible, top.text), provinces)
        elif pointed:
            top.candidates = [c for c in top.candidates if _named_as_known(c, top, pointed)]
    # (a story's country is settled by the names that point to it, not by how often one is repeated)
    distinct = _first_votes(list({fold(t.text): t for t in toponyms}.values()), votes)
    kept = [top for top in toponyms if top.candidates and not votes_exclude(
        top, context.countries - _small_vote(top), distinct - _small_vote(top))]
    kept = [top for top in kept if not _far_stray(top, kept, context.countries - _small_vote(top))]
    readings = _readings(kept)
    named = {c.country_iso for top in kept for c in top.candidates if c.kind == "country"}
    for round_number in range(ROUNDS):
        if round_number:
            context = _context_from(kept, votes)
        context.readings = readings
        context.named_countries = named
        for top in kept:
            scored = sorted(top.candidates, key=lambda c: score(c, top, context), reverse=True)
            top.choice = scored[0]
            top.alternatives = scored[1:4]
    return kept


def _readings(kept: list) -> list[tuple[str, float, float]]:
    out = []
    seen: set[str] = set()
    for top in kept:
        key = fold(top.text)
        if key in seen:
            continue
        seen.add(key)
        likely = sorted(top.candidates, key=lambda c: -c.population)[:READINGS_PER_NAME]
        out.extend((key, c.latitude, c.longitude) for c in likely
                   if c.kind not in BROAD_KINDS and c.kind not in ("admin1", "admin2"))
    return out


def _first_votes(toponyms: list, votes: Counter[str] | None) -> Counter[str]:
    """Countries named outright, and places that exist in one country only."""
    country_votes: Counter[str] = Counter(votes or {})
    for top in toponyms:
        country_votes.update(_vote_of(top))
    return country_votes


def _one_country_places(toponyms: list) -> Counter[str]:
    """The countries of the names that exist in one country only, whatever their size."""
    found: Counter[str] = Counter()
    for top in toponyms:
        isos = {c.country_iso for c in top.candidates}
        if len(isos) == 1 and not top.loose:
            found.update(isos)
    return found


def _small_vote(top) -> Counter[str]:
    """A small place is not its own evidence: "Forbes" (a magazine, and a town and a shire in Australia) votes
    for Australia, and that vote alone must not keep it in a story about Lebanon. (A big town's vote stands:
    "Kandahar" named once in a Pakistani story is the Afghan city.)"""
    small = all(c.kind in ("city", "admin2") for c in top.candidates) and max(
        c.population for c in top.candidates) < 50_000
    return _vote_of(top) if small else Counter()


def _vote_of(top) -> Counter[str]:
    """The countries one name votes for: a country's name its own, a place that exists in one country only
    (a province, or a town of 50,000 people or more) that country."""
    isos = {c.country_iso for c in top.candidates}
    kinds = {c.kind for c in top.candidates}
    if getattr(top, "nationality_use", False):
        return Counter()  # "a US drone struck Miranshah": whose drone, not where the story is
    if "country" in kinds:
        return Counter(c.country_iso for c in top.candidates if c.kind == "country")
    if len(isos) == 1 and not top.loose and (
            kinds & {"admin1", "admin2", "region"} or max(c.population for c in top.candidates) >= 50_000):
        return Counter(isos)
    if top.dateline and not top.loose and kinds == {"city"}:
        # "GOMA -": a dateline's city of 400,000 whose namesakes elsewhere are hamlets is that city, and says the
        # story's country (a name in the story's body does not: it may be a village named like a town abroad)
        ranked = sorted(top.candidates, key=lambda c: -c.population)
        if ranked[0].population >= _NAMED_ALONE and fold(ranked[0].name) == fold(top.text) and all(
                c.population * DOMINANT_TOWN <= ranked[0].population for c in ranked[1:]):
            return Counter([ranked[0].country_iso])
    return Counter()


def _context_from(kept: list, votes: Counter[str] | None) -> _Context:
    """What the current choices say: one vote per distinct name, not per repetition."""
    context = _Context(Counter(votes or {}))
    seen: set[str] = set()
    for top in kept:
        c, key = top.choice, fold(top.text)
        if c is None or not c.country_iso:
            continue
        if key in seen:
            # a name read as a town at the dateline and as the province elsewhere ("NARATHIWAT -", "Narathiwat
            # province") says the province too: "Waeng district" is then Narathiwat's, not Roi Et's
            if c.kind == "admin1" and key not in context.province_names.get((c.country_iso, c.admin1), set()):
                context.provinces[(c.country_iso, c.admin1)] += 1
                context.province_names.setdefault((c.country_iso, c.admin1), set()).add(key)
            continue
        seen.add(key)
        context.countries[c.country_iso] += 1
        if c.kind == "admin1":
            context.provinces[(c.country_iso, c.admin1)] += 1
            context.province_names.setdefault((c.country_iso, c.admin1), set()).add(key)
    return context


# How far from a town that qualifies it a place may lie: "X in Y" is in or at Y (a district named
# after its town included), "X near Y" within a short drive.
QUALIFIED_KM = {"near": 100.0}
QUALIFIED_KM_DEFAULT = 50.0


def qualifier_fits(c: GazetteerPlace, q: GazetteerPlace, relation: str) -> bool:
    """Is reading c where the qualifying place q says it is ("Paris, Texas"; "Mazzeh in Damascus")?"""
    if q.kind == "country":
        return c.country_iso == q.country_iso
    if q.kind == "admin1":
        return c.country_iso == q.country_iso and c.admin1 == q.admin1
    if q.kind == "admin2" and c.admin2:
        return c.country_iso == q.country_iso and c.admin2 == q.name
    if q.kind == "continent":
        return True
    return distance_km(c.latitude, c.longitude, q.latitude, q.longitude) <= QUALIFIED_KM.get(relation,
                                                                                           QUALIFIED_KM_DEFAULT)


# A town this far from every place of the story's own countries is a namesake, whatever the text calls it.
FAR_STRAY_KM = 1500
# ... unless the text calls it a village or a town, a place this big is where it is, however far.
FAR_STRAY_TOWN = 100_000


def _far_stray(top, kept: list, votes: Counter[str]) -> bool:
    """"Mandela village" in a story of Cabo Delgado is no Mandela in Ghana: a settlement the text names, whose
    every reading lies in a country nothing else in the story points to and thousands of kilometres from the
    story's other places, is a village the gazetteer lacks (the town of Kupiansk in a story that names only
    Russia's Belgorod is near it, and stays)."""
    if not votes or any(c.country_iso in votes or c.kind != "city" for c in top.candidates):
        return False
    if not getattr(top, "settlement_cue", False) and max(c.population for c in top.candidates) >= FAR_STRAY_TOWN:
        return False  # "In London, members of the diaspora rallied": a city the world knows is no lost village
    anchors = [c for other in kept if other is not top for c in other.candidates
               if c.country_iso in votes and c.kind in ("city", "admin1")]
    return bool(anchors) and all(distance_km(c.latitude, c.longitude, a.latitude, a.longitude) > FAR_STRAY_KM
                                 for c in top.candidates for a in anchors)


# The people a town matched only loosely, in a story that names nothing else, must have to be read as that town.
_NAMED_ALONE = 50_000


def loose_in_the_story(candidates: list, votes: Counter[str], possible: set[str] = frozenset(),
                       text: str = "") -> list:
    """A spelling matched only loosely is a place of the story's own countries: "the village of Galim" in a
    Cameroon story that names Nigeria once is neither Guelma in Algeria nor Gulma in Nigeria. Only countries with
    at least half the leading country's votes count. With no votes, the candidates stay when they are in one
    country, or in a country the story's other names may be in (`possible`: "Nasriyah" beside a "Baghdad" that
    may be Iraq's or Iran's): "the town of Bunagana" alone shares its skeleton with 27 places in 15 countries, and
    any of them (the biggest is Biñan, in the Philippines; the likest Bongana, a hamlet in Ivory Coast) would be a
    guess; named alone, a big town spelt nearly as written stays."""
    if not votes:
        if len({c.country_iso for c in candidates}) <= 1:
            return candidates
        if possible:
            return [c for c in candidates if c.country_iso in possible]
        # named alone: a town big enough to be named so, spelt nearly as written ("Nasriyah": Nasiriyah, Iraq)
        return [c for c in candidates if c.population >= _NAMED_ALONE and
                SequenceMatcher(None, fold(text), fold(c.name)).ratio() >= ALIKE_SPELLING]
    leading = max(votes.values())
    return [c for c in candidates if votes.get(c.country_iso, 0) * 2 >= leading]


def _named_provinces(toponyms: list) -> set[tuple[str, str]]:
    """The provinces the story names outright (a name matched as spelt that is a province)."""
    # ("Baghdad" alone is the city, not a province that would hold every town matched loosely: "Nasriyah" in a
    # story of Baghdad is still Nasiriyah; "Baghdad province" is the province)
    return {(c.country_iso, c.admin1) for top in toponyms if not top.loose
            for c in top.candidates if c.kind == "admin1" and (top.admin_cue or not any(
                o.kind == "city" and o.population >= BIG_CITY and o.country_iso == c.country_iso
                for o in top.candidates))}


def loose_in_named_provinces(candidates: list, provinces: set[tuple[str, str]]) -> list:
    """A town matched only loosely, in a country whose province the story names, is a town of that province:
    "Kirimu woreda" in a story of Oromia is no Korem in Tigray (it is a district the gazetteer lacks)."""
    named_countries = {iso for iso, _ in provinces}
    return [c for c in candidates if c.kind != "city" or c.country_iso not in named_countries
            or (c.country_iso, c.admin1) in provinces]


# How like its main name another name of a town must be to stand for it abroad ("Kupiansk" for Kupyansk).
ALIKE_SPELLING = 0.8


def _named_as_known(c: GazetteerPlace, top, votes: Counter[str]) -> bool:
    """A town in a country the story never points to is read from its other names only when they are its own
    name respelled: GeoNames keeps every language's name, and "Boni locality" in an Ethiopian story is not
    Bonn, nor "Stade" (the Stade de France) Hansestadt Stade. A world city keeps its exonyms ("Bombay")."""
    if c.kind != "city" or c.country_iso in votes or c.id in top.main_ids or c.population >= WORLD_CITY:
        return True
    return SequenceMatcher(None, fold(top.text), fold(c.name)).ratio() >= ALIKE_SPELLING


def votes_exclude(top, votes: Counter[str], distinct: Counter[str] | None = None) -> bool:
    """A weak match far from the article's countries is more likely a miss than a place.

    A spelling matched only through the loose key, or a town under 50,000
    people, in a country the article never points to, is dropped.
    """
    if not votes or any(c.country_iso in votes for c in top.candidates):
        return False
    # Settled: three names point to one country; or one repeated, and the namesake abroad is a hamlet
    settled = max((distinct if distinct is not None else votes).values(), default=0) >= SETTLED_VOTES or (
        max(votes.values()) >= SETTLED_VOTES and max(c.population for c in top.candidates) < HAMLET)
    if getattr(top, "settlement_cue", False) and not top.loose and not settled:
        # "the town of Kupiansk" in a story that names only Russia: the text says it is a town; but "Gidan Visa
        # village" in a story settled in Nigeria is a Nigerian village the gazetteer lacks, not Vișea (647 people)
        # in Romania
        return False
    if top.loose or max(c.population for c in top.candidates) < 50_000:
        return True
    # "Kalaiya town of Bara district" in a story settled in Nepal: a bigger Bara in Nigeria is a namesake too,
    # when nothing else in the story points to its country; a country or a world city may be named in any story
    return max(votes.values()) >= SETTLED_VOTES and not any(
        c.kind in BROAD_KINDS or c.population >= WORLD_CITY for c in top.candidates)


def score(c: GazetteerPlace, top, context: _Context) -> float:
    s = math.log10(c.population + 10)
    if c.kind in BROAD_KINDS:
        s += 5.0
    elif c.kind == "admin1":
        # "Kandahar", "Karak": a province named after its town is the town unless the text says "province";
        # any town of the name inside the province, or a big one anywhere in the country, is read first.
        big_namesake = any(o.kind == "city" and o.country_iso == c.country_iso
                           and (o.population >= BIG_CITY or o.admin1 == c.admin1) for o in top.candidates)
        s += 3.0 if top.admin_cue else (-0.5 if big_namesake else 1.5)
    elif c.kind == "admin2":
        # A county's population is its towns': "Kent" alone is the English county only when the article
        # points there; "Plymouth County" matches the counties alone.
        s += 2.0 if top.admin_cue else 0.0
    elif c.kind == "region":
        s += 1.5
    if c.id in top.main_ids:
        s += 1.0
    if c.kind == "city" and c.population >= WORLD_CITY:
        s += 1.0  # a bare "Paris" in the news is the capital unless the article says otherwise
        if c.country_iso in context.named_countries and not top.qualifiers:
            # ... and when the article names its country too, a Kentucky paper's "Paris" is the capital
            # (a local story about a trip to France), however many Kentucky places surround it
            s += 5.0
    if any(qualifier_fits(c, q, top.relation) for q in top.qualifiers):
        s += 6.0
    countries = context.countries
    if countries and c.country_iso:
        s += 4.0 * countries.get(c.country_iso, 0) / max(countries.values())
    if c.kind in ("city", "admin2") and context.provinces.get((c.country_iso, c.admin1)):
        s += 2.5
    if c.kind not in BROAD_KINDS:
        own = fold(top.text)
        near = {name for name, lat, lon in context.readings
                if name != own and distance_km(c.latitude, c.longitude, lat, lon) <= NEAR_KM}
        s += 1.0 * min(3, len(near))
    return s
