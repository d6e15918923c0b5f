"""The in-memory columns answer every filter as the SQL queries do: counts, timeline, clusters, pages in any order.

The map answers from the columns once they are built and from SQL before: an analyst must not see a count, a
cluster or a table row change when the columns take over. The store here is synthetic (written straight into the
schema, no models needed), with the awkward cases: events without coordinates, without fatalities, without a
date, under the confidence threshold, many on one day, at one point, and names that tie.
"""
from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta

import pytest

from sitroom.store import Store
from sitroom.web import queries
from sitroom.web.columns import SORTS, EventColumns

TYPES = {"Battles": ["Armed clash"], "Protests": ["Peaceful protest", "Protest with intervention"],
         "Explosions/Remote violence": ["Air/drone strike", "Shelling/artillery/missile attack"],
         "Violence against civilians": ["Attack"]}
PLACES = [("ML", "Mali", "Kidal", "Kidal", 18.44, 1.41), ("ML", "Mali", "Gao", "Gao", 16.27, -0.04),
          ("SY", "Syria", "Idlib", "Maarat Misrin", 36.01, 36.67), ("SY", "Syria", "Aleppo", "Aleppo", 36.2, 37.16),
          ("UA", "Ukraine", "Donetsk", "Bakhmut", 48.59, 38.0), ("FJ", "Fiji", "Northern", "Labasa", -16.43, 179.38)]


@pytest.fixture(scope="module")
def store_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("columns") / "columns.db"
    Store(db).close()
    rng = random.Random(5)
    con = sqlite3.connect(db)
    rows, boxes = [], []
    for i in range(1, 1501):
        iso2, country, admin1, location, lat, lon = rng.choice(PLACES)
        event_type = rng.choice(list(TYPES))
        day = None if i % 97 == 0 else (date(2023, 1, 2) + timedelta(days=rng.randrange(400))).isoformat()
        if i % 13 == 0:
            lat = lon = None  # no coordinates
        elif i % 3:
            lat, lon = lat + rng.uniform(-2, 2), lon + rng.uniform(-2, 2)  # else: at the town centre itself
            lon = max(-180.0, min(180.0, lon))
        rows.append((i, day, event_type, rng.choice(TYPES[event_type]), f"Group {rng.randrange(5)}",
                     rng.choice([None, "Civilians", "Military Forces"]), country, iso2, admin1, location, lat, lon,
                     rng.choice([None, 0, 0, 1, 3, 12]), rng.choice([0.1, 0.5, 0.9]), f"note {i}"))
        if lat is not None:
            boxes.append((i, lat, lat, lon, lon))
    con.executemany("INSERT INTO events (id, event_date, event_type, sub_event_type, actor1, actor2, country, "
                    "country_iso2, admin1, location, latitude, longitude, fatalities, confidence, notes) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    con.executemany("INSERT INTO events_rtree VALUES (?,?,?,?,?)", boxes)
    con.executemany("INSERT INTO events_fts (rowid, notes, actors, place, evidence) VALUES (?,?,?,?,'')",
                    [(r[0], r[14], f"{r[4]} {r[5] or ''}", f"{r[9]} {r[8]} {r[6]}") for r in rows])
    con.commit()
    con.close()
    return db


@pytest.fixture(scope="module")
def store(store_db):
    con = queries.open_readonly(store_db)
    yield con, EventColumns.load(con, chunk=400)  # several chunks, as a large store is read
    con.close()


FILTERS = [
    queries.Filters(),
    queries.Filters(min_confidence=0),
    queries.Filters(event_type="Battles"),
    queries.Filters(country="Syria", since=date(2023, 3, 1), until=date(2023, 9, 30)),
    queries.Filters(admin1="Kidal", sub_event_type="Armed clash"),
    queries.Filters(actor="Civilians", hidden_types=("Protests",)),
    queries.Filters(q="note 1*"),
    queries.Filters(bbox=(-5.0, 10.0, 40.0, 40.0)),
    queries.Filters(bbox=(170.0, -30.0, -170.0, 0.0)),  # across the antimeridian
    queries.Filters(event_type="Riots"),  # none in the store
]


@pytest.mark.parametrize("f", FILTERS, ids=range(len(FILTERS)))
def test_counts_and_timeline_from_the_columns_are_those_of_sql(store, f):
    con, columns = store
    for interval in ("week", "day"):
        want, got = queries.stats(con, f, interval), columns.stats(con, f, interval)
        timeline = lambda s: sorted((t["period"], t["event_type"], t["count"], t["fatalities"]) for t in s["timeline"])
        assert timeline(got) == timeline(want)
        assert {k: v for k, v in got.items() if k != "timeline"} == {k: v for k, v in want.items() if k != "timeline"}
        assert list(got["by_event_type"].values()) == sorted(got["by_event_type"].values(), reverse=True)


@pytest.mark.parametrize("f", FILTERS, ids=range(len(FILTERS)))
def test_clusters_from_the_columns_are_those_of_sql(store, f):
    con, columns = store
    for zoom in (2, 6, 12):
        def drawn(layer):
            return sorted((round(x["geometry"]["coordinates"][0], 6), round(x["geometry"]["coordinates"][1], 6),
                           x["properties"]["count"], x["properties"].get("id"), x["properties"].get("fatalities"),
                           tuple(sorted(x["properties"].get("by_event_type", {}).items())),
                           tuple(round(b, 6) for b in x["properties"].get("bounds", ()))) for x in layer["features"])
        cells = columns.cells(con, f, zoom)
        assert drawn(queries.cluster_features(con, cells, queries.cell_degrees(zoom))) == drawn(
            queries.clusters(con, f, zoom))


@pytest.mark.parametrize("sort", list(SORTS))
def test_every_sort_pages_through_the_same_events_in_the_same_order_as_sql(store, sort):
    con, columns = store
    for f in (FILTERS[1], FILTERS[3], FILTERS[5]):
        for descending in (False, True):
            want = [e["id"] for e in queries.events_page(con, f, 2000, sort=sort, descending=descending)[0]]
            assert len(want) > 20
            assert columns.page_ids(con, f, sort, descending, 0, 2000) == want
            assert columns.page_ids(con, f, sort, descending, 7, 5) == want[7:12]
            sql_page = queries.events_page(con, f, 5, sort=sort, descending=descending, offset=7)[0]
            assert [e["id"] for e in sql_page] == want[7:12]


def test_the_date_cursor_continues_where_the_page_ended(store):
    con, columns = store
    f = FILTERS[0]
    first, cursor = queries.events_page(con, f, 10)
    day, last_id = queries.parse_cursor(cursor)
    after = columns.page_ids(con, f, "date", True, 0, 10, after=(EventColumns.day_of(day), last_id))
    assert after == [e["id"] for e in queries.events_page(con, f, 10, cursor)[0]]
    assert after[0] not in [e["id"] for e in first]


def test_the_api_sorts_the_whole_view_by_any_column_and_pages_it_by_offset(store_db):
    from fastapi.testclient import TestClient

    from sitroom.web.app import create_app

    client = TestClient(create_app(store_db, allow_hosts=["testserver"]))
    pages, offset = [], 0
    while offset is not None:
        body = client.get("/api/events", params={"sort": "fatalities", "limit": 100, "offset": offset,
                                                 "country": "SY"}).json()
        pages += body["events"]
        offset = body["next_offset"]
    total = client.get("/api/stats", params={"country": "SY"}).json()["events"]
    assert len(pages) == total > 100 and len({e["id"] for e in pages}) == total
    deaths = [e["fatalities"] or 0 for e in pages]
    assert deaths == sorted(deaths, reverse=True) and deaths[0] == 12
    places = [e["location"] for e in client.get("/api/events", params={"sort": "place", "limit": 1000}).json()["events"]]
    assert places == sorted(places)


def test_the_export_streams_every_event_of_the_view_in_the_table_order(store_db):
    import csv
    import io
    import json

    from fastapi.testclient import TestClient

    from sitroom.web.app import create_app

    client = TestClient(create_app(store_db, allow_hosts=["testserver"]))
    response = client.get("/api/export", params={"min_confidence": 0})  # more than the 1,000 of one page
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 1500
    dates = [r["event_date"] for r in rows if r["event_date"]]
    assert dates == sorted(dates, reverse=True)
    geo = json.loads(client.get("/api/export", params={"format": "geojson", "min_confidence": 0, "sort": "place",
                                                       "descending": "false", "country": "ML"}).text)
    places = [f["properties"]["location"] for f in geo["features"]]
    located = client.get("/api/stats", params={"min_confidence": 0, "country": "ML"}).json()
    assert len(places) == located["events"] - located["unlocated"] and places == sorted(places)
