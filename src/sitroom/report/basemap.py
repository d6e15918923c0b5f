"""A locator map as SVG: the vendored Natural Earth country outlines (world-atlas topojson) and the events as dots.

The outlines are the ones the web map draws (web/static/vendor/world-atlas, read as a data file, decoded
here: topojson stores each border once, as delta-encoded integer arcs that rings refer to by index).
The projection is equirectangular, its x scaled by the cosine of the view's middle latitude so shapes
near the area keep their proportions; the view is the events' box with a margin, at least 4 degrees wide.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any, Callable

ATLAS = Path(__file__).resolve().parents[1] / "web" / "static" / "vendor" / "world-atlas" / "countries-50m.json"
WIDTH = 480
MIN_SPAN = 6.0  # degrees: a single town still shows its neighbourhood
MAX_LABELS = 8

Ring = list[tuple[float, float]]


@lru_cache(maxsize=1)
def countries() -> list[tuple[str, tuple[float, float, float, float], list[Ring]]]:
    """(name, (west, south, east, north), rings of lon/lat points) for every country of the atlas."""
    topology = json.loads(ATLAS.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes: list[int]) -> Ring:
        points: Ring = []
        for i in indexes:
            part = arcs[i] if i >= 0 else arcs[~i][::-1]
            points.extend(part[1:] if points else part)
        return points

    out = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(
            geometry.get("type"), [])
        rings = [ring(r) for polygon in polygons for r in polygon]
        if not rings:
            continue
        lons = [p[0] for r in rings for p in r]
        lats = [p[1] for r in rings for p in r]
        out.append((geometry.get("properties", {}).get("name", ""), (min(lons), min(lats), max(lons), max(lats)),
                    rings))
    return out


def view_of(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """(west, south, east, north) around the points, with a margin and at least MIN_SPAN degrees across."""
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    cx, cy = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
    half_w = max((max(lons) - min(lons)) * 0.9, MIN_SPAN / 2)
    half_h = max((max(lats) - min(lats)) * 0.9, MIN_SPAN / 2 * 0.75)
    return cx - half_w, max(-85.0, cy - half_h), cx + half_w, min(85.0, cy + half_h)


def locator_map(events: list[dict[str, Any]], link: Callable[[str], str] | None = None) -> str:
    """The events on their countries' outlines; a dot's size grows with its reported fatalities."""
    placed = [e for e in events if e.get("latitude") is not None and e.get("longitude") is not None]
    if not placed:
        return ""
    west, south, east, north = view_of([(e["longitude"], e["latitude"]) for e in placed])
    kx = math.cos(math.radians((south + north) / 2))
    scale = WIDTH / ((east - west) * kx)
    height = round((north - south) * scale)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (lon - west) * kx * scale, (north - lat) * scale

    out = [f'<svg class="locator" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
           f'aria-label="Map of the events">', "<title>Map of the events</title>",
           f'<rect class="sea" x="0" y="0" width="{WIDTH}" height="{height}"/>']
    home = {e.get("country") for e in placed}
    for name, (w, s, e, n), rings in countries():
        if e < west or w > east or n < south or s > north:
            continue
        frame = (-10.0, -10.0, WIDTH + 10.0, height + 10.0)
        d = " ".join(_path((xy(*p) for p in r), frame) for r in rings if _meets(r, (west, south, east, north)))
        if not d:
            continue
        kind = "land area" if name in home else "land"  # the events' own countries stand out
        out.append(f'<path class="{kind}" d="{d}"><title>{escape(name)}</title></path>')
    labelled: set[str] = set()
    for e in sorted(placed, key=lambda e: (-(e.get("fatalities") or 0), e["event_date"], e["id"])):
        x, y = xy(e["longitude"], e["latitude"])
        r = 4 + math.sqrt(e.get("fatalities") or 0) * 1.5
        kind = _slug(e.get("event_type") or "event")
        tip = f'{e["event_id_cnty"]}: {e.get("sub_event_type") or ""}, {e.get("location") or ""}, {e["event_date"]}'
        dot = f'<circle class="dot {kind}" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"><title>{escape(tip)}</title></circle>'
        out.append(f'<a href="{escape(link(e["event_id_cnty"]))}">{dot}</a>' if link else dot)
        place = e.get("location") or ""
        if place and place not in labelled and len(labelled) < MAX_LABELS:
            labelled.add(place)
            out.append(f'<text class="place" x="{x + r + 3:.1f}" y="{y + 4:.1f}">{escape(place)}</text>')
    kinds = sorted({e.get("event_type") or "event" for e in placed})
    top = height - 8 - 16 * len(kinds)
    out.append(f'<rect class="legend" x="4" y="{top - 4}" width="200" height="{16 * len(kinds) + 8}"/>')
    for i, kind in enumerate(kinds):  # what the dots' colours mean
        y = top + 8 + 16 * i
        out.append(f'<circle class="swatch {_slug(kind)}" cx="14" cy="{y}" r="5"/>'
                   f'<text class="place" x="24" y="{y + 4}">{escape(kind)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _slug(event_type: str) -> str:
    """'Explosions/Remote violence' -> 'explosions-remote-violence' (the class report.css colours)."""
    return "-".join("".join(c if c.isalnum() else " " for c in event_type.lower()).split())


def _meets(ring: Ring, view: tuple[float, float, float, float]) -> bool:
    west, south, east, north = view
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    return not (max(lons) < west or min(lons) > east or max(lats) < south or min(lats) > north)


def _path(points, frame: tuple[float, float, float, float]) -> str:
    """An SVG ring held inside a frame just beyond the view (what lies outside is drawn along the frame, so the
    fill inside is unchanged), dropping points closer than half a pixel to the last one kept."""
    x0, y0, x1, y1 = frame
    kept: list[tuple[float, float]] = []
    for x, y in points:
        x, y = min(max(x, x0), x1), min(max(y, y0), y1)
        if not kept or abs(x - kept[-1][0]) + abs(y - kept[-1][1]) >= 0.5:
            kept.append((x, y))
    return "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in kept) + "Z"
