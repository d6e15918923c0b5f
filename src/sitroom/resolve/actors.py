"""Actors: alias spans -> ACLED canonical actors with inter codes.

Named actors come straight from actors.yaml. Generic words ("soldiers",
"militants", "civilians") are resolved in context: a demonym in the phrase or
the event's country fills "Military Forces of {country}", and armed-group
words take the group the article names most often.
"""
from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Span as SpacySpan

from ..knowledge.actors import ActorEntry, actor_book
from ..records import Actor, Span


def entry_of(span: SpacySpan) -> ActorEntry:
    return actor_book().entry(span.label_)


def country_name(iso: str) -> str:
    import pycountry

    if not iso:
        return ""
    country = pycountry.countries.get(alpha_2=iso)
    if country is None:
        return iso
    return getattr(country, "common_name", None) or country.name


def dominant_armed_group(doc: Doc) -> ActorEntry | None:
    """The named non-state armed actor the article speaks of most."""
    counts = Counter(
        s.label_ for s in doc.spans.get("actors", []) if not entry_of(s).generic and entry_of(s).inter in (2, 3, 4)
    )
    if not counts:
        return None
    return actor_book().entry(counts.most_common(1)[0][0])


def demonym_country(span: SpacySpan) -> str | None:
    """ "Nigerian soldiers" -> NG: the adjective just before the generic noun."""
    book = actor_book()
    start = span.start
    doc = span.doc
    for tok in doc[max(0, start - 2) : start]:
        iso = book.demonyms.get(tok.text.lower())
        if iso is not None:
            return iso
    return None


def resolve_actor(span: SpacySpan, article_id: str, event_country: str = "") -> Actor:
    """One actor span -> an ACLED actor, generic words filled from context."""
    entry = entry_of(span)
    evidence = Span(article_id, span.start_char, span.end_char, span.text)
    if not entry.generic:
        inter = entry.inter
        if inter == 1 and entry.country and event_country and entry.country != event_country:
            inter = 8  # ACLED: state forces acting abroad are external forces
        return Actor(entry.name, inter, entry.country, evidence)
    if entry.generic == "armed_group":
        group = dominant_armed_group(span.doc)
        if group is not None:
            return Actor(group.name, group.inter, group.country, evidence)
    iso = demonym_country(span) or event_country
    return Actor(entry.name.format(country=country_name(iso) or "Unknown"), entry.inter, iso, evidence)
