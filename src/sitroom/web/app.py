"""`sitroom serve`: the event store in the browser (map, timeline, filters, evidence, reports) and a JSON API.

Read-only: the app opens the store with `mode=ro` from the first byte and
refuses a file that is not a sitroom store of this schema; nothing it serves
comes from the internet (Leaflet, the country outlines and the code are
vendored under static/; there is no Swagger UI page, which would load from a
CDN: the schema is at /openapi.json). Every answer carries a strict
Content-Security-Policy, and a request whose Host header does not name this
server is refused (security.py).
"""

import sqlite3
import threading
from collections.abc import Iterable
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Path as PathParam, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel

from ..export import csv_stream, geojson_stream, to_csv, to_geojson
from ..report import Thresholds
from ..settings import MIN_CONFIDENCE
from ..store import feed_health, last_update
from . import queries, report_views
from .columns import EventColumns
from .labels import Label, PlaceLabels, admin1_labels_sql
from .feeds_page import feeds_page
from .pages import event_page, missing_event_page
from .security import Guard, allowed_hosts

STATIC = Path(__file__).parent / "static"
_NUMBER = r"-?\d{1,3}(\.\d{1,12})?"
BBOX_PATTERN = f"^{_NUMBER},{_NUMBER},{_NUMBER},{_NUMBER}$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


def _day(value: str | None, name: str) -> date | None:
    """YYYY-MM-DD only: a bare number is not a date, whatever pydantic would make of it."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise queries.BadQuery(f"{name}: '{value}' is not a day in YYYY-MM-DD form") from None


class Interval(str, Enum):
    day = "day"
    week = "week"


class PageFormat(str, Enum):
    json = "json"
    geojson = "geojson"
    csv = "csv"


class ExportFormat(str, Enum):
    csv = "csv"
    geojson = "geojson"


class Order(str, Enum):
    newest = "newest"
    oldest = "oldest"


class Sort(str, Enum):
    """The table's columns (queries.SORT_SQL, columns.SORTS)."""
    date = "date"
    type = "type"
    actors = "actors"
    place = "place"
    fatalities = "fatalities"


class EventSummary(BaseModel):
    id: int
    event_id_cnty: str | None = None
    event_date: str | None = None
    time_precision: int | None = None
    disorder_type: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    interaction: str | None = None
    country: str | None = None
    country_iso2: str | None = None
    admin1: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    fatalities: int | None = None
    notes: str | None = None
    source: str | None = None
    confidence: float | None = None
    low_confidence: bool | None = None


class EventPage(BaseModel):
    events: list[EventSummary]
    next_cursor: str | None = None  # the date order's next page
    next_offset: int | None = None  # any order's next page


class TimelinePoint(BaseModel):
    period: str
    event_type: str | None = None
    count: int
    fatalities: int = 0


class Stats(BaseModel):
    events: int
    fatalities: int
    first_date: str | None = None
    last_date: str | None = None
    unlocated: int = 0  # matching events with no coordinates (not on the map)
    bounds: list[float] | None = None  # west, south, east, north of the matching events on the map
    interval: Interval
    by_event_type: dict[str, int]
    by_sub_event_type: dict[str, int]
    by_country: dict[str, int]
    timeline: list[TimelinePoint]


class Source(BaseModel):
    id: str
    url: str | None = None
    canonical_url: str | None = None
    site: str | None = None
    title: str | None = None
    published: str | None = None
    text: str
    duplicate_of: str | None = None


class Evidence(BaseModel):
    field: str
    article_id: str
    start: int | None = None
    end: int | None = None
    text: str | None = None
    mention_id: int


class MentionOut(BaseModel):
    id: int
    article_id: str
    sub_event_type: str | None = None
    confidence: float | None = None
    reasons: list[str]
    claimant: str
    sentence: str


class EventDetail(EventSummary):
    year: int | None = None
    assoc_actor_1: str | None = None
    inter1: int | None = None
    assoc_actor_2: str | None = None
    inter2: int | None = None
    civilian_targeting: str | None = None
    iso: int | None = None
    region: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    source_scale: str | None = None
    tags: str | None = None
    timestamp: int | None = None
    date_from: str | None = None
    date_to: str | None = None
    count: int | None = None
    disagreements: dict[str, list[Any]]
    sources: list[Source]
    evidence: list[Evidence]
    mentions: list[MentionOut]


class Options(BaseModel):
    countries: list[dict[str, str]]
    admin1: list[str]
    event_types: list[str]
    sub_event_types: list[str]
    actors: list[str]


class Precomputed:
    """What the map's first view asks for, precomputed: the cluster grid (queries.ClusterGrid), the unfiltered
    weekly stats and the filter menus' options, of the store as it is now; then, for every other filter, the
    events as in-memory columns (columns.EventColumns).

    Built in a background thread when the app starts and again after the store's files change (an ingest);
    until they are ready, requests are answered from the events as before. At a million events the unfiltered
    stats and options take seconds each: the first view should not wait for them.
    """

    def __init__(self, db: Path) -> None:
        self.db = db
        self.grid: queries.ClusterGrid | None = None
        self.stats: dict[str, Any] | None = None
        self.options: dict[str, Any] | None = None
        self.columns: EventColumns | None = None
        self.labels: PlaceLabels | None = None
        self.alerts: dict[str, Any] | None = None  # the map's badges: the store's alerts of its newest week
        self.built_at: tuple | None = None  # the store files' times and sizes when the grid was built
        self.building = False
        self.lock = threading.Lock()
        self._build()

    def _version(self) -> tuple:
        # SQLite's data_version is per connection; the store's files change with every commit, for every reader.
        return tuple((st.st_mtime_ns, st.st_size) for st in
                     (p.stat() for p in (self.db, Path(f"{self.db}-wal")) if p.exists()))

    def _build(self) -> None:
        with self.lock:
            if self.building:
                return
            self.building = True

        def run() -> None:
            try:
                con = queries.open_readonly(self.db)
                try:
                    version = self._version()
                    grid = queries.ClusterGrid(con)
                    with self.lock:
                        self.grid, self.stats, self.options, self.columns, self.labels = grid, None, None, None, None
                        self.alerts = None
                        self.built_at = version
                    stats = queries.stats(con, queries.Filters(), "week")
                    with self.lock:
                        self.stats = stats
                    options = queries.filter_options(con)
                    with self.lock:
                        self.options = options
                    columns = EventColumns.load(con)
                    with self.lock:
                        self.columns = columns
                    labels = PlaceLabels({c["iso2"] for c in options["countries"]},
                                         [Label(name, lat, lon, "admin1", n)
                                          for name, lat, lon, n in columns.admin1_centres()])
                    with self.lock:
                        self.labels = labels
                    # Last: at a million events the alerts take many seconds (report.alerts reads each area's history).
                    answer = report_views.alerts_json(con, queries.Filters(), None, Thresholds())
                    badges = {"period": answer.get("period"), "badges": report_views.alert_badges(answer)}
                    with self.lock:
                        self.alerts = badges
                finally:
                    con.close()
            finally:
                with self.lock:
                    self.building = False

        threading.Thread(target=run, name="cluster-grid", daemon=True).start()

    def current(self, what: str = "grid") -> Any:
        """The precomputed grid, stats or options, or None while they are being (re)built."""
        with self.lock:
            value, built_at = getattr(self, what), self.built_at
        if value is None:
            return None
        if self._version() != built_at:
            self._build()
            return None
        return value


def create_app(db: Path | str, host: str = "127.0.0.1", allow_hosts: Iterable[str] = ()) -> FastAPI:
    """The app over the store at `db`, answering requests whose Host is `host` (the bound address) or allowed."""
    db = Path(db)
    queries.open_readonly(db).close()  # fail now, with a clear message, if the file is not a store to read
    local = threading.local()
    cluster_cache: dict[tuple, dict[str, Any]] = {}
    cache_lock = threading.Lock()
    precomputed = Precomputed(db)

    def connection() -> sqlite3.Connection:
        # One read-only connection per worker thread: sqlite3 connections are not shared across threads.
        con = getattr(local, "con", None)
        if con is None:
            con = local.con = queries.open_readonly(db)
        return con

    app = FastAPI(title="sitroom", version="1", description="Conflict events coded in the ACLED taxonomy, with the "
                  "evidence behind every field. Read-only.", docs_url=None, redoc_url=None)
    app.add_middleware(Guard, hosts=allowed_hosts(host, allow_hosts))
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.exception_handler(queries.BadQuery)
    async def bad_query(request: Request, exc: queries.BadQuery) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    def filters(
        since: Annotated[str | None, Query(pattern=DATE_PATTERN, json_schema_extra={"format": "date"},
                                                   description="Events on or after this day")] = None,
        until: Annotated[str | None, Query(pattern=DATE_PATTERN, json_schema_extra={"format": "date"},
                                                   description="Events on or before this day")] = None,
        country: Annotated[str, Query(max_length=60, description="ISO code or name")] = "",
        admin1: Annotated[str, Query(max_length=120)] = "",
        event_type: Annotated[str, Query(max_length=60)] = "",
        sub_event_type: Annotated[str, Query(max_length=60)] = "",
        actor: Annotated[str, Query(max_length=200, description="Exact actor name (actor 1 or 2)")] = "",
        q: Annotated[str, Query(max_length=200, description="Full-text search: notes, actors, places, sentences")] = "",
        bbox: Annotated[str | None, Query(max_length=100, pattern=BBOX_PATTERN,
                                          description="west,south,east,north in degrees (clamped to the globe)")] = None,
        min_confidence: Annotated[float, Query(ge=0, le=1, description=(
            "Events at or above this confidence; those below the default are flagged low_confidence "
            "and hidden unless asked for (0 shows all)"))] = MIN_CONFIDENCE,
        hide_types: Annotated[str, Query(max_length=400, description="Event types to leave out, comma-separated")] = "",
    ) -> queries.Filters:
        hidden = tuple(sorted({t.strip() for t in hide_types.split(",") if t.strip()}))
        return queries.Filters(_day(since, "since"), _day(until, "until"), country, admin1, event_type,
                               sub_event_type, actor, q, queries.parse_bbox(bbox), min_confidence, hidden)

    Filtering = Annotated[queries.Filters, Depends(filters)]

    @app.get("/api/events", response_model=EventPage, responses={
        200: {"content": {"application/geo+json": {}, "text/csv": {}}},
        400: {"description": "A filter value that cannot be used"}})
    def list_events(
        f: Filtering,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        cursor: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}~\d{1,18}$",
                                            description="next_cursor of the previous page (the date order; "
                                                        "other sorts page by offset)")] = None,
        format: PageFormat = PageFormat.json,
        order: Annotated[Order, Query(description="newest first, or oldest first")] = Order.newest,
        sort: Annotated[Sort, Query(description="the column to sort by (ties by id)")] = Sort.date,
        descending: Annotated[bool | None, Query(description=(
            "sort down; by default dates follow `order`, fatalities go down, texts go up"))] = None,
        offset: Annotated[int, Query(ge=0, le=10**7, description="events to skip (pages of any sort)")] = 0,
    ) -> Any:
        """Events matching the filters, newest (or oldest) first, one page at a time (keyset paging), or sorted by
        type, actors, place or fatalities (paged by offset)."""
        if descending is None:
            descending = order is Order.newest if sort is Sort.date else sort is Sort.fatalities
        if sort is not Sort.date:
            cursor = None  # a date cursor means nothing in another order, which pages by offset
        con, columns = connection(), precomputed.current("columns")
        after = None
        if columns is not None and cursor:
            day, last_id = queries.parse_cursor(cursor)
            try:
                after, offset = (columns.day_of(day), last_id), 0
            except ValueError:  # "0000-00-00~1" has a cursor's form but no day: SQL compares it as text
                columns = None
        if columns is not None:
            ids = columns.page_ids(con, f, sort.value, descending, offset, limit + 1, after)
            events = queries.events_by_ids(con, ids[:limit])
            more = len(ids) > limit
            next_cursor = queries.next_cursor_of(events, more)
        else:
            events, next_cursor = queries.events_page(con, f, limit, cursor, sort=sort.value,
                                                      descending=descending, offset=offset)
            more = next_cursor is not None
        next_offset = offset + len(events) if more and not cursor else None
        headers = {"X-Next-Cursor": next_cursor} if next_cursor else {}
        if format is PageFormat.csv:
            return Response(to_csv(events), media_type="text/csv", headers=headers)
        if format is PageFormat.geojson:
            return JSONResponse(to_geojson(events), media_type="application/geo+json", headers=headers)
        return {"events": events, "next_cursor": next_cursor, "next_offset": next_offset}

    @app.get("/api/export", responses={200: {"content": {"text/csv": {}, "application/geo+json": {}}},
                                       400: {"description": "A filter value that cannot be used"}})
    def export_events(
        f: Filtering,
        format: Annotated[ExportFormat, Query(description="ACLED's CSV columns, or GeoJSON points")] = ExportFormat.csv,
        sort: Annotated[Sort, Query(description="the column to sort by (ties by id)")] = Sort.date,
        descending: Annotated[bool | None, Query(description="sort down (default: dates and fatalities)")] = None,
    ) -> StreamingResponse:
        """Every event matching the filters, as a download streamed in batches: the whole view, at any size."""
        if descending is None:
            descending = sort in (Sort.date, Sort.fatalities)
        con = queries.open_readonly(db)  # its own connection: the stream is read by whichever thread is free

        def pieces() -> Iterable[str]:
            try:
                batches = queries.event_batches(con, f, sort.value, descending)
                yield from (csv_stream if format is ExportFormat.csv else geojson_stream)(batches)
            finally:
                con.close()

        suffix, media = ("csv", "text/csv") if format is ExportFormat.csv else ("geojson", "application/geo+json")
        return StreamingResponse(pieces(), media_type=media, headers={
            "Content-Disposition": f'attachment; filename="sitroom-events.{suffix}"'})

    @app.get("/api/events/{event_id}", response_model=EventDetail, responses={404: {"description": "No such event"}})
    def get_event(event_id: Annotated[int, PathParam(ge=1, le=2**62)]) -> Any:
        """One event: every field, its sources with their text, and the evidence span of each field."""
        event = queries.event_detail(connection(), event_id)
        if event is None:
            raise HTTPException(404, f"no event {event_id}")
        return event

    @app.get("/api/stats", response_model=Stats, responses={400: {"description": "A filter value that cannot be used"}})
    def get_stats(f: Filtering, interval: Interval = Interval.week) -> Any:
        """Counts by type and country, and the timeline (events per day or week by type)."""
        if interval is Interval.week and f == queries.Filters():
            ready = precomputed.current("stats")
            if ready is not None:
                return ready
        columns = precomputed.current("columns")
        if columns is not None:
            return columns.stats(connection(), f, interval.value)
        return queries.stats(connection(), f, interval.value)

    @app.get("/api/clusters", responses={400: {"description": "A filter value that cannot be used"}})
    def get_clusters(f: Filtering, zoom: Annotated[int, Query(ge=0, le=18)] = 2) -> dict[str, Any]:
        """The map layer: GeoJSON points, grouped into grid clusters where dense at this zoom."""
        con = connection()
        # A world view aggregates every event: keep recent answers until the store changes
        # (data_version moves when another connection commits, e.g. an ingest).
        version = con.execute("PRAGMA data_version").fetchone()[0]
        key = (version, repr(f), zoom)
        with cache_lock:
            hit = cluster_cache.get(key)
        if hit is None:
            grid, columns = precomputed.current(), precomputed.current("columns")
            if grid and grid.serves(f, zoom):
                hit = grid.clusters(con, f, zoom)
            elif columns is not None:
                hit = queries.cluster_features(con, columns.cells(con, f, zoom), queries.cell_degrees(zoom))
            else:
                hit = queries.clusters(con, f, zoom)
            with cache_lock:
                cluster_cache[key] = hit
                while len(cluster_cache) > 64:
                    cluster_cache.pop(next(iter(cluster_cache)))
        return hit

    @app.get("/api/alerts", response_model=report_views.Alerts, response_model_exclude_unset=True,
             responses={400: {"description": "A filter value that cannot be used"}})
    def get_alerts(
        f: Filtering,
        last: Annotated[str | None, Query(pattern=r"^[1-9]\d{0,3}[dwDW]$", description=(
            "Period length (7d, 2w) ending on `until` or the newest event; ignored with `since`"))] = None,
        ratio: Annotated[float, Query(ge=1, le=1000, description="Surge: the period against the four before")] = 2.0,
        min_events: Annotated[int, Query(ge=1, le=10**9)] = 3,
        min_fatalities: Annotated[int, Query(ge=1, le=10**9)] = 10,
    ) -> Any:
        """Surges per admin1 and country, new actors, first events of a kind, territory changing hands; each
        with the events behind it (country, admin1, dates and threshold of the filter)."""
        return report_views.alerts_json(connection(), f, last, Thresholds(ratio, min_events, min_fatalities))

    @app.get("/api/places")
    def get_places(
        zoom: Annotated[int, Query(ge=0, le=18)] = 2,
        bbox: Annotated[str | None, Query(max_length=100, pattern=BBOX_PATTERN,
                                          description="west,south,east,north in degrees")] = None,
    ) -> list[dict[str, Any]]:
        """Place names for the map at this zoom: GeoNames towns of the store's countries (the larger the further
        out), and the store's admin1 areas where their events are."""
        labels = precomputed.current("labels")
        if labels is None:  # not built yet (or the store changed): from SQL, as a small store would anyway
            con = connection()
            countries = {r[0] for r in con.execute("SELECT DISTINCT country_iso2 FROM events") if r[0]}
            labels = PlaceLabels(countries, admin1_labels_sql(con))
        return labels.within(queries.parse_bbox(bbox), zoom)

    @app.get("/api/alerts/map")
    def get_alert_badges() -> dict[str, Any]:
        """The map's alert badges: the store's alerts of its newest week (as /api/alerts with no filter), one badge
        per place, precomputed; `ready` is false while they are being worked out."""
        badges = precomputed.current("alerts")
        return {"ready": False, "badges": []} if badges is None else {"ready": True, **badges}

    @app.get("/api/options", response_model=Options)
    def get_options() -> Any:
        """Values the filter menus offer."""
        return precomputed.current("options") or queries.filter_options(connection())

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    @app.get("/report", include_in_schema=False, response_class=HTMLResponse)
    def report_html(request: Request, f: Filtering, last: Annotated[
            str | None, Query(pattern=r"^[1-9]\d{0,3}[dwDW]$")] = None) -> HTMLResponse:
        """The situation report for the filter's country, admin1 and dates (by default its newest week)."""
        return HTMLResponse(report_views.report_page(connection(), f, last, request.url.query))

    @app.get("/report/report.css", include_in_schema=False)
    def report_css() -> FileResponse:
        return FileResponse(report_views.STYLESHEET, media_type="text/css")

    @app.get("/events/{event_id}", include_in_schema=False, response_class=HTMLResponse)
    def event_html(event_id: Annotated[str, PathParam(max_length=40)]) -> HTMLResponse:
        # A page for people: a missing or malformed event number gets an HTML 404 with a way back, not JSON.
        number = int(event_id) if event_id.isascii() and event_id.isdigit() and len(event_id) <= 18 else 0
        event = queries.event_detail(connection(), number) if number >= 1 else None
        if event is None:
            return HTMLResponse(missing_event_page(event_id), status_code=404)
        return HTMLResponse(event_page(event))

    @app.get("/admin/feeds", include_in_schema=False, response_class=HTMLResponse)
    def feeds_html() -> HTMLResponse:
        """The watched feeds' health and when the store last took in an article (read-only)."""
        con = connection()
        return HTMLResponse(feeds_page(feed_health(con), last_update(con)))

    return app
