"""Places: toponyms in a parsed article -> gazetteer places, chosen in context.

Recognition takes runs of proper nouns that are not inside an actor name and
looks them up with transliteration folding; the entity recogniser's labels
then drop names that belong to a person or an organisation. Streets are kept
and placed in the town around them. Resolution (`toponym_context.py`) chooses
each toponym's reading from the article as a whole.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span as TokenSpan, Token

from ..extract.modality import report_verbs
from ..gazetteer import Gazetteer, GazetteerPlace, Lookup, ascii_name, default_gazetteer, fold
from ..knowledge import country_name, load_yaml
from ..knowledge.actors import actor_book
from ..records import Place, Span
from .toponym_context import qualifier_fits, resolve_toponyms

_MAX_TOKENS = 5


@lru_cache(maxsize=None)
def _words(kind: str) -> frozenset[str]:
    """One list of place_words.yaml (name joiners, near words, admin cues...)."""
    return frozenset(str(w) for w in load_yaml("place_words.yaml")[kind])


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
    main_ids: set[int] = field(default_factory=set)  # candidates matched by their main name
    # "Paris, Texas", "Winnipeg, Man.", "Mazzeh (Damascus)", "Achguara in the Ochamchire district": the place
    # named right after it that says where it is, and how ("comma", "bracket", "in", "near", "of")
    qualifier: "Toponym | None" = None
    relation: str = ""
    street: bool = False  # "Seaton Street": placed in the town the article puts around it
    # "the village of Achguara": a settlement the gazetteer lacks (no candidates of its own)
    unknown: bool = False
    # Coded to its qualifier: the name is not in the gazetteer, or none of its namesakes lies where the text says.
    stand_in: bool = False
    # "the town of Kupiansk", "Magam village": the text itself says the name is a settlement
    settlement_cue: bool = False
    # "a US drone": a country's name saying whose weapon, not where anything is
    nationality_use: bool = False
    # "the Somali capital": a place told by what it is, not by its name (no toponym to a gazetteer's reader)
    periphrasis: bool = False
    # "GOMA, May 8 -": where the report was filed from, which says the story's country when the name is plain
    dateline: bool = False

    @property
    def qualifiers(self) -> list[GazetteerPlace]:
        """The readings of the qualifying place that can say where this one is."""
        if self.qualifier is None:
            return []
        kinds = ("admin1", "country") if self.relation == "comma" else ("admin1", "admin2", "country", "city", "region")
        return [c for c in self.qualifier.candidates if c.kind in kinds]

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


_NOT_NAME_LABELS = {"ORDINAL", "CARDINAL", "MONEY", "PERCENT", "QUANTITY"}


def _can_start(tok: Token, blocked: set[int]) -> bool:
    if tok.i in blocked or not tok.text[:1].isupper():
        return False
    if _capitals_at_a_line_start(tok):
        return True  # "CAIRO — A police conscript ...": a dateline, whatever the tagger made of it (an adverb, an ORG)
    if tok.ent_type_ in _NOT_NAME_LABELS:
        return False
    if tok.text.lower() in actor_book().demonyms:
        return False
    return tok.tag_ in ("NNP", "NNPS") or tok.ent_type_ in ("GPE", "LOC", "FAC")


def _capitals_at_a_line_start(tok: Token) -> bool:
    """A word in capitals that opens the text or a line and is followed by a dateline's dash, comma or bracket."""
    doc = tok.doc
    opens = tok.i == 0 or "\n" in doc[tok.i - 1].text or "\n" in doc[tok.i - 1].whitespace_
    after = doc[tok.i + 1].text if tok.i + 1 < len(doc) else ""
    return opens and tok.is_upper and len(tok.text) > 2 and tok.is_alpha and after in ("—", "-", "–", ",", "(", ":")


def _inside_hyphened_name(doc: Doc, k: int, start: int, end: int) -> bool:
    """"Port-au-Prince", "Saint-Louis-du-Sud": a hyphen or a small word written against the parts around it, inside
    the span (the tokenizer splits such a name into its parts)."""
    if not start < k < end - 1 or doc[k - 1].whitespace_ or doc[k].whitespace_:
        return False
    return doc[k].text == "-" or (doc[k].is_lower and doc[k].is_alpha and doc[k - 1].text == "-"
                                  and doc[k + 1].text == "-")


def recognize(doc: Doc, gazetteer: Gazetteer | None = None) -> list[Toponym]:
    """Find toponyms: the longest gazetteer match over each run of proper nouns,
    then drop those that the parse shows to be part of a person's or an
    organisation's name."""
    gaz = gazetteer or default_gazetteer()
    blocked = _in_actor(doc)
    found: list[Toponym] = []
    i = 0
    n = len(doc)
    while i < n:
        if not _can_start(doc[i], blocked):
            i += 1
            continue
        street_end = _street_end(doc, i)
        if street_end:
            found.append(Toponym(i, street_end, doc[i:street_end].text, doc[i].idx, doc[street_end - 1].idx +
                                 len(doc[street_end - 1].text), [], street=True))
            i = street_end
            continue
        match = None
        for length in range(min(_MAX_TOKENS, n - i), 0, -1):
            span = doc[i : i + length]
            last = span[-1]
            if any(t.i in blocked or "\n" in t.text for t in span) or not (last.text[:1].isupper() or last.is_alpha is False and last.text != "-"):
                continue
            # "Jammu and Kashmir", "Bosnia and Herzegovina": a name with "and" inside, matched only as spelled
            joined = any(t.lower_ == "and" for t in span[1:-1])
            if any(not (t.text[:1].isupper() or t.text.lower() in _words("name_joiners") or t.lower_ == "and" and joined
                        or _inside_hyphened_name(doc, t.i, i, i + length))
                   for t in span):
                continue
            if length == 1 and _opens_a_longer_name(doc, i):
                continue  # ("Abu" of "Abu Salim" is no village in India)
            loose = (length > 1 or doc[i].ent_type_ in ("GPE", "LOC")) and not joined
            if fold(span.text) in _not_places() and not _names_a_province(doc, span, gaz):
                match = (span, None, False, 0)  # a known non-place name: skip it whole
                break
            dotted = _dotted_abbreviation(doc, span, gaz)
            if dotted:
                match = (span, Lookup([(c, True) for c in dotted], False), False, 1)
                break
            found_here = gaz.lookup_ranked(span.text, loose=loose)
            if found_here.loose and doc[i].lower_ in _NAME_PREFIXES:
                # "Abu Salim" read loosely drops "Abu" and finds "Salim", a village in Palestine: a loose reading of
                # such a name keeps its opening word ("Deir Ezzor" is Dayr az Zawr, "Tel Abyad" Tall Abyad)
                first = fold(doc[i].text)[:1]
                found_here = Lookup([(c, m) for c, m in found_here.candidates if fold(c.name)[:1] == first], True)
            if found_here.candidates and length > 1:
                found_here = _with_country_part(span, found_here, gaz)
            if found_here.candidates and _has_admin_cue(doc, i, i + length):
                found_here = _with_province_of_its_capital(found_here, gaz)
            if found_here.candidates:
                match = (span, found_here, found_here.loose, 0)
                break
        if match is None and doc[i].is_title and _opens_a_longer_name(doc, i) and doc[i + 1].i not in blocked \
                and _placed_name(doc, i):
            # "the Abu Salim district", "Deir Hafer": a name the gazetteer lacks whose second word alone is some
            # namesake's ("Salim", a village in Palestine); the whole name is an unknown place
            end = i + 1
            while end < n and doc[end].is_title and end - i < _MAX_TOKENS and doc[end].i not in blocked:
                end += 1
            found.append(Toponym(i, end, doc[i:end].text, doc[i].idx, doc[end - 1].idx + len(doc[end - 1].text), [],
                                 unknown=True))
            i = end
            continue
        if match is None:
            unknown_end = _unknown_settlement_end(doc, i, blocked)
            if unknown_end:
                found.append(Toponym(i, unknown_end, doc[i:unknown_end].text, doc[i].idx,
                                     doc[unknown_end - 1].idx + len(doc[unknown_end - 1].text), [], unknown=True))
                i = unknown_end
                continue
            i += 1
            continue
        span, lookup, used_skeleton, extra_chars = match
        if not lookup:
            i = span.end
            continue
        if i >= 2 and doc[i - 1].lower_ in _NAMING_WORDS and doc[i - 2].lower_ in _words("settlement_nouns"):
            unknown_end = _unknown_settlement_end(doc, i, blocked)
            if unknown_end > span.end and not any(t.ent_type_ in ("DATE", "TIME") for t in doc[span.end:unknown_end]):
                # "the town of Deng Jok": a match of its first word ("Deng", a namesake's spelling) is no reading
                # of the longer name the text itself calls a settlement
                found.append(Toponym(i, unknown_end, doc[i:unknown_end].text, doc[i].idx,
                                     doc[unknown_end - 1].idx + len(doc[unknown_end - 1].text), [], unknown=True))
                i = unknown_end
                continue
        longer = _name_goes_on(doc, span.end)
        if longer:
            # "Wadi al-Shay", "Tal al-Hawa": the gazetteer knows only the first word of a longer name, and a
            # "Wadi" in India is not the valley in Kirkuk; the whole name is a place the gazetteer lacks
            found.append(Toponym(i, longer, doc[i:longer].text, doc[i].idx, doc[longer - 1].idx + len(doc[longer - 1].text),
                                 [], unknown=True))
            i = longer
            continue
        end = span.end
        if end < n and doc[end].text in _words("county_words"):  # "Plymouth County", "PLYMOUTH CO."
            end += 1
        end_char = doc[end - 1].idx + len(doc[end - 1].text) if end > span.end else span.end_char + extra_chars
        found.append(Toponym(span.start, end, doc.text[span.start_char:end_char], span.start_char, end_char,
                             [c for c, _ in lookup.candidates], main_ids={c.id for c, main in lookup.candidates if main},
                             loose=used_skeleton, admin_cue=_has_admin_cue(doc, span.start, span.end),
                             near_cue=_has_near_cue(doc, span.start),
                             settlement_cue=_has_settlement_cue(doc, span.start, end),
                             nationality_use=_describes_a_thing(doc, end)))
        i = end
    _link_qualifiers(doc, found)
    return _not_in_names(doc, found)


# Words that open an Arabic place name ("Abu Salim", "Deir Hafer", "Kafr Nabl"): with the next word, one name.
_NAME_PREFIXES = {"abu", "umm", "beni", "bani", "ain", "bir", "deir", "kafr", "tel", "tal", "wadi", "jabal", "jebel",
                  "sidi", "bab", "beit", "qasr", "souk", "suq", "ouled"}

_LOCATIVE = {"in", "at", "near", "outside", "into", "from", "around", "inside", "across", "toward", "towards"}


def _opens_a_longer_name(doc: Doc, i: int) -> bool:
    """"Abu" before "Salim": the first word of a longer name. Not before a word that says what kind of place the
    name is ("Beni Territory", "Tal District"): then the word is the name."""
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    return doc[i].lower_ in _NAME_PREFIXES and nxt is not None and nxt.is_title and not (
        nxt.lower_ in _words("admin_cues") or nxt.lower_ in _words("settlement_nouns")
        or nxt.lower_ in _words("place_nouns") or nxt.lower_ in ("territory", "town", "city"))


def _placed_name(doc: Doc, i: int) -> bool:
    """Is the name opening at `i` told as a place: after "in", "near" ("in the Abu Salim district") or before a word
    such as "district" or "camp"? (Not "Abu Bakr said", a man's name.)"""
    before = doc[i - 1] if i > 0 else None
    if before is not None and before.lower_ == "the" and i > 1:
        before = doc[i - 2]
    end = i + 1
    while end < len(doc) and doc[end].is_title and end - i < _MAX_TOKENS:
        end += 1
    after = doc[end].lower_ if end < len(doc) else ""
    return (before is not None and before.lower_ in _LOCATIVE) or after in _words("settlement_nouns") \
        or after in _words("admin_cues") or after in _words("place_nouns")


_SURROUNDS = {"countryside", "outskirts", "suburbs", "environs", "vicinity", "countrysides"}


def _link_qualifiers(doc: Doc, found: list[Toponym]) -> None:
    """"X, Y", "X (Y)", "X in (the) Y", "X near Y", "X village of the Y district": Y says where X is.

    A settlement or admin noun may stand between ("Achguara village in Y", "Mazzeh district of Y"); "of"
    qualifies only an administrative area ("of the Ochamchire district"), never "the University of Y".
    """
    relations = load_yaml("place_words.yaml")["qualifier_relations"]
    skippable = _words("settlement_nouns") | _words("admin_cues")
    for top, after in zip(found, found[1:]):
        between = [t.lower_ for t in doc[top.end:after.start]]
        if between and between[0] in skippable:
            between = between[1:]
        if len(between) >= 2 and between[0] == "," and between[1] in ("near", "outside", "in"):
            between = between[1:]  # "north of Bourem, in the Gao region"
        if len(between) >= 2 and between[0] in ("in", "of", "near", "outside"):
            # "in the northern Sagaing region", "in southern Hodeidah governorate": a part of it is still in it
            rest = between[1:]
            rest = rest[1:] if rest[0] == "the" else rest
            if len(rest) <= 1 and all(w in _words("bearing_adjectives") for w in rest):
                between = between[:1]
            # "the town of Dhiban in the eastern countryside of Deir ez-Zor", "in the outskirts of Aleppo"
            elif rest and rest[-1] == "of" and rest[-2:-1] and rest[-2] in _SURROUNDS \
                    and all(w in _words("bearing_adjectives") for w in rest[:-2]):
                between = between[:1]
        if _bearing(between):
            between = ["near"]
        if len(between) != 1 or between[0] not in relations:
            continue
        relation = relations[between[0]]
        if relation == "bracket" and not (after.end < len(doc) and doc[after.end].text == ")"):
            continue
        if relation == "of" and not (after.admin_cue or any(c.kind == "admin1" for c in after.candidates)):
            continue
        if not after.candidates or after.unknown:
            continue
        top.qualifier, top.relation = after, relation


def _bearing(between: list[str]) -> bool:
    """", (some 20 km) north of": the words between a place and the town it is placed from by a bearing."""
    words = [w for w in between if w not in (",", "some", "about", "around", "roughly", "nearly", "just")]
    joined = " ".join(words).replace(" - ", "-")
    parts = joined.split()
    if len(parts) < 2 or parts[-1] != "of" or parts[-2] not in _words("bearing_words"):
        return False
    distance = parts[:-2]
    return not distance or (len(distance) <= 2 and distance[0].replace(".", "").replace(",", "").isdigit()
                            and all(w in _words("distance_units") for w in distance[1:]))


def _name_goes_on(doc: Doc, end: int) -> int:
    """End of the longer name a matched one is the start of ("Wadi" + "al-Shay"), or 0: a joiner glued to a
    capitalised word ("al-Shay", "el-Obeid") after the match."""
    joiners = _words("name_joiners")

    def glue(j: int) -> bool:  # "al", "el", "de" ...; a hyphen only when it is written against the word before
        return doc[j].lower_ in joiners if doc[j].text != "-" else j > end and not doc[j - 1].whitespace_

    j = end
    while j < len(doc) and j - end < 3 and glue(j):
        j += 1
    if j == end or j >= len(doc) or doc[j - 1].whitespace_:
        return 0  # no joiner, or one that stands apart from what follows ("al Shay" is two words)
    start = j
    while j < len(doc) and doc[j].is_alpha and doc[j].is_title:  # the capitalised word(s) glued to the joiner
        j += 1
        if doc[j - 1].whitespace_:
            break
    return j if j > start else 0


# "the village of X", "a locality called X", "a town named X"
_NAMING_WORDS = ("of", "called", "named")


def _describes_a_thing(doc: Doc, end: int) -> bool:
    """"a US drone", "US warplanes": the name says whose weapon, not where it struck."""
    last = doc[end - 1]
    head = last.head
    if last.dep_ not in ("compound", "amod", "nmod") or head.i < end or head.pos_ != "NOUN":
        return False
    # only a weapon: "US officials", "Pakistan's army" still say which country a story is about
    weapons = _words("force_instruments")
    return head.lower_ in weapons or head.lemma_.lower() in weapons


def _unknown_settlement_end(doc: Doc, i: int, blocked: set[int]) -> int:
    """End of a settlement's name the gazetteer lacks ("the village of Achguara", "Achguara village", "a locality
    called Dangdala"), or 0.

    Only with a settlement noun right before ("village of") or after it, and never a person's or an
    organisation's name.
    """
    joiners = _words("name_joiners")
    j = i
    while j < len(doc) and j - i < 5 and j not in blocked and (
        doc[j].is_alpha and doc[j].is_title or j > i and doc[j].lower_ in joiners and not doc[j - 1].whitespace_
    ):
        j += 1
    while j > i and doc[j - 1].lower_ in joiners:
        j -= 1
    if j == i or any(t.ent_type_ in _NOT_NAME_LABELS for t in doc[i:j]):
        return 0
    nouns = _words("settlement_nouns")
    # "the village of X" names a place whatever the entity recogniser makes of an unfamiliar X
    before = i >= 2 and doc[i - 1].lower_ in _NAMING_WORDS and doc[i - 2].lower_ in nouns
    after = j < len(doc) and doc[j].lower_ in nouns and doc[j].lower_ != "camp" and not any(
        t.ent_type_ in _NAME_LABELS for t in doc[i:j])
    return j if before or after else 0


_NAME_LABELS = {"PERSON", "ORG"}


def _street_end(doc: Doc, i: int) -> int:
    """End of a street name starting at token i ("Seaton Street", "Cuckoo Hall Lane"), or 0."""
    for k in range(1, 4):
        j = i + k
        if j >= len(doc) or not all(t.is_alpha and t.is_title for t in doc[i:j]):
            return 0
        if doc[j].text in _words("street_words"):
            return j + 1
        if doc[j].lower_ in _QUARTER_NOUNS and _the_citys(doc, i):
            return j + 1  # "the city's central Kyiv district" (of Kharkiv): a quarter of the town told before
    return 0


_QUARTER_NOUNS = ("district", "neighbourhood", "neighborhood", "quarter", "suburb")


def _the_citys(doc: Doc, i: int) -> bool:
    """Is the name at token i introduced as the city's own ("the city's central Kyiv district")?"""
    before = doc[max(0, i - 3):i]
    return any(t.lower_ in ("'s", "’s") and t.i > 0 and doc[t.i - 1].lower_ in ("city", "capital", "town")
               for t in before)


def _dotted_abbreviation(doc: Doc, span, gaz: Gazetteer) -> list[GazetteerPlace]:
    """"Winnipeg, Man." -- the tokenizer may split the abbreviation's final dot off."""
    if len(span) != 1 or span.end >= len(doc) or doc[span.end].text != "." or span[-1].whitespace_:
        return []
    return gaz.abbreviation(span.text + ".")


def _with_country_part(span: TokenSpan, found: Lookup, gaz: Gazetteer) -> Lookup:
    """"South Lebanon" is two small towns in Ohio and the south of Lebanon: a bearing and a country's name are
    also that part of the country (its country entry is added as a reading), unless the name is itself a
    country or a province ("South Sudan", "North Kivu")."""
    if span[0].lower_ not in _words("bearing_adjectives") or any(
            c.kind in ("country", "admin1") or c.population >= 50_000 for c, _ in found.candidates):
        return found  # (and "West Jordan", a city of 100,000 in Utah, is that city)
    rest = gaz.lookup_ranked(span[1:].text, loose=False)
    countries = [(c, False) for c, _ in rest.candidates if c.kind == "country"]
    return Lookup(found.candidates + countries, found.loose) if countries else found


def _with_province_of_its_capital(found: Lookup, gaz: Gazetteer) -> Lookup:
    """"Hodeidah governorate": the gazetteer knows the spelling "Hodeidah" for the city only; the text's cue
    says it is the province named after the city (not, for "Hays district", the provinces of every Hays)."""
    if any(c.kind == "admin1" for c, _ in found.candidates):
        return found
    provinces = [(p, main) for c, main in found.candidates if c.kind == "city" and fold(c.name) == fold(c.admin1)
                 for p in gaz.candidates(c.admin1, loose=False)
                 if p.kind == "admin1" and p.country_iso == c.country_iso and p.admin1 == c.admin1]
    return Lookup(found.candidates + provinces, found.loose) if provinces else found


def _strong(cands: list[GazetteerPlace], city_population: int = 100_000) -> bool:
    """A name that is a country, a province or a big city is a place even inside another name."""
    return any(c.kind in ("country", "admin1", "continent") or c.population >= city_population for c in cands)


_LOCATIVE_PREPOSITIONS = {"in", "near", "at", "from", "outside", "into", "around", "across", "toward", "towards", "to",
                          "inside", "throughout", "within", "via", "between", "west", "east", "north", "south"}


def _locative(doc: Doc, top: Toponym) -> bool:
    """Used as a place by the sentence: "in Gao", "the outskirts of Beledweyne", "Paterson, N.J.", and each
    name of a list so used ("in Hombori, Boni and Douentza")."""
    head_token = doc[top.end - 1]
    for _ in range(6):
        if head_token.dep_ != "conj" or head_token.head is head_token:
            break
        head_token = head_token.head
    prep = head_token.head if head_token.dep_ == "pobj" else None
    if prep is not None and prep.lower_ in _LOCATIVE_PREPOSITIONS:
        return True
    place_or_near = _words("place_nouns") | _words("near_words") | _words("inner_words")
    if prep is not None and prep.lower_ == "of" and {prep.head.lower_, prep.head.lemma_.lower()} & place_or_near:
        return True
    if head_token.dep_ == "compound" and head_token.head.lower_ in place_or_near | _words("route_nouns"):
        return True  # "the Birnin Gwari road", "the Hajin area"
    before = doc[top.start - 1].lower_ if top.start > 0 else ""
    return before in _LOCATIVE_PREPOSITIONS and before not in ("to", "from")




_NAME_PARTICLES = {"dos", "da", "das", "de", "do", "di", "del", "van", "von", "bin", "ibn", "al", "el", "ould", "ag"}


def _a_person_with_an_age(doc: Doc, top: Toponym) -> bool:
    """"the death of Thiago dos Santos, 14, who was hit": the end of a person's name, told with the person's age
    (a place is not followed by a bare small number between commas)."""
    end = top.end
    if end + 2 >= len(doc) or doc[end].text != "," or doc[end + 2].text not in (",", ".", ";"):
        return False
    age = doc[end + 1]
    if not (age.is_digit and 0 < int(age.text) <= 110) or top.start == 0:
        return False
    before = doc[top.start - 1]
    return before.lower_ in _NAME_PARTICLES or (before.pos_ == "PROPN" and before.is_title)


def _not_in_names(doc: Doc, found: list[Toponym]) -> list[Toponym]:
    """Drop toponyms that are part of a person's or an organisation's name.

    "Cumberland Farms", "the University of Michigan", "Georgia Stevens": the
    entity recogniser's PERSON/ORG spans say so. A person's name is a person's
    throughout the article ("Georgia Stevens ... Georgia said"), and a weak
    name tagged as a person, or inside an organisation's name, is kept only when
    the article also uses it on its own as a place (the recogniser is not
    consistent: "Suweida" can be a GPE in one sentence and a PERSON in the
    next) or the sentence uses it as one ("the outskirts of Beledweyne").
    Countries, provinces and big cities inside an organisation's name ("the
    Queensland Police Service") stay.
    """
    person_words = {t.text for ent in doc.ents
                    if ent.label_ == "PERSON" and 1 < len(ent) <= 3 and all(t.is_alpha and t.is_title for t in ent)
                    for t in ent}  # "Georgia Stevens", not a mis-tagged "Trump - Wisconsin"

    def entity_of(top: Toponym):
        if doc[top.start].ent_type_ not in _NAME_LABELS:
            return None
        return next((e for e in doc.ents if e.start <= top.start < e.end), None)

    entities = [entity_of(top) for top in found]
    free = {fold(top.text) for top, ent in zip(found, entities) if ent is None}
    # A name the article uses as a place somewhere ("gunmen fired on a patrol in Karak") is not taken for a
    # person's because the recogniser once read "Karak Castle" as one.
    as_place = {fold(top.text) for top, ent in zip(found, entities)
                if _locative(doc, top) and (ent is None or ent.label_ != "PERSON")}
    # "Gali, Abkhazia", "Santa Rosa (La Pampa)": a name its province or country qualifies is a place
    qualified = {fold(top.text) for top in found
                 if top.relation in ("comma", "bracket") and any(c.kind in ("admin1", "country") for c in top.qualifiers)}
    # "Damara, Sibut and Dekoa were attacked": a name listed with places the recogniser left alone is one too
    free_tokens = {i for top, ent in zip(found, entities) if ent is None or ent.label_ != "PERSON"
                   for i in range(top.start, top.end)}
    listed = {fold(top.text) for top in found if _listed_with(doc[top.end - 1], free_tokens)}
    kept = []
    for top, ent in zip(found, entities):
        if _names_a_paper(doc, top) or _a_person_with_an_age(doc, top):
            continue
        single = top.end - top.start == 1
        if single and top.text in person_words and fold(top.text) not in as_place | qualified:
            continue
        if single and _foreign_spelling_of_a_word(doc, top):
            continue
        if single and (_acronym(doc, top) or _common_word(doc, top)) and not _locative(doc, top) \
                and fold(top.text) not in qualified and not top.admin_cue:  # "Lakes State" is a province
            continue
        if ent is not None:
            # ("Lakes State" tagged an organisation: the rest of the entity is only the province's cue word)
            whole = ent.start == top.start and (ent.end <= top.end or all(
                t.lower_ in _words("admin_cues") for t in doc[top.end:ent.end]))
            if ent.label_ == "PERSON" and not (
                whole and (_strong(top.candidates) or fold(top.text) in free | qualified | listed
                           or _locative(doc, top))
            ):
                continue
            # Inside an organisation's name only a well-known place counts: "the Winnipeg Free Press",
            # not "the Cooking Enterprise Project" (Enterprise, Nevada has 100,000 people).
            if ent.label_ == "ORG" and not whole and not (_strong(top.candidates, 500_000) or fold(top.text) in free):
                continue
        kept.append(top)
    return kept


def _names_a_paper(doc: Doc, top: Toponym) -> bool:
    """"the Washington Times", "the Detroit Free Press", "The Times of Israel": a newspaper, not a place."""
    media = _words("media_words")
    k = top.end + (1 if top.end + 1 < len(doc) and doc[top.end].is_title and doc[top.end + 1].text in media else 0)
    if k < len(doc) and doc[k].text in media:
        # the paper's name ends there: not "the Mogadishu Star hotel", "the Kabul Press Club"
        after = doc[k + 1] if k + 1 < len(doc) else None
        return after is None or not (after.is_title or after.pos_ in ("NOUN", "PROPN"))
    return top.start >= 2 and doc[top.start - 1].lower_ == "of" and doc[top.start - 2].text in media


def _listed_with(tok: Token, place_tokens: set[int]) -> bool:
    """Is the name (its last word) a conjunct or an apposition of a place ("Damara, Sibut and Dekoa")?"""
    linked = [c for c in tok.children if c.dep_ in ("conj", "appos")]
    if tok.dep_ in ("conj", "appos"):
        linked.append(tok.head)
    return any(t.i in place_tokens for t in linked)


def _opens_line(tok: Token) -> bool:
    """First on its line: a dateline ("GAO, Mali -") or a heading, where capitals say nothing of the word."""
    return tok.i == 0 or "\n" in tok.doc[tok.i - 1].text_with_ws or tok.doc[tok.i - 1].is_space


_DATELINE_ENDS = {"—", "–", "-", "--", ":"}


def is_dateline(top: Toponym, doc: Doc) -> bool:
    """"BANGKOK (Reuters) —", "KANO, Nigeria, Jan. 27 (Xinhua) --": the place a report was filed from,
    first on its line and followed, before any verb, by the dash or colon that opens the story."""
    if not _opens_line(doc[top.start]):
        return False
    if _dated_dateline(top, doc):
        return True
    for tok in doc[top.end: min(len(doc), top.end + 10)]:
        if tok.text in _DATELINE_ENDS:
            return True
        if tok.pos_ in ("VERB", "AUX") or "\n" in tok.text:
            return False
    return False


_MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "january",
           "february", "march", "april", "june", "july", "august", "september", "october", "november", "december"}


def _dated_dateline(top: Toponym, doc: Doc) -> bool:
    """"SANAA, Sept 21 At least six ...": a place in capitals, a comma and the filing day (the wire's
    "(Reuters) -" cut away by the site)."""
    if top.end >= len(doc) or doc[top.end].text != ",":
        return False
    rest = [t for t in doc[top.end + 1: top.end + 7] if not t.is_punct]
    if rest and rest[0].ent_type_ == "GPE" and rest[0].text[:1].isupper() and rest[0].lower_.rstrip(".") not in _MONTHS:
        rest = rest[1:]  # "KANO, Nigeria, Jan. 27"
    dated = len(rest) >= 2 and rest[0].lower_.rstrip(".") in _MONTHS and rest[1].like_num
    if doc[top.start].is_upper or not dated:
        return dated
    # "Bogota, May 22 (EFE).-": in title case only with the agency's bracket after the day
    after_day = rest[1].i + 1
    return after_day < len(doc) and doc[after_day].text == "("


def _acronym(doc: Doc, top: Toponym) -> bool:
    """"MOD", "the MOI said": a short all-capital word in running text is an acronym, not the small town it
    spells, unless it is a country's or a province's name ("IRAQ") or opens a line as a dateline ("GAO -")."""
    tok = doc[top.start]
    if not (tok.is_upper and tok.is_alpha and len(tok.text) <= 5) or top.unknown:
        return False
    if any(c.kind in ("country", "admin1", "continent") for c in top.candidates):
        return False
    return not _opens_line(tok)


# A word at least this frequent in English (Zipf scale: 4 is once in 10,000 words) is a common word
# before it is a small town's name ("Hope", "Union", "Liberty", "Pacific"); conflict towns score 1-3.
COMMON_WORD_ZIPF = 4.0


# An English word this frequent is read as the word, not as another language's name for a place.
FOREIGN_SPELLING_ZIPF = 3.0


def _foreign_spelling_of_a_word(doc: Doc, top: Toponym) -> bool:
    """"Grenade blast injures two": an English word that is a place's name only in another language (the French
    for Granada), capitalised because it opens a headline; the recogniser does not take it for a place."""
    from wordfreq import zipf_frequency

    tok = doc[top.start]
    if top.unknown or tok.ent_type_ in ("GPE", "LOC") or _locative(doc, top):
        return False
    if zipf_frequency(tok.lower_, "en") < FOREIGN_SPELLING_ZIPF:
        return False
    if any(c.id in top.main_ids and (c.kind != "city" or c.population >= 100_000) for c in top.candidates):
        return False  # "Nice", "Bath": a big place of that very name
    # only another language's name for a place, or, opening a headline, a small town's
    return not top.main_ids or _opens_line(tok)



def _common_word(doc: Doc, top: Toponym) -> bool:
    """A small town named like a common English word, used as a word ("the trans-Pacific pact", "Union
    officials", "Clinton said"): only countries, provinces and big cities are exempt."""
    from wordfreq import zipf_frequency

    tok = doc[top.start]
    if top.unknown or not tok.is_title or _strong(top.candidates):
        return False
    return not _opens_line(tok) and zipf_frequency(tok.lower_, "en") >= COMMON_WORD_ZIPF


def _names_a_province(doc: Doc, span: TokenSpan, gaz: Gazetteer) -> bool:
    """"Lakes", "Far North" alone are words; "Lakes State", "the Far North region" are provinces. Not the tail of
    a longer name ("the Great Lakes region"), and only where the gazetteer has such a province."""
    if not _has_admin_cue(doc, span.start, span.end):
        return False
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.pos_ == "PROPN" and not before.is_sent_start:
        return False
    return any(c.kind == "admin1" for c, _ in gaz.lookup_ranked(span.text, loose=False).candidates)


def _has_admin_cue(doc: Doc, start: int, end: int) -> bool:
    after = doc[end].lower_ if end < len(doc) else ""
    before = [t.lower_ for t in doc[max(0, start - 2) : start]]
    cues = _words("admin_cues")
    return after in cues or (len(before) == 2 and before[0] in cues and before[1] == "of")


def _has_settlement_cue(doc: Doc, start: int, end: int) -> bool:
    nouns = _words("settlement_nouns") - {"camp"}
    before = start >= 2 and doc[start - 1].lower_ in _NAMING_WORDS and doc[start - 2].lower_ in nouns
    return before or end < len(doc) and doc[end].lower_ in nouns


def _has_near_cue(doc: Doc, start: int) -> bool:
    if start >= 5 and doc[start - 1].lower_ in _NAMING_WORDS and doc[start - 2].lower_ in _words("settlement_nouns") \
            and doc[start - 4].lower_ == "of" and doc[start - 5].lower_ in _words("near_words"):
        return True  # "10km southwest of the town of Pale", "north of the village of Kutum"
    window = [t.lower_ for t in doc[max(0, start - 4) : start]]
    return any(w in _words("near_words") for w in window)




def _stand_ins(found: list[Toponym], kept: list[Toponym]) -> list[Toponym]:
    """Code a settlement to the larger place named with it when the gazetteer cannot place it there.

    "the village of Achguara of the Ochamchire district": Achguara is not in the gazetteer, so the event is
    coded to Ochamchire (geo precision 2, a province or country: 3), as an ACLED coder would; "Gali, Abkhazia"
    with no Gali in Abkhazia is not the Gali in Sri Lanka. A name that is a country or a province itself is
    never replaced. Returns the unknown settlements so placed (the known names are changed in place).
    """
    resolved = {id(t) for t in kept}
    placed = []
    for top in found:
        q = top.qualifier
        if q is None or id(q) not in resolved or q.choice is None or q.choice.kind == "continent" or top.street:
            continue
        if any(c.kind in ("country", "admin1", "continent") for c in top.candidates):
            continue
        fitting = [c for c in top.candidates if any(qualifier_fits(c, r, top.relation) for r in top.qualifiers)]
        # "Edinburgh, Aberdeen airports" is a list, not Edinburgh in Aberdeen: only a qualifier read as a
        # reading the relation allows (after a comma, a province or country) can stand in.
        stands_in = q.choice in top.qualifiers
        if id(top) in resolved:
            if fitting or top.choice is None or not stands_in:
                continue
            top.alternatives = [top.choice, *top.alternatives][:3]
            top.choice, top.stand_in = q.choice, True
            continue
        # Not resolved: unknown to the gazetteer, or dropped as a stray far from the article's countries.
        if fitting:
            top.choice = max(fitting, key=lambda c: c.population)
        elif stands_in:
            top.choice, top.stand_in = q.choice, True
        else:
            continue
        placed.append(top)
    return placed


# How far after an unknown village (in tokens) the town it is measured from may be named: "Nyaung Kone village,
# 10km southwest of the town of Pale".
TOWN_REFERENCE_TOKENS = 10


def _town_stand_ins(doc: Doc, found: list[Toponym], kept: list[Toponym]) -> list[Toponym]:
    """Code a village the gazetteer lacks to the town the sentence measures it from ("Nyaung Kone, 10km southwest
    of the town of Pale", "a village north of Kutum"), at geo precision 2: ACLED's nearest known place. (A town
    farther than FAR_REFERENCE_KM was set aside as no scene at all.)"""
    resolved = {id(t) for t in kept}
    towns = [t for t in kept if t.choice is not None and t.choice.kind == "city" and t.near_cue and not t.stand_in]
    placed = []
    for top in found:
        # (a village matched only loosely, "Kwaragal village" read as Ouargla, is as good as unknown)
        loosely = id(top) in resolved and top.loose and top.settlement_cue
        if (id(top) in resolved and not loosely) or top.street or not (top.unknown or top.settlement_cue):
            continue
        if any(c.kind in ("country", "admin1", "continent") for c in top.candidates):
            continue
        town = next((t for t in towns if 0 <= t.start - top.end <= TOWN_REFERENCE_TOKENS
                     and doc[top.start].sent.start == doc[t.start].sent.start), None)
        if town is None:
            continue
        top.choice, top.stand_in = town.choice, True
        if not loosely:
            placed.append(top)
    return placed


def _province_stand_ins(found: list[Toponym], kept: list[Toponym]) -> list[Toponym]:
    """Code a settlement the text names as one ("the town of Deng Jok", "Kaikuin village") but that neither the
    gazetteer nor a qualifier can place to the province the article last named before it (else the first after).

    An ACLED coder who cannot find a village codes the event to the smallest area known to hold it, at geo
    precision 3. Without this, a village the gazetteer lacks gives its event no place of its own and it is read
    as more of the incident told before it.
    """
    resolved = {id(t) for t in kept}
    provinces = [t for t in kept if t.choice is not None and t.choice.kind == "admin1" and not t.stand_in]
    placed = []
    for top in found:
        if id(top) in resolved or top.street or not (top.unknown or top.settlement_cue) or not provinces:
            continue
        if any(c.kind in ("country", "admin1", "continent") for c in top.candidates):
            continue
        before = [p for p in provinces if p.start < top.start]
        province = before[-1] if before else provinces[0]
        top.choice, top.stand_in = province.choice, True
        placed.append(top)
    return placed


def demonym_votes(doc: Doc) -> Counter[str]:
    """"the Syrian town of Ariha": a demonym on a place noun says which country the place is in; and a group
    active in one country only says the story is there ("the regime forces shelled Ariha" is Idlib's Ariha,
    not Jericho, whose Arabic name it shares). Each such group votes once."""
    book = actor_book()
    demonyms = book.demonyms
    votes = Counter(demonyms[t.lower_] for t in doc
                    if t.lower_ in demonyms and t.dep_ == "amod" and t.head.lemma_.lower() in _words("place_nouns"))
    groups = {book.entry(s.label_) for s in doc.spans.get("actors", [])}
    votes.update(next(iter(e.operates_in)) for e in groups if len(e.operates_in) == 1)
    # (a group with no listed field votes for its home: "Ansar Allah fighters clashed near Hays" is Yemen's Hays,
    # not the Kansas town; a country the story names outweighs it)
    votes.update(e.home for e in groups if not e.operates_in and e.home and not e.generic)
    return votes


def to_place(top: Toponym, article_id: str, precision: int | None = None) -> Place:
    c = top.choice
    assert c is not None
    if precision is None:
        precision = c.geo_precision
        if c.kind == "city" and (top.near_cue or top.stand_in or top.admin_cue):
            # near the town, a village the gazetteer lacks coded to the town named with it, or somewhere in
            # the district named after the town ("a village of the Ochamchire district")
            precision = 2
    return Place(
        name=ascii_name(c.name), latitude=c.anchor_latitude, longitude=c.anchor_longitude, country_iso=c.country_iso,
        country=country_name(c.country_iso) or c.country,
        admin1=c.admin1, admin2=c.admin2, geonameid=c.geonames_id, feature=c.kind,
        population=c.population, geo_precision=precision,
        span=Span(article_id, top.start_char, top.end_char, top.text),
        named_as=top.text if top.stand_in else "",
    )


def _only_relates(doc: Doc, top: Toponym) -> bool:
    """"the Norway-based Hengaw group", "the Beni region bordering Uganda", "which borders Raxaul town": a
    place named only to say where an organisation sits or what a region touches, where nothing happened.
    Troops "based in Bama" are where they are attacked: a garrison is not an office abroad."""
    after = [t.lower_ for t in doc[top.end:top.end + 2]]
    based = None
    if after[:2] == ["-", "based"]:
        based = doc[top.end + 1]
    elif after[:1] == ["based"]:
        based = doc[top.end]
    elif top.start >= 2 and doc[top.start - 2].lower_ == "based" and doc[top.start - 1].lower_ == "in":
        based = doc[top.start - 2]  # "an NGO also based in Norway"
    if based is not None:
        # ("Sahel-based militants" are from there; troops "based in" a town are in it)
        return after[:2] == ["-", "based"] or based.head.lemma_.lower() not in _words("garrison_nouns")
    if after[:1] and after[0] in _words("beat_nouns"):
        return True  # "BBC World Service South Asia Editor", "our Middle East correspondent": a reporter's beat
    return top.start > 0 and doc[top.start - 1].lower_ in _words("bordering_words") or _far_reference(doc, top)


# Farther than this, a place the scene is measured from is not where it happened ("500 kms from Raipur"); nearer,
# it is the place an ACLED coder would code ("10km southwest of the town of Pale").
FAR_REFERENCE_KM = 50


def _far_reference(doc: Doc, top: Toponym) -> bool:
    """"around 500 kms from state capital Raipur": the named place only says how far away the scene is."""
    window = doc[max(0, top.start - 7):top.start]
    for k, tok in enumerate(window):
        if tok.lower_ in _words("distance_units") and k + 1 < len(window) and window[k + 1].lower_ in ("from", "of"):
            number = window[k - 1] if k > 0 else None
            if number is not None and number.like_num:
                try:
                    value = float(number.text.replace(",", ""))
                except ValueError:
                    return False
                return value * (1.6 if tok.lower_.startswith("mile") else 1) >= FAR_REFERENCE_KM
    return False


def _in_a_facility_name(doc: Doc, top: Toponym) -> bool:
    """"outside the Inca Manco Capac airport in Juliaca": Inca starts the name of an airport placed in Juliaca."""
    j = top.end
    names = 0
    while j < len(doc) and names < 4 and doc[j].text[:1].isupper() and doc[j].is_alpha \
            and doc[j].text not in _words("facility_name_words") and doc[j].lower_ not in _words("facility_nouns"):
        j, names = j + 1, names + 1
    # ("the Cusco Tupac Amaru airport in Juliaca": the last words of the name are a place too, after another name)
    before = doc[top.start - 1] if top.start > 0 else None
    inside = before is not None and before.is_alpha and before.text[:1].isupper() and not before.is_sent_start
    # (and only where the facility is placed elsewhere: "the Mogadishu Star hotel" is in Mogadishu)
    return (names > 0 or inside) and j + 2 < len(doc) and doc[j].lower_ in _words("facility_nouns") \
        and doc[j + 1].lower_ in ("in", "at", "near", "outside") and doc[j + 2].text[:1].isupper()


def _speaks(doc: Doc, top: Toponym) -> bool:
    """"Anatolia reported that 14 people had been arrested", "Kyiv says rebels shelled two villages": a place that
    speaks is its government or a paper, not a scene."""
    root = doc[top.start:top.end].root
    return root.dep_ == "nsubj" and root.head.lemma_.lower() in report_verbs() and root.head.i > root.i \
        and root.ent_type_ != "PERSON" and not any(c.kind == "country" for c in top.candidates)


def _qualifiers_agree(kept: list[Toponym]) -> None:
    """"Tumaco (Nariño)", "Gali, Abkhazia": the name that says where a town is is read as the province or country
    the town lies in, not as a namesake village (Nariño is a department, and a village in it)."""
    resolved = {id(t) for t in kept}
    for top in kept:
        q = top.qualifier
        if q is None or id(q) not in resolved or top.choice is None or top.stand_in or q.choice is None:
            continue
        fitting = [r for r in top.qualifiers if qualifier_fits(top.choice, r, top.relation)
                   and r.kind in ("admin1", "admin2", "country")]
        if fitting and q.choice not in fitting:
            q.alternatives = [q.choice, *q.alternatives][:3]
            q.choice = fitting[0]


def _capitals_by_periphrasis(doc: Doc, kept: list[Toponym], gaz: Gazetteer) -> list[Toponym]:
    """"in the capital", "Somalia's capital", "the Somali capital": the country's capital, named by what it is.
    The country is the one the phrase names, else the one the story's places are in (bare "the capital" only when
    they are in one). Not a province's capital ("the regional capital"), nor one named beside it ("the capital,
    Mogadishu"; "Kabul, the capital"), where the name is a toponym of its own."""
    named = {i for t in kept for i in range(t.start, t.end)}
    countries = Counter(t.choice.country_iso for t in kept if t.choice is not None and t.choice.country_iso)
    demonyms = actor_book().demonyms
    found = []
    for tok in doc:
        if tok.lower_ != "capital" or tok.pos_ != "NOUN" or tok.dep_ == "compound" or tok.head.i in named:
            continue
        if any(i in named for i in range(tok.i + 1, min(len(doc), tok.i + 4))):
            continue  # "the capital, Mogadishu", "the capital Kabul"
        mods = [c for c in tok.children if c.dep_ in ("amod", "compound", "nmod", "poss")]
        if any(m.lower_ in _words("not_a_country_capital") for m in mods):
            continue
        iso = next((demonyms[m.lower_] for m in mods if m.lower_ in demonyms), None)
        owner = next((m for m in mods if m.dep_ == "poss"), None)
        if iso is None and owner is not None:
            top = next((t for t in kept if t.start <= owner.i < t.end), None)
            if top is None or not top.is_country:
                continue  # "the province's capital", "Tigray's capital"
            iso = top.choice.country_iso
        if iso is None:
            if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children) or len(countries) != 1:
                continue
            iso = next(iter(countries))
        capital = gaz.capital(iso)
        if capital is None:
            continue
        start = min([tok.i, *(c.i for c in tok.children if c.dep_ in ("det", "amod", "compound", "nmod", "poss"))])
        first, last = doc[start], tok
        found.append(Toponym(start, tok.i + 1, doc[start:tok.i + 1].text, first.idx, last.idx + len(last.text),
                             [capital], choice=capital, stand_in=True, periphrasis=True))
    return found


_SOURCE_NOUNS = {"source", "sources", "correspondent", "correspondents", "stringer"}


def _where_a_source_is(doc: Doc, top: Toponym) -> bool:
    """"according to a health source in Fada N'Gourma", "security sources in Mopti said": where the teller is, not
    the scene (the toll of a bus bombed near Pama is counted at Fada's hospital)."""
    root = doc[top.start:top.end].root
    return root.dep_ == "pobj" and root.head.lower_ in ("in", "at", "from") \
        and root.head.head.lower_ in _SOURCE_NOUNS


def article_places(doc: Doc, gazetteer: Gazetteer | None = None) -> list[Toponym]:
    found = [t for t in recognize(doc, gazetteer) if not _speaks(doc, t) and not _in_a_facility_name(doc, t)]
    # (a source's town is the story's only place when it names no other: a fallback then, as a coder would)
    sources = [t for t in found if _where_a_source_is(doc, t)]
    if len(sources) < len(found):
        found = [t for t in found if not any(t is s for s in sources)]
    relating = [t for t in found if _only_relates(doc, t)]
    # ... and the province that places such a town ("Raxaul town in Bihar") goes with it
    relating += [t.qualifier for t in relating if t.qualifier is not None]
    found = [t for t in found if not any(t is r for r in relating)]
    for t in found:
        t.dateline = is_dateline(t, doc)
    kept = resolve_toponyms([t for t in found if not t.street and not t.unknown], demonym_votes(doc))
    kept += _stand_ins(found, kept)
    kept += _town_stand_ins(doc, found, kept)
    kept += _province_stand_ins(found, kept)
    kept += _capitals_by_periphrasis(doc, kept, gazetteer or default_gazetteer())
    _qualifiers_agree(kept)
    towns = [t for t in kept if t.choice is not None and t.choice.kind == "city"]
    for street in (t for t in found if t.street):
        # The nearest town named before the street, else the first one after it.
        before = [t for t in towns if t.start < street.start]
        host = before[-1] if before else next(iter(towns), None)
        if host is not None:
            street.choice = host.choice
            kept.append(street)
    return sorted(kept, key=lambda t: t.start)
