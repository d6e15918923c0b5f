"""Load test: p50/p95 latency of /api/events with 1M synthetic events in the store.

Builds (once, cached) a store of synthetic events through the store's own
schema, starts `sitroom serve` on 127.0.0.1 (loopback only), sends filtered
page requests of several kinds for a bounded time, stops the server and
prints the latency percentiles per kind of filter and overall.

    python benchmarks/web_load.py                       # 1M events, 60 s of requests
    python benchmarks/web_load.py --events 100000 --seconds 20
"""
from __future__ import annotations

import argparse
import json
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import date, timedelta
from pathlib import Path

from sitroom.store import Store

HERE = Path(__file__).parent
COUNTRIES = [("SY", "Syria", 35.0, 38.0), ("ML", "Mali", 15.0, -3.0), ("SO", "Somalia", 5.0, 46.0),
             ("NG", "Nigeria", 10.0, 8.0), ("UA", "Ukraine", 49.0, 32.0), ("SD", "Sudan", 14.0, 30.0),
             ("MM", "Myanmar", 21.0, 96.0), ("CD", "Congo, The Democratic Republic of the", -2.0, 26.0),
             ("YE", "Yemen", 15.5, 47.5), ("AF", "Afghanistan", 34.0, 66.0), ("BF", "Burkina Faso", 12.3, -1.5),
             ("IQ", "Iraq", 33.0, 44.0), ("ET", "Ethiopia", 9.0, 39.0), ("PK", "Pakistan", 30.0, 70.0)]
TYPES = {
    "Battles": ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
    "Explosions/Remote violence": ["Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED"],
    "Violence against civilians": ["Attack", "Abduction/forced disappearance"],
    "Protests": ["Peaceful protest", "Protest with intervention"],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": ["Arrests", "Agreement"],
}
WORDS = "market convoy checkpoint village school camp bridge airport road district base patrol hospital".split()


def build(path: Path, n: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    start = date(2021, 1, 1)
    Store(path).close()  # the real schema, with its indexes and full-text table
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    batch, fts, boxes = [], [], []
    for i in range(1, n + 1):
        iso2, country, lat0, lon0 = rng.choice(COUNTRIES)
        event_type = rng.choice(list(TYPES))
        sub = rng.choice(TYPES[event_type])
        day = (start + timedelta(days=rng.randrange(3 * 365))).isoformat()
        a1 = f"Group {iso2}-{rng.randrange(60)}"
        a2 = f"Civilians ({country})" if rng.random() < 0.4 else f"Military Forces of {country}"
        lat, lon = lat0 + rng.uniform(-3, 3), lon0 + rng.uniform(-3, 3)
        admin1 = f"{country} province {rng.randrange(12)}"
        location = f"Town {rng.randrange(400)}"
        deaths = rng.choice([0, 0, 0, 1, 2, 3, 5, 10])
        notes = f"On {day}, {a1}: {sub.lower()} against {a2} near the {rng.choice(WORDS)} in {location} ({admin1})."
        batch.append((i, f"{iso2}{i}", day, day[:4], 1, "Political violence", event_type, sub, a1, a2, 2, 7,
                      country, iso2, admin1, location, lat, lon, 1, deaths, notes, "synthetic", day, day, 0.8))
        fts.append((i, notes, f"{a1} {a2}", f"{location} {admin1} {country}", notes))
        boxes.append((i, lat, lat, lon, lon))
        if len(batch) == 50_000 or i == n:
            con.executemany(
                "INSERT INTO events (id, event_id_cnty, event_date, year, time_precision, disorder_type, event_type, "
                "sub_event_type, actor1, actor2, inter1, inter2, country, country_iso2, admin1, location, latitude, "
                "longitude, geo_precision, fatalities, notes, source, date_from, date_to, confidence) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", batch)
            con.executemany("INSERT INTO events_fts (rowid, notes, actors, place, evidence) VALUES (?,?,?,?,?)", fts)
            con.executemany("INSERT INTO events_rtree VALUES (?,?,?,?,?)", boxes)
            con.commit()
            batch, fts, boxes = [], [], []
            print(f"  {i:,} events written", file=sys.stderr, flush=True)
    con.execute("ANALYZE")
    con.commit()
    con.close()


def queries(rng: random.Random) -> tuple[str, dict[str, str]]:
    """One filtered page request of a random kind."""
    iso2, country, lat0, lon0 = rng.choice(COUNTRIES)
    event_type = rng.choice(list(TYPES))
    day = date(2021, 1, 1) + timedelta(days=rng.randrange(3 * 365 - 60))
    kind = rng.choice(["country+dates", "type", "sub-type+country", "actor", "search", "map box", "next page"])
    params = {
        "country+dates": {"country": iso2, "since": day.isoformat(), "until": (day + timedelta(days=30)).isoformat()},
        "type": {"event_type": event_type},
        "sub-type+country": {"sub_event_type": rng.choice(TYPES[event_type]), "country": iso2},
        "actor": {"actor": f"Group {iso2}-{rng.randrange(60)}"},
        "search": {"q": f"{rng.choice(WORDS)} town {rng.randrange(400)}"},
        "map box": {"bbox": f"{lon0 - 1},{lat0 - 1},{lon0 + 1},{lat0 + 1}", "event_type": event_type},
        "next page": {"country": iso2, "cursor": f"{day.isoformat()}~{rng.randrange(1, 10**6)}"},
    }[kind]
    params["limit"] = "100"
    return kind, params


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args()
    db = args.db or HERE / ".cache" / f"web-{args.events}.db"
    if not db.exists():
        db.parent.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        build(db, args.events)
        print(f"built {db} ({db.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "sitroom.cli", "serve", "--db", str(db), "--host", "127.0.0.1",
                               "--port", str(port)], stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/api/options", timeout=30).read()
                break
            except OSError:
                time.sleep(0.1)
        rng = random.Random(3)
        timings: dict[str, list[float]] = {}
        returned: list[int] = []
        stop = time.monotonic() + args.seconds
        while time.monotonic() < stop:
            kind, params = queries(rng)
            t0 = time.perf_counter()
            with urllib.request.urlopen(f"{base}/api/events?{urllib.parse.urlencode(params)}", timeout=30) as r:
                body = json.loads(r.read())
            timings.setdefault(kind, []).append((time.perf_counter() - t0) * 1000)
            returned.append(len(body["events"]))
        # The map layer: whole world at zoom 2, and a country at zoom 6, with a type filter or none.
        for zoom, box in ((2, None), (6, "box")):
            values = []
            for _ in range(15):
                iso2, _, lat0, lon0 = rng.choice(COUNTRIES)
                params = {"zoom": str(zoom)}
                if box:
                    params["bbox"] = f"{lon0 - 4},{lat0 - 4},{lon0 + 4},{lat0 + 4}"
                if rng.random() < 0.5:
                    params["event_type"] = rng.choice(list(TYPES))
                t0 = time.perf_counter()
                urllib.request.urlopen(f"{base}/api/clusters?{urllib.parse.urlencode(params)}", timeout=60).read()
                values.append((time.perf_counter() - t0) * 1000)
            timings[f"clusters zoom {zoom}"] = values
        # The map's first view: no filter, with the box of the browser's view, a new box each time so that no
        # answer comes from the cache (the precomputed grid is built by now, during the requests above).
        for zoom in (2, 4, 6):
            values = []
            for i in range(15):
                iso2, _, lat0, lon0 = rng.choice(COUNTRIES)
                half = 180 / 2 ** (zoom - 1)
                box = ",".join(f"{v:.4f}" for v in (
                    (-179.9 + i / 100, -85, 179.9 - i / 100, 85) if zoom == 2
                    else (lon0 - half + i / 100, lat0 - half / 2, lon0 + half, lat0 + half / 2)))
                t0 = time.perf_counter()
                urllib.request.urlopen(f"{base}/api/clusters?zoom={zoom}&bbox={box}", timeout=60).read()
                values.append((time.perf_counter() - t0) * 1000)
            timings[f"first view zoom {zoom}"] = values
    finally:
        server.terminate()
        server.wait(timeout=10)

    def pct(values: list[float], p: float) -> float:
        return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1] if len(values) > 1 else values[0]

    print(f"/api/events on {args.events:,} events, {sum(map(len, timings.values()))} requests in {args.seconds:.0f} s "
          f"(one client, loopback), mean {statistics.mean(returned):.0f} events per page")
    print(f"{'request':<18} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for kind, values in sorted(timings.items()):
        print(f"{kind:<18} {len(values):>8} {pct(values, 50):>8.1f} {pct(values, 95):>8.1f}")
    every = [v for kind, values in timings.items() if not kind.startswith(("clusters", "first view")) for v in values]
    print(f"{'all /api/events':<18} {len(every):>8} {pct(every, 50):>8.1f} {pct(every, 95):>8.1f}")


if __name__ == "__main__":
    main()
