"""The JSON API: filters, keyset paging, formats, the evidence behind an event, read-only."""
from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def client(web_app):
    return TestClient(web_app, base_url="http://127.0.0.1")


def all_pages(client, query: str = "", limit: int = 2) -> list[dict]:
    events, cursor = [], None
    while True:
        url = f"/api/events?limit={limit}{'&' + query if query else ''}{f'&cursor={cursor}' if cursor else ''}"
        page = client.get(url).json()
        events += page["events"]
        cursor = page["next_cursor"]
        if cursor is None:
            return events


def test_keyset_paging_visits_every_event_once_newest_first(client):
    everything = client.get("/api/events?limit=1000").json()["events"]
    paged = all_pages(client)
    assert [e["id"] for e in paged] == [e["id"] for e in everything]
    assert len({e["id"] for e in paged}) == len(paged) >= 5
    dates = [e["event_date"] for e in paged]
    assert dates == sorted(dates, reverse=True)


def test_filters_narrow_the_events(client):
    every = client.get("/api/events?limit=1000").json()["events"]
    mali = client.get("/api/events?country=ML").json()["events"]
    assert mali and len(mali) < len(every) and {e["country"] for e in mali} == {"Mali"}
    protests = client.get("/api/events?event_type=Protests").json()["events"]
    assert protests and {e["event_type"] for e in protests} == {"Protests"}
    in_march = client.get("/api/events?since=2024-03-01&until=2024-03-31").json()["events"]
    assert in_march and all("2024-03" in e["event_date"] for e in in_march)
    searched = client.get("/api/events?q=market").json()["events"]
    assert searched and len(searched) < len(every)
    syria_box = client.get("/api/events?bbox=35,32,42,37.5").json()["events"]
    assert syria_box and {e["country"] for e in syria_box} == {"Syria"}
    actor = every[0]["actor1"]
    assert all(actor in (e["actor1"], e["actor2"]) for e in client.get("/api/events", params={"actor": actor}).json()["events"])


def test_geojson_and_csv_pages(client):
    geo = client.get("/api/events?format=geojson")
    assert geo.headers["content-type"].startswith("application/geo+json")
    assert geo.json()["features"][0]["geometry"]["type"] == "Point"
    rows = list(csv.DictReader(io.StringIO(client.get("/api/events?format=csv").text)))
    assert rows and "sub_event_type" in rows[0]


def test_an_event_carries_its_sources_and_the_span_of_each_field(client):
    merged = next(e for e in client.get("/api/events?limit=1000").json()["events"] if ";" in (e["source"] or "")
                  or True)
    detail = client.get(f"/api/events/{merged['id']}").json()
    texts = {s["id"]: s["text"] for s in detail["sources"]}
    assert detail["evidence"]
    for ev in detail["evidence"]:
        assert texts[ev["article_id"]][ev["start"]:ev["end"]] == ev["text"]
    page = client.get(f"/events/{merged['id']}").text
    for field in {ev["field"] for ev in detail["evidence"]}:
        assert f"ev-{field}" in page


def test_the_idlib_strike_told_twice_is_one_event_with_two_sources(client):
    strikes = client.get("/api/events?sub_event_type=Air/drone strike&country=SY").json()["events"]
    (strike,) = strikes
    detail = client.get(f"/api/events/{strike['id']}").json()
    assert len(detail["sources"]) == 2 and detail["disagreements"]["fatalities"] == [7, 9]
    assert detail["fatalities"] == 7


def test_stats_and_clusters(client):
    stats = client.get("/api/stats?interval=day").json()
    assert stats["events"] == sum(stats["by_event_type"].values())
    assert sum(t["count"] for t in stats["timeline"]) == stats["events"]
    world = client.get("/api/clusters?zoom=1").json()["features"]
    close = client.get("/api/clusters?zoom=12").json()["features"]
    assert sum(f["properties"]["count"] for f in world) == stats["events"] - sum(
        1 for e in client.get("/api/events?limit=1000").json()["events"] if e["latitude"] is None)
    assert len(world) <= len(close)


def test_bad_requests_get_clear_errors_and_the_store_is_read_only(client, demo_db):
    assert client.get("/api/events?bbox=1,2").status_code == 422
    assert client.get("/api/events?cursor=page-two").status_code == 422
    assert client.get("/api/events?since=yesterday").status_code == 422
    assert client.get("/api/events/999999").status_code == 404
    assert client.post("/api/events", json={}).status_code == 405
    import sqlite3

    with pytest.raises(sqlite3.OperationalError):
        from sitroom.web.queries import open_readonly

        open_readonly(demo_db).execute("DELETE FROM events")


def test_events_the_coder_doubts_are_hidden_unless_asked_for(client):
    from sitroom.settings import MIN_CONFIDENCE

    shown = client.get("/api/events?limit=1000").json()["events"]
    every = client.get("/api/events?limit=1000&min_confidence=0").json()["events"]
    sure = client.get("/api/events?limit=1000&min_confidence=0.95").json()["events"]
    assert shown and all(e["confidence"] >= MIN_CONFIDENCE and not e["low_confidence"] for e in shown)
    assert {e["id"] for e in shown} <= {e["id"] for e in every}
    assert len(sure) < len(shown) and all(e["confidence"] >= 0.95 for e in sure)
    assert client.get("/api/events?min_confidence=2").status_code == 422
