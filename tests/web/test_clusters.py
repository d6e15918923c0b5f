"""The precomputed cluster grid answers exactly what aggregating the events answers."""
from __future__ import annotations

from sitroom.web import queries


def _by_place(collection: dict) -> list:
    return sorted((round(f["geometry"]["coordinates"][0], 9), round(f["geometry"]["coordinates"][1], 9),
                   f["properties"]["count"], f["properties"].get("fatalities"),
                   sorted((f["properties"].get("by_event_type") or {}).items()), f["properties"].get("bounds"))
                  for f in collection["features"])


def test_the_grid_gives_the_clusters_the_events_give_at_every_zoom_it_serves(demo_db, analyst_db):
    for db in (demo_db, analyst_db):
        con = queries.open_readonly(db)
        grid = queries.ClusterGrid(con)
        for zoom in range(0, queries.ClusterGrid.GRID_ZOOM + 1):
            for f in (queries.Filters(), queries.Filters(hidden_types=("Battles",))):
                assert grid.serves(f, zoom)
                assert _by_place(grid.clusters(con, f, zoom)) == _by_place(queries.clusters(con, f, zoom)), zoom
        # Kidal's four events: one cluster at every zoom, their extent a point.
        kidal = [f for f in grid.clusters(con, queries.Filters(), 8)["features"] if f["properties"]["count"] == 4]
        assert db != analyst_db or (len(kidal) == 1 and kidal[0]["properties"]["bounds"] == [1.4092, 18.4434] * 2)
        assert not grid.serves(queries.Filters(country="ML"), 2) and not grid.serves(queries.Filters(), 9)
        con.close()
