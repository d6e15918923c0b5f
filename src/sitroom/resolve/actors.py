"""Actors: alias spans -> ACLED canonical actors with inter codes.

Named actors come straight from actors.yaml. Generic words ("soldiers",
"militants", "civilians") are resolved in context: a demonym in the phrase or
the event's country fills "Military Forces of {country}", and armed-group
words take the group the article names most often.
"""
from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Span as SpacySpan, Token

from ..gazetteer import default_gazetteer
from ..knowledge import country_name
from ..knowledge.actors import ActorEntry, actor_book, generic_actor, generic_name
from ..knowledge.lexicon import hand_unknown, lexicon
from ..records import Actor, Span


def entry_of(span: SpacySpan) -> ActorEntry:
    return actor_book().entry(span.label_)


def dominant_armed_group(doc: Doc, country: str = "") -> ActorEntry | None:
    """The named non-state armed actor the article speaks of most (a name shared by several actors read as the
    one active in `country`, as `resolve_actor` reads it)."""
    if hand_unknown(doc.text):
        return None  # "the identity of the attackers was not immediately clear": the story's group is not theirs
    book = actor_book()
    named = [(s, e) for s in doc.spans.get("actors", []) if not _accused(s)
             for e in [book.entry_in(s.label_, s.text, country)]
             if e is not None and not e.generic and e.inter in (2, 3, 4)]
    # An ally named only as one ("rebels backed by local clan militias") is not the story's group, unless it is a
    # group of the same kind ("resistance fighters together with local PDF troops")
    counts = Counter(e.key for s, e in named if not associated(s)) or \
        Counter(e.key for s, e in named if e.inter in (2, 3))
    if not counts:
        return None
    return book.entry(counts.most_common(1)[0][0])


_ACCUSING = {"accuse", "blame", "allege", "suspect"}
_BACKING = {"back", "support", "aid", "assist", "accompany", "ally", "reinforce", "help"}


def associated(span: SpacySpan) -> bool:
    """"rebels backed by local clan militias", "troops, together with local militia fighters", "alongside the
    army": a side's ally (ACLED's associated actor), not the side the generic words name."""
    root = span.root
    head = root.head
    if head.dep_ == "agent" and head.head.lemma_.lower() in _BACKING:
        return True
    if root.dep_ == "pobj" and head.lower_ in ("alongside", "beside"):
        return True
    if root.dep_ == "pobj" and head.lower_ == "with" and (
            any(c.lower_ == "together" for c in head.children) or head.head.lower_ == "together"
            or head.head.lemma_.lower() in ("ally", "align", "fight") and head.head.dep_ == "acl"):
        return True
    return root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in ("help", "support", "backing") \
        and head.head.head.lower_ == "with"


def _accused(span: SpacySpan) -> bool:
    """"Islamabad accuses militant groups such as the TTP of ...": a group named in an accusation is not, by that,
    the story's hand."""
    return any(t.lemma_.lower() in _ACCUSING for t in [span.root, *span.root.ancestors])


def _named_owner(span: SpacySpan, country: str) -> ActorEntry | None:
    """The named non-state group a generic noun's phrase says the men belong to ("soldiers belonging to Seleka",
    "fighters of the PKK", "militiamen loyal to the FDLR")."""
    root = span.root
    # (not "the army and fighters of the NAS": the parser hangs the conjunct's "of" on the first noun)
    conjunct = next((c.i for c in root.children if c.dep_ == "conj"), len(span.doc))
    links = [c for c in root.children if c.dep_ == "prep" and c.lower_ in ("of", "from") and c.i < conjunct]
    links += [p for c in root.children if c.dep_ == "acl" and c.lemma_.lower() in ("belong", "loyal", "affiliate")
              for p in c.children if p.dep_ == "prep" and p.lower_ == "to"]
    links += [p for c in root.children if c.dep_ == "amod" and c.lower_ in ("loyal", "affiliated")
              for p in c.children if p.dep_ == "prep" and p.lower_ == "to"]
    book = actor_book()
    for link in links:
        for obj in (g for g in link.children if g.dep_ == "pobj"):
            for s in span.doc.spans.get("actors", []):
                if obj.left_edge.i <= s.root.i <= obj.i:  # "the Seleka coalition", "the PKK"
                    entry = book.entry_in(s.label_, s.text, country)
                    if entry is not None and not entry.generic and entry.inter in (2, 3, 4):
                        return entry
    return None


_CLAN_WORDS = {"clan", "clans", "tribe", "tribes"}
_SOMALI_CLANS_KEY = "Unidentified Clan Militia (Somalia)"


def _of_clans(span: SpacySpan) -> bool:
    return _clan_noun(span) is not None


def _clan_noun(span: SpacySpan, words: frozenset[str] | set[str] = _CLAN_WORDS) -> Token | None:
    """"gunmen from the Arab clans", "fighters of the Habar Gidir clan": the clan word the men are said to be of."""
    return next((g for c in span.root.children if c.dep_ == "prep" and c.lower_ in ("of", "from")
                 for g in c.children if g.dep_ == "pobj" and g.lower_ in words), None)


def _clan_name(span: SpacySpan) -> tuple[str, str] | None:
    """(name, kind) of a named clan or tribe: "fighters of the Habar Gidir clan" and "Habar Gidir clan militia" give
    ("Habar Gidir", "Clan"), "the Shammar tribe's gunmen" none here ("of"/"from" or a name before the words only)."""
    # ("armed youths from the Lou Nuer community": a named community's men are its ethnic militia)
    noun = _clan_noun(span, _CLAN_WORDS | {"community", "communities"})
    if noun is None:
        # "Habar Gidir clan militia": the clan's name before the matched words
        noun = span[0]
        if noun.lower_ not in ("clan", "tribal"):
            return None
    names, k = [], noun.i - 1
    while k >= 0 and span.doc[k].pos_ == "PROPN" and span.doc[k].ent_type_ != "NORP" \
            and span.doc[k].lower_ not in actor_book().demonyms:
        names.insert(0, span.doc[k])
        k -= 1
    if not names:
        return None
    kind = "Clan" if noun.lower_.startswith("clan") else "Ethnic" if noun.lower_.startswith("communit") else "Tribal"
    return " ".join(t.text for t in names), kind


def demonym_country(span: SpacySpan) -> str | None:
    """ "Nigerian soldiers" -> NG, "Russia's ambassador" -> RU: the country just before the generic noun."""
    book = actor_book()
    start = span.start
    doc = span.doc
    for tok in doc[max(0, start - 2) : start]:
        iso = book.demonyms.get(tok.text.lower())
        if iso is not None:
            return iso
    if start >= 2 and doc[start - 1].tag_ == "POS":
        owner = doc[start - 2]
        countries = [c for c in default_gazetteer().candidates(owner.text, loose=False) if c.kind == "country"]
        if countries:
            return countries[0].country_iso
    return None


def resolve_actor(span: SpacySpan, article_id: str, event_country: str = "") -> Actor | None:
    """One actor span -> an ACLED actor, generic words filled from context; None if it names no actor here.

    A name shared by several actors is the one active in the event's country;
    "anti-Houthi forces" and "pro-Russian separatists" are not the Houthis or Russia.
    """
    doc = span.doc
    if span.start >= 2 and doc[span.start - 1].text == "-" and doc[span.start - 2].lower_ in ("anti", "pro", "non"):
        return None
    if span.end + 1 < len(doc) and doc[span.end].text == "-" and doc[span.end + 1].is_alpha:
        return None  # "military-industrial facilities", "the Hamas-run ministry": a word made of the name, no actor
    entry = actor_book().entry_in(span.label_, span.text, event_country)
    if entry is None:
        return None
    evidence = Span(article_id, span.start_char, span.end_char, span.text)
    clan = _clan_name(span) if entry.generic in ("armed_group", "unidentified", "tribal") or entry.inter == 4 else None
    if clan is not None:
        # "fighters of the Habar Gidir clan", "Dir clan militia": ACLED names the clan's militia ("Habar Gidir
        # Clan Militia (Somalia)"), an identity militia
        iso = demonym_country(span) or event_country or entry.country
        return Actor(f"{clan[0]} {clan[1]} Militia ({country_name(iso)})".replace(" ()", ""), 4, iso, evidence)
    entry = branch_in(entry, event_country)
    if not entry.generic:
        return Actor(entry.name, abroad(entry.inter, entry.country, event_country), entry.country, evidence)
    if entry.generic in ("armed_group", "unidentified") and _of_clans(span):
        # "gunmen from the Arab clans", "fighters of the Shammar tribe": an identity militia of tribes (in Somalia,
        # ACLED's unidentified clan militia)
        iso = demonym_country(span) or event_country
        somali = actor_book().entries.get(_SOMALI_CLANS_KEY) if iso == "SO" else None
        if somali is not None:
            return Actor(somali.name, somali.inter, iso, evidence)
        return generic_actor("tribal", iso, evidence)
    owner = _named_owner(span, event_country)
    owner = branch_in(owner, event_country) if owner is not None else None
    if owner is not None and entry.generic in ("state", "armed_group", "unidentified"):
        # "soldiers belonging to Seleka", "fighters of the PKK": the men are the named group's
        return Actor(owner.name, owner.inter, owner.country, evidence)
    if entry.generic == "armed_group":
        group = dominant_armed_group(span.doc, event_country)
        if group is not None:
            group = branch_in(group, event_country)
            return Actor(group.name, group.inter, group.country, evidence)
    air = entry.generic == "state" and span.root.lower_ in lexicon()["air_force_nouns"]
    iso = demonym_country(span) or (air and foreign_force_of_story(doc, event_country)) or event_country
    return Actor(generic_name(entry, iso), abroad(entry.inter, iso, event_country), iso, evidence)


def branch_in(entry: ActorEntry, country: str) -> ActorEntry:
    """The group's own branch where it has one: "Islamic State fighters" in Nigeria are Islamic State (West Africa)."""
    branch = dict(entry.branches).get(country)
    return actor_book().entry(branch) if branch is not None else entry


def abroad(inter: int, iso: str, event_country: str) -> int:
    """ACLED: a state's forces acting abroad are external forces (inter 8)."""
    return 8 if inter == 1 and iso and event_country and iso != event_country else inter


def foreign_force_of_story(doc: Doc, event_country: str) -> str:
    """The one foreign state whose air arm the story names ("Israeli strikes", "Israeli warplanes"), when it
    names none of the event country's: the "warplanes" and "the air force" of a story about Israeli strikes on
    Gaza are Israel's, not Palestine's. Only the arms of an air force vote: "French troops left Mali in 2022" or
    "two Israeli soldiers were killed" say nothing about whose aircraft strike."""
    key = ("foreign_force", event_country)
    if key not in doc.user_data:
        air = lexicon()["air_force_nouns"]
        votes = Counter(
            iso for tok in doc[:-1] if tok.text[:1].isupper()
            for iso in [actor_book().demonyms.get(tok.lower_)] if iso
            and any(t.lower_ in air for t in doc[tok.i + 1: tok.i + 3]))
        found = ""
        if event_country and event_country not in votes and len(votes) == 1:
            found = next(iter(votes))
        doc.user_data[key] = found
    return doc.user_data[key]


def two_nations(tok: Token) -> tuple[str, str] | None:
    """"Uzbek and Kyrgyz border guards", "Indian and Chinese troops": one phrase for the forces of two states,
    the two sides of their fight. None unless both words name a country's people."""
    book = actor_book()
    for first in (c for c in tok.children if c.dep_ in ("nmod", "amod", "compound")):
        second = next((c for c in first.children if c.dep_ == "conj"), None)
        one, two = book.demonyms.get(first.lower_), book.demonyms.get(second.lower_) if second is not None else None
        if one and two and one != two:
            return one, two
    return None
