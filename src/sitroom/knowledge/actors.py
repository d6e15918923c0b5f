"""The actor book: actors.yaml as lookups (canonical names, aliases, inter codes, demonyms).

Named actors carry their ACLED name and inter code; generic words
("soldiers", "militants") are entries under `generic:<kind>` whose name is a
template the resolve stage fills from context.
"""
from __future__ import annotations

import re

from dataclasses import dataclass
from functools import lru_cache

from ..records import Actor, Span
from . import country_name, load_yaml

GENERIC_PREFIX = "generic:"
# Actor words that do not make violence anyone's organised act: its victims, the police who came.
BYSTANDER_LABELS = frozenset({f"{GENERIC_PREFIX}civilians", f"{GENERIC_PREFIX}police"})


@dataclass(frozen=True)
class ActorEntry:
    key: str
    name: str
    inter: int
    country: str = ""
    kind: str = ""
    attack_mode: str = ""
    operates_in: frozenset[str] = frozenset()  # where it is active; empty: anywhere
    home: str = ""  # where most of its events are: a story's country when nothing else says it
    # The day a group became its home country's government (ISO date): ACLED codes its forces from then on as the
    # state's ("Military Forces of Afghanistan (2021-)" for the Taliban after 15 August 2021)
    state_since: str = ""
    # Where a name stands for another entry of the book: the group's branch in that country (ISO -> entry name)
    branches: tuple[tuple[str, str], ...] = ()

    @property
    def generic(self) -> str:
        return self.key.removeprefix(GENERIC_PREFIX) if self.key.startswith(GENERIC_PREFIX) else ""


class ActorBook:
    def __init__(self, data: dict):
        self.entries: dict[str, ActorEntry] = {}
        self._aliases: dict[str, list[str]] = {}
        self._by_alias: dict[str, list[str]] = {}
        for item in data["named"]:
            entry = ActorEntry(item["name"], item["name"], int(item["inter"]), item.get("country", ""),
                               item.get("kind", ""), item.get("attack_mode", ""),
                               frozenset(item.get("operates_in", [])), item.get("home", ""),
                               str(item.get("state_since", "")), tuple(sorted(item.get("branches", {}).items())))
            self.entries[entry.key] = entry
            self._aliases[entry.key] = [str(a) for a in item["aliases"]]
            for alias in self._aliases[entry.key]:
                self._by_alias.setdefault(alias.lower(), []).append(entry.key)
        for kind, item in data["generic"].items():
            key = GENERIC_PREFIX + kind
            self.entries[key] = ActorEntry(key, item["name"], int(item["inter"]), kind=kind)
            self._aliases[key] = [str(a) for a in item["aliases"]]
        self.demonyms: dict[str, str] = {k.lower(): v for k, v in load_yaml("demonyms.yaml").items()}

    def alias_table(self) -> dict[str, list[str]]:
        return self._aliases

    def entry(self, key: str) -> ActorEntry:
        return self.entries[key]

    def entry_in(self, key: str, text: str, country: str) -> ActorEntry | None:
        """The entry a matched name stands for where the event is.

        A name shared by several actors (NAF: Novorossiya in Ukraine, the
        Nigerian Air Force in Nigeria) is the one active in `country`; a name
        whose only actor is active elsewhere (KIA outside Myanmar) is no actor.
        Where the country is unknown the name's first actor in the book stands (Somalia's Al Shabaab, not
        Mozambique's insurgents of the same local name), whichever of them the matcher labelled the span with.
        """
        entry = self.entries[key]
        # ("Volunteers for the Defence of the Homeland (VDP)": the name as listed, without its acronym after it)
        text = re.sub(r"\s*\([^()]*\)$", "", text) if text.lower() not in self._by_alias else text
        if not country:
            owners = self._by_alias.get(text.lower(), [])
            return self.entries[owners[0]] if key in owners else entry
        if not entry.operates_in or country in entry.operates_in:
            return entry
        for other in self._by_alias.get(text.lower(), []):
            candidate = self.entries[other]
            if not candidate.operates_in or country in candidate.operates_in:
                return candidate
        return None


@lru_cache(maxsize=1)
def actor_book() -> ActorBook:
    return ActorBook(load_yaml("actors.yaml"))


def attack_mode(actor: Actor | None) -> str:
    """How a named actor attacks when the text does not say ("air" for an air force)."""
    if actor is None:
        return ""
    entry = actor_book().entries.get(actor.name)
    return entry.attack_mode if entry else ""


def generic_actor(kind: str, iso: str, evidence: Span | None = None) -> Actor:
    """ACLED's generic actor of a country, named and coded as actors.yaml's `generic` entry says:
    ("unidentified", "SY") -> Unidentified Armed Group (Syria), inter 3. With no country known the
    bracket is left out ("Civilians"), never left empty."""
    entry = actor_book().entry(GENERIC_PREFIX + kind)
    return Actor(generic_name(entry, iso), entry.inter, iso, evidence)


def generic_name(entry: ActorEntry, iso: str) -> str:
    """A generic entry's name for a country: "Civilians ({country})" -> "Civilians (Syria)"; with no country known
    the bracket is left out ("Civilians"), never "(Unknown)"."""
    template = entry.name
    if iso in load_yaml("countries_with_the.yaml"):
        template = template.replace("of {country}", "of the {country}")
    # ("Military Forces of {country}" with none known is "Military Forces", not "Military Forces of ")
    return template.format(country=country_name(iso)).replace(" ()", "").removesuffix(" of ").removesuffix(" of the ")
