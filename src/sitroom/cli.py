"""sitroom's command line: a thin shell over the library."""
from __future__ import annotations

import json
import sys
import time
from datetime import date, datetime, timezone
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from . import export
from .gazetteer import ensure_index
from .service import DEMO_DIR, ensure_classifier, ensure_models, ingest_paths

app = typer.Typer(help="sitroom: conflict events from news, coded in the ACLED taxonomy, offline.",
                  no_args_is_help=True, add_completion=False)
gazetteer_app = typer.Typer(help="Build and query the offline gazetteer.", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")
console = Console()
err = Console(stderr=True)

DEFAULT_DB = Path("sitroom.db")
DbOption = typer.Option(DEFAULT_DB, "--db", help="SQLite event store (created if missing).")


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    geojson = "geojson"
    parquet = "parquet"


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    from .ingest.readers import EARLIEST_DATE, LATEST_DATE

    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date in YYYY-MM-DD form")
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise typer.BadParameter(f"{value} is not between {EARLIEST_DATE} and {LATEST_DATE}")
    return day


def _refuse(exc: Exception) -> None:
    """A store sitroom will not open (missing, another program's database, another schema): say why, exit 1."""
    err.print(f"[red]{escape(str(exc))}[/]")
    raise typer.Exit(1)


def _ingest(paths: list[Path], db: Path, published: date | None, workers: int = 1, dask: str = "",
            scheduler: str = "", parquet_dir: Path | None = None) -> None:
    from .ingest import iter_sources
    from .parallel import make_coder
    from .store import NotAStore, Store

    try:
        coder = make_coder(workers, dask, scheduler)
    except ValueError as exc:
        raise typer.BadParameter(str(exc))
    if parquet_dir is not None and parquet_dir.exists() and not parquet_dir.is_dir():
        raise typer.BadParameter(f"--parquet-dir {parquet_dir} is a file, not a folder")
    try:
        Store(db).close()  # refuse another program's database before the models are built
    except NotAStore as exc:
        _refuse(exc)
    ensure_models(lambda msg: err.print(f"[yellow]{msg}[/]"))
    total = len(iter_sources(paths))
    if total > 5:
        with Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=err) as bar:
            task = bar.add_task("files", total=total)
            report = ingest_paths(paths, db, published, progress=lambda: bar.advance(task), coder=coder,
                                  parquet_dir=parquet_dir)
    else:
        report = ingest_paths(paths, db, published, coder=coder, parquet_dir=parquet_dir)
    for error in report.errors:
        err.print(f"[red]skipped[/] {escape(error.source)}: {escape(error.reason)}")
    err.print(
        f"{report.files} file(s): {report.stored} article(s) stored ({report.updated} updated, "
        f"{report.near_duplicates} near-duplicate copies), {report.duplicates} already stored, "
        f"{len(report.errors)} skipped; {report.events_new} new event(s), {report.events_merged} merged into stored ones."
    )
    if report.files and not report.stored and not report.duplicates:
        raise typer.Exit(1)


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or folders of .html, .htm, .txt, .jsonl, .jsonl.gz, .warc.gz"),
    published: str = typer.Option(None, help="Publication date (YYYY-MM-DD) for articles that lack one."),
    db: Path = DbOption,
    workers: int = typer.Option(1, "--workers", min=1, help="Processes that read and code articles (one writes)."),
    dask: str = typer.Option("", "--dask", help="Code on a local Dask cluster of N worker processes: local:N."),
    dask_scheduler: str = typer.Option("", "--dask-scheduler", help="Code on the Dask cluster at tcp://HOST:PORT."),
    parquet_dir: Path = typer.Option(None, "--parquet-dir", help=(
        "Also write each batch's events as a Parquet part file into this folder (by the worker that coded it).")),
) -> None:
    """Read articles, find their events and store them."""
    _ingest(paths, db, _parse_date(published), workers, dask, dask_scheduler, parquet_dir)


@app.command()
def events(
    db: Path = DbOption,
    format: Format = typer.Option(Format.table, "--format", "-f"),
    output: Path = typer.Option(None, "--output", "-o", help="Write here instead of standard output (needed for parquet)."),
    since: str = typer.Option(None, help="Events on or after this date (YYYY-MM-DD)."),
    until: str = typer.Option(None, help="Events on or before this date (YYYY-MM-DD)."),
    country: str = typer.Option("", help="Country name or ISO code (SY, SYR, Syria)."),
    type: str = typer.Option("", "--type", help="Event type, sub-event type or disorder type, e.g. 'Battles'."),
    actor: str = typer.Option("", help="Part of an actor's name, e.g. 'Islamic State'."),
    limit: int = typer.Option(None, help="At most this many events."),
    min_confidence: float = typer.Option(None, "--min-confidence", min=0.0, max=1.0, help=(
        "Events at or above this confidence. Those under the default threshold are stored flagged "
        "low_confidence and left out unless asked for; 0 lists them all.")),
) -> None:
    """List stored events (table, ACLED CSV, JSON, JSON lines, GeoJSON or Parquet), filtered."""
    from .store import EventFilter, NotAStore, Store

    where = EventFilter(since=_parse_date(since), until=_parse_date(until), country=country, event_type=type,
                        actor=actor, limit=limit)
    if min_confidence is not None:
        where.min_confidence = min_confidence
    try:
        store = Store(db, readonly=True)
    except (FileNotFoundError, NotAStore) as exc:
        _refuse(exc)
    with store:
        records = store.events(where)
    if format is Format.parquet:
        if output is None:
            raise typer.BadParameter("Parquet is binary: give --output FILE.parquet")
        export.to_parquet(records, output)
        err.print(f"{len(records)} event(s) written to {output}")
        return
    _print_records(records, format, output)


def _print_records(records: list[dict], fmt: Format, output: Path | None = None) -> None:
    if fmt is Format.csv:
        text = export.to_csv(records)
    elif fmt is Format.json:
        text = export.to_json(records) + "\n"
    elif fmt is Format.jsonl:
        text = export.to_jsonl(records)
    elif fmt is Format.geojson:
        text = json.dumps(export.to_geojson(records), ensure_ascii=False, default=str) + "\n"
    else:
        console.print(_table(records))
        return
    if output:
        output.write_text(text, encoding="utf-8")
        err.print(f"{len(records)} event(s) written to {output}")
    else:
        sys.stdout.write(text)


def _table(records: list[dict]) -> Table:
    table = Table(title=f"{len(records)} event(s)", show_lines=False)
    for col in ("date", "type", "actor 1", "actor 2", "location", "prec.", "deaths", "sources"):
        table.add_column(col)
    for r in records:
        n_sources = len(r.get("sources", [])) or len((r.get("source") or "").split("; "))
        cells = (
            r["event_date"], r["sub_event_type"], r["actor1"] or "", r["actor2"] or "",
            f"{r['location']}, {r['country']}" if r["location"] else r.get("country", ""),
            f"g{r['geo_precision'] or '-'} t{r['time_precision']}", str(r["fatalities"] or 0), str(n_sources),
        )
        # Names come from articles: as plain Text, "[/b]" in an actor's name is printed, not read as rich markup.
        table.add_row(*(Text(str(cell)) for cell in cells))
    return table


class ReportFormat(str, Enum):
    md = "md"
    html = "html"
    json = "json"


class AlertFormat(str, Enum):
    table = "table"
    json = "json"


_RATIO = typer.Option(2.0, "--ratio", min=1.0, help="Surge: the period against the average of the four before.")
_MIN_EVENTS = typer.Option(3, "--min-events", min=1, help="Surge in events: at least this many in the period.")
_MIN_FATALITIES = typer.Option(10, "--min-fatalities", min=1, help="Surge in fatalities: at least this many.")
_LAST = typer.Option(None, "--last", help="Period length ending on --until or the newest event: 7d, 2w (default 7d).")
_CONFIDENCE = typer.Option(None, "--min-confidence", min=0.0, max=1.0,
                           help="Events at or above this confidence (default: the store's threshold).")


def _report_area(country: str, admin1: str, min_confidence: float | None):
    from .store import EventFilter

    area = EventFilter(country=country, admin1=admin1)
    if min_confidence is not None:
        area.min_confidence = min_confidence
    return area


def _read_store(db: Path):
    from .store import NotAStore, open_readonly

    try:
        return open_readonly(db)
    except (FileNotFoundError, NotAStore) as exc:
        _refuse(exc)


def _write_text(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_bytes(text.encode("utf-8"))
        err.print(f"written to {output}")


@app.command()
def report(
    db: Path = typer.Option(DEFAULT_DB, "--db", help="SQLite event store (opened read-only)."),
    country: str = typer.Option("", help="Country name or ISO code (SY, SYR, Syria); all countries if empty."),
    admin1: str = typer.Option("", help="First-level subdivision as stored, e.g. 'Deir ez-Zor'."),
    since: str = typer.Option(None, help="First day of the period (YYYY-MM-DD)."),
    until: str = typer.Option(None, help="Last day of the period (YYYY-MM-DD)."),
    last: str = _LAST,
    format: ReportFormat = typer.Option(ReportFormat.md, "--format", "-f"),
    output: Path = typer.Option(None, "--output", "-o", help="Write here instead of standard output."),
    link_base: str = typer.Option("http://127.0.0.1:8000", "--link-base",
                                  help="Where `sitroom serve` answers: citations link to its event pages."),
    min_confidence: float = _CONFIDENCE,
    ratio: float = _RATIO, min_events: int = _MIN_EVENTS, min_fatalities: int = _MIN_FATALITIES,
) -> None:
    """A situation report on an area and period, every sentence cited by its events (Markdown, HTML or JSON)."""
    from .report import BadPeriod, Thresholds, report_for, to_html, to_json, to_markdown

    con = _read_store(db)
    try:
        data = report_for(con, _report_area(country, admin1, min_confidence), _parse_date(since),
                          _parse_date(until), last, Thresholds(ratio, min_events, min_fatalities))
    except BadPeriod as exc:
        raise typer.BadParameter(str(exc))
    finally:
        con.close()
    text = {ReportFormat.md: lambda: to_markdown(data, link_base), ReportFormat.json: lambda: to_json(data),
            ReportFormat.html: lambda: to_html(data, link_base)}[format]()
    _write_text(text, output)


@app.command()
def alerts(
    db: Path = typer.Option(DEFAULT_DB, "--db", help="SQLite event store (opened read-only)."),
    country: str = typer.Option("", help="Only this country (name or ISO code)."),
    since: str = typer.Option(None, help="First day of the period watched (YYYY-MM-DD)."),
    until: str = typer.Option(None, help="Last day of the period watched (default: the newest event's)."),
    last: str = _LAST,
    format: AlertFormat = typer.Option(AlertFormat.table, "--format", "-f"),
    min_confidence: float = _CONFIDENCE,
    ratio: float = _RATIO, min_events: int = _MIN_EVENTS, min_fatalities: int = _MIN_FATALITIES,
) -> None:
    """Surges per admin1 and country, new actors, first events of a kind, territory changing hands."""
    from .report import BadPeriod, Thresholds, alerts_for

    con = _read_store(db)
    try:
        data = alerts_for(con, _report_area(country, "", min_confidence), _parse_date(since), _parse_date(until),
                          last, Thresholds(ratio, min_events, min_fatalities))
    except BadPeriod as exc:
        raise typer.BadParameter(str(exc))
    finally:
        con.close()
    if format is AlertFormat.json:
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return
    if data["period"] is None:
        err.print("the store holds no event to watch")
        return
    table = Table(title=f"alerts {data['period']['since']} to {data['period']['until']}")
    for column in ("kind", "area", "what", "events"):
        table.add_column(column)
    for flag in data["alerts"]:
        area = ", ".join(x for x in (flag["admin1"], flag["country"]) if x)
        what = {"surge": lambda f: f"{f['count']} {f['measure']}; {f['baseline_average']:g} a period before",
                "new_actor": lambda f: f["actor"], "first_of_type": lambda f: f["sub_event_type"],
                "territory": lambda f: f["sub_event_type"]}[flag["kind"]](flag)
        table.add_row(flag["kind"], escape(area), escape(what),
                      " ".join(e["event_id_cnty"] for e in flag["events"]))
    console.print(table)
    if not data["alerts"]:
        console.print("no alerts in this period")


@app.command()
def extract(
    file: Path = typer.Argument(..., help="One article (.html, .htm or .txt)"),
    published: str = typer.Option(None, help="Publication date (YYYY-MM-DD); relative dates resolve against it."),
) -> None:
    """Print the events of one article as JSON, each field with its evidence span; nothing is stored."""
    from .ingest import read_path
    from .pipeline import extract_events

    ensure_models(lambda msg: err.print(f"[yellow]{msg}[/]"))
    out = []
    for item in read_path(file, _parse_date(published)):
        if item.error is not None:
            err.print(f"[red]cannot read[/] {item.error.source}: {item.error.reason}")
            raise typer.Exit(1)
        out.extend(export.event_with_evidence(e) for e in extract_events(item.article))
    sys.stdout.write(export.to_json(out) + "\n")


@app.command()
def demo(db: Path = DbOption) -> None:
    """Ingest the bundled demo articles into the store and show what was found."""
    _ingest([DEMO_DIR], db, None)
    from .store import Store

    with Store(db, readonly=True) as store:
        records = store.events()
    console.print(_table(records))
    console.print(f"Event store: [bold]{db.resolve()}[/]  (try `sitroom events --db {db} --format csv`)")


@app.command()
def serve(
    db: Path = typer.Option(DEFAULT_DB, "--db", help="SQLite event store (opened read-only; never created)."),
    host: str = typer.Option("127.0.0.1", help="Address to listen on (loopback by default)."),
    port: int = typer.Option(8000, help="Port to listen on."),
    allow_host: list[str] = typer.Option([], "--allow-host", help=(
        "Another name this server may be reached by (Host header), e.g. a LAN name; repeat for more. "
        "Requests naming any other host are refused (DNS rebinding). '*' turns the check off.")),
) -> None:
    """Open the event store in the browser: map, timeline, filters, evidence; JSON API at /api (read-only)."""
    import uvicorn

    from .store import NotAStore
    from .web.app import create_app

    try:
        application = create_app(db, host=host, allow_hosts=allow_host)
    except (FileNotFoundError, NotAStore) as exc:
        _refuse(exc)
    err.print(f"sitroom on http://{host}:{port}/  (API schema at /openapi.json; Ctrl-C stops)")
    uvicorn.run(application, host=host, port=port, log_level="warning")


@app.command()
def upgrade(db: Path = DbOption) -> None:
    """Bring a store written by an older sitroom up to this one's schema (serve only reads, so it never does)."""
    from .store import SCHEMA_VERSION, NotAStore, Store

    if not db.exists():
        _refuse(FileNotFoundError(f"no event store at {db}"))
    try:
        with Store(db) as store:
            version = store.version
    except NotAStore as exc:
        _refuse(exc)
    err.print(f"{db}: schema v{version} (this sitroom's is v{SCHEMA_VERSION})")


def _when(moment: float | None) -> str:
    if moment is None:
        return "never"
    return datetime.fromtimestamp(moment, timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


def _print_round(report) -> None:
    for feed in report.feeds:
        url = escape(feed.url)
        if feed.status == "failed":
            err.print(f"[red]feed failed[/] {url}: {escape(feed.reason)}; {feed.failures} failure(s) in a row, "
                      f"next try {_when(feed.next_poll)}")
        elif feed.status in ("waiting", "skipped"):
            err.print(f"feed {feed.status} {url}: {escape(feed.reason)}; next poll {_when(feed.next_poll)}")
        elif feed.status == "not modified":
            err.print(f"feed not modified {url}")
        else:
            err.print(f"feed polled {url}: {feed.new_items} new or updated link(s)")
    for error in report.errors:
        err.print(f"[red]page skipped[/] {escape(error.source)}: {escape(error.reason)}")
    polled = sum(f.status in ("polled", "not modified", "failed") for f in report.feeds)
    failed = sum(f.status == "failed" for f in report.feeds)
    err.print(
        f"round at {_when(time.time())}: {polled} feed(s) polled ({failed} failed), {report.pages_fetched} page(s) "
        f"fetched: {report.stored} article(s) stored ({report.updated} updated, {report.near_duplicates} "
        f"near-duplicate copies), {report.duplicates} already stored, {report.unchanged} unchanged, "
        f"{len(report.errors)} skipped; {report.events_new} new event(s), {report.events_merged} merged into stored "
        "ones."
    )


@app.command()
def watch(
    feeds_file: Path = typer.Argument(..., metavar="FEEDS.yaml", help="The feeds to watch (see `sitroom feeds`)."),
    db: Path = DbOption,
    once: bool = typer.Option(False, "--once", help="One round of the feeds that are due, then stop."),
    interval: str = typer.Option("15m", help="How often to poll a feed (a feed's own interval wins): 90s, 15m, 2h."),
    allow_private: bool = typer.Option(False, "--allow-private", help=(
        "Also fetch from private, loopback and link-local addresses (an intranet, a test server).")),
    timeout: float = typer.Option(20.0, min=0.1, help="Seconds to wait for a server to connect or to send more."),
    host_delay: float = typer.Option(1.0, min=0.0, help="Seconds between two requests to one host."),
) -> None:
    """Poll RSS/Atom feeds and news sitemaps, and fetch, code and store their new articles (Ctrl-C stops)."""
    from .ingest.feeds import FeedError, load_feeds, parse_interval
    from .ingest.fetch import FetchPolicy
    from .store import NotAStore, Store
    from .watch import WatchOptions, watch as watch_rounds

    try:
        options = WatchOptions(parse_interval(interval), FetchPolicy(timeout=timeout, host_delay=host_delay,
                                                                     allow_private=allow_private))
    except FeedError as exc:
        raise typer.BadParameter(str(exc), param_hint="--interval")
    try:
        load_feeds(feeds_file)  # a feeds file that cannot be used, and a store that is not one, are
        Store(db).close()  # refused before the models are built
    except (FeedError, NotAStore) as exc:
        _refuse(exc)
    ensure_models(lambda msg: err.print(f"[yellow]{msg}[/]"))
    try:
        for report in watch_rounds(feeds_file, db, options, once=once):
            _print_round(report)
    except FeedError as exc:
        _refuse(exc)
    except KeyboardInterrupt:
        err.print("stopped; the next `sitroom watch` goes on where this one left off")


feeds_app = typer.Typer(help="The feeds file `sitroom watch` reads: add, list, remove.", no_args_is_help=True)
app.add_typer(feeds_app, name="feeds")
FeedsFileOption = typer.Option(Path("feeds.yaml"), "--file", help="The feeds file (YAML).")


def _read_feeds(path: Path, missing_ok: bool = False) -> list:
    from .ingest.feeds import FeedError, load_feeds

    if missing_ok and not path.exists():
        return []
    try:
        return load_feeds(path)
    except FeedError as exc:
        _refuse(exc)


@feeds_app.command("add")
def feeds_add(
    url: str,
    file: Path = FeedsFileOption,
    language: str = typer.Option("", help="The feed's language (sitroom codes English; others are skipped)."),
    country: str = typer.Option("", help="A country hint shown with the feed, e.g. ML."),
    interval: str = typer.Option(None, help="How often to poll this feed (90s, 15m, 2h); default: watch's."),
) -> None:
    """Add a feed (RSS, Atom or news sitemap) to the feeds file, creating the file if needed."""
    from .ingest.feeds import FeedError, feed_from_entry, save_feeds

    try:
        candidate = feed_from_entry({"url": url, "language": language, "country": country, "interval": interval},
                                    "the feed")
    except FeedError as exc:
        _refuse(exc)
    feeds = _read_feeds(file, missing_ok=True)
    if any(f.url == candidate.url for f in feeds):
        err.print(f"{escape(url)} is already in {file}")
        return
    save_feeds(file, [*feeds, candidate])
    err.print(f"added {escape(url)} to {file} ({len(feeds) + 1} feed(s))")


@feeds_app.command("remove")
def feeds_remove(url: str, file: Path = FeedsFileOption) -> None:
    """Remove a feed from the feeds file (its state stays in the store, as history)."""
    from .ingest.feeds import save_feeds

    feeds = _read_feeds(file)
    kept = [f for f in feeds if f.url != url]
    if len(kept) == len(feeds):
        err.print(f"[red]{escape(url)} is not in {file}[/]")
        raise typer.Exit(1)
    save_feeds(file, kept)
    err.print(f"removed {escape(url)} from {file} ({len(kept)} feed(s) left)")


@feeds_app.command("list")
def feeds_list(file: Path = FeedsFileOption, db: Path = typer.Option(
        DEFAULT_DB, "--db", help="Event store whose watch state to show (read-only; optional).")) -> None:
    """The feeds in the feeds file, with each one's health from the store when there is one."""
    from .ingest.feeds import format_interval
    from .store import NotAStore, Store, feed_health

    feeds = _read_feeds(file)
    health: dict[str, dict] = {}
    if db.exists():
        try:
            with Store(db, readonly=True) as store:
                health = {h["url"]: h for h in feed_health(store.db)}
        except NotAStore as exc:
            err.print(f"[yellow]no feed state shown: {escape(str(exc))}[/]")
    table = Table(title=f"{len(feeds)} feed(s) in {file}")
    table.add_column("url", overflow="fold")
    for col in ("lang", "country", "interval", "last ok", "failures", "status", "articles", "next poll"):
        table.add_column(col)
    for feed in feeds:
        h = health.get(feed.url, {})
        status = h.get("last_status") or "never polled"
        if h.get("last_error"):
            status += f": {h['last_error']}"
        table.add_row(escape(feed.url), feed.language, feed.country,
                      format_interval(feed.interval) if feed.interval is not None else "default",
                      _when(h.get("last_ok")) if h else "-", str(h.get("failures", 0)), escape(status),
                      str(h.get("items", {}).get("stored", 0)), _when(h.get("next_poll")) if h else "-")
    console.print(table)


evaluate_app = typer.Typer(help="Measure sitroom against hand-coded data.", no_args_is_help=True)
app.add_typer(evaluate_app, name="evaluate")


@evaluate_app.command("classify")
def evaluate_classify(
    gold: Path = typer.Option(..., help="CASE 2021 task 2 TSV: id, EventSnippet, SubType"),
    json_out: Path = typer.Option(None, "--json", help="Write the full report as JSON here."),
    predictions: Path = typer.Option(None, help="Write id<TAB>label lines (CASE submission format) here."),
    rules_only: bool = typer.Option(False, "--rules-only", help="Score the rule coder alone, without the classifier."),
) -> None:
    """Sub-event typing and non-event rejection on labelled snippets."""
    from .evaluate.classify import evaluate_classify as run

    ensure_models(lambda msg: err.print(f"[yellow]{msg}[/]"))
    report, predicted = run(gold, rules_only)
    console.print(f"snippets: {report['n']}   accuracy: {report['accuracy']:.3f}   "
                  f"macro-F1 (25 ACLED types): {report['macro_f1_acled']:.3f}   "
                  f"weighted F1 (25 types + no event): {report['weighted_f1']:.3f}")
    rej = report["rejection"]
    console.print(f"non-event rejection: precision {rej['precision']:.3f}  recall {rej['recall']:.3f}  F1 {rej['f1']:.3f}")
    console.print(f"speed: {report['snippets_per_second']:.1f} snippets/s; "
                  f"{report['time_vs_spacy_parse']:.2f}x the time of the spaCy parse alone")
    table = Table(title="per class")
    for col in ("label", "precision", "recall", "F1", "support"):
        table.add_column(col)
    for label, v in report["per_class"].items():
        if v["support"]:
            table.add_row(label, f"{v['precision']:.2f}", f"{v['recall']:.2f}", f"{v['f1']:.2f}", str(v["support"]))
    console.print(table)
    console.print("main confusions (gold -> predicted): " + ", ".join(
        f"{c['gold']}->{c['predicted']} x{c['count']}" for c in report["confusions"][:10]))
    if json_out:
        json_out.write_text(json.dumps(report, indent=2))
    if predictions:
        predictions.write_text("".join(f"{i}\t{label}\n" for i, label in predicted))


@evaluate_app.command("events")
def evaluate_events_cmd(
    gold: Path = typer.Option(..., help="Hand-coded gold: one article's (seed-hajin.gold.json) or a list of them"),
    articles: Path = typer.Option(None, help="JSONL file with the texts of a list of gold articles, in its order"),
    min_confidence: float = typer.Option(None, "--min-confidence",
                                         help="Count events at or above this confidence (default: the export's)."),
    json_out: Path = typer.Option(None, "--json", help="Write the report, with every article's events, as JSON here."),
) -> None:
    """Whole articles against hand-coded events: precision, recall, field accuracy, false events, non-events coded."""
    from .evaluate.events import evaluate_events
    from .settings import MIN_CONFIDENCE

    ensure_models(lambda msg: err.print(f"[yellow]{msg}[/]"))
    try:
        report = evaluate_events(gold, articles, MIN_CONFIDENCE if min_confidence is None else min_confidence)
    except ValueError as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(1)
    r = report
    console.print(f"{r.articles} article(s) ({r.negative_articles} with no event), {r.found_events} event(s) found "
                  f"at confidence >= {r.min_confidence:.2f}")
    console.print(f"required events found: {r.required_found}/{r.required_total} (recall {r.recall_required:.3f}); "
                  f"{r.optional_found} optional matched")
    console.print(f"precision {r.precision:.3f} (found events that report a gold event; "
                  f"without optional: {r.precision_without_optional:.3f}; with every field but fatalities right: "
                  f"{r.precision_strict:.3f})")
    console.print(f"required events with every field right: {r.required_complete}/{r.required_total} "
                  f"({r.complete_share:.3f}); right but for fatalities: {r.required_right}")
    console.print(f"false events per article with no event: {r.false_events_per_negative:.2f}; "
                  f"events inside a must_not_code statement: {r.must_not_code_violations}")
    console.print("field accuracy over matched events: " + ", ".join(
        f"{name} {value:.2f}" for name, value in r.field_accuracy.items()))
    console.print("reliability (confidence: events found, share that report a gold event): " + "; ".join(
        f"{b['from']:.1f}-{b['to']:.1f}: {b['events']}" + (f" {b['true_share']:.2f}" if b["events"] else "")
        for b in r.reliability))
    console.print("at other thresholds (threshold: precision, required recall, F1): " + "; ".join(
        f"{t['at']:.2f}: {t['precision']:.2f} {t['recall_required']:.2f} {t['f1']:.2f}" for t in r.thresholds))
    for a in r.per_article:
        if a.error:
            console.print(f"  [red]{a.document}: not read: {a.error}[/]")
    if json_out:
        json_out.write_text(json.dumps(report.to_json(), indent=2, default=str))


@evaluate_app.command("event-location")
def evaluate_event_location_cmd(
    gold: Path = typer.Option(..., help="Event-location JSONL: sentences with one VERB and their LOCATION spans"),
    predictions: Path = typer.Option(None, help="Write one JSON line per sentence: id and predicted locations."),
    json_out: Path = typer.Option(None, "--json", help="Write the report as JSON here."),
) -> None:
    """Where each marked event happened: span precision/recall/F1 and sentences exactly right."""
    from .evaluate.event_location import evaluate_event_location, write_predictions

    ensure_models(lambda msg: err.print(f"[yellow]{msg}[/]"))
    report, lines = evaluate_event_location(gold)
    r = report
    console.print(f"{r.sentences} sentences, {r.gold_locations} gold locations, {r.predicted_locations} predicted")
    console.print(f"span (overlap): precision {r.precision:.3f}  recall {r.recall:.3f}  F1 {r.f1:.3f}; "
                  f"sentences with exactly the right set of locations: {r.exact_set_share:.3f}")
    console.print(f"speed: {r.sentences_per_second:.1f} sentences/s; "
                  f"{r.time_vs_spacy_parse:.2f}x the time of the spaCy parse alone")
    if json_out:
        json_out.write_text(json.dumps(report.to_json(), indent=2))
    if predictions:
        write_predictions(lines, predictions)


@evaluate_app.command("geo")
def evaluate_geo_cmd(
    gold: Path = typer.Option(..., help="Toponym gold in the TR-News/LGL XML format"),
    json_out: Path = typer.Option(None, "--json", help="Write the report as JSON here."),
    predictions: Path = typer.Option(None, help="Write one JSON line per recognised toponym here."),
) -> None:
    """Toponym recognition and resolution (accuracy within 161 km, median error, AUC) and speed."""
    from .evaluate.geo import evaluate_geo, write_predictions

    ensure_index(lambda msg: err.print(f"[yellow]{msg}[/]"))
    report, predicted = evaluate_geo(gold)
    rec, exact = report["recognition"], report["recognition_exact"]
    console.print(f"{report['documents']} documents, {report['gold_toponyms']} gold toponyms, "
                  f"{report['predicted_toponyms']} recognised")
    console.print(f"recognition (overlap): precision {rec['precision']:.3f}  recall {rec['recall']:.3f}  "
                  f"F1 {rec['f1']:.3f}   (exact spans: F1 {exact['f1']:.3f})")
    if report["resolved"]:
        console.print(f"resolution over {report['resolved']} matched toponyms: accuracy@161km "
                      f"{report['accuracy_161km']:.3f}  accuracy@25km {report['accuracy_25km']:.3f}  "
                      f"median {report['median_error_km']:.1f} km  mean {report['mean_error_km']:.1f} km  "
                      f"AUC {report['auc']:.3f}")
        console.print(f"accuracy within 161 km or on the gold's own GeoNames record: "
                      f"{report['accuracy_161km_or_same_record']:.3f}")
        console.print(f"misses (beyond 161 km, not the gold's record): {report['misses']}, of which "
                      f"{report['misses_on_areas']} chose a country, province or continent")
    console.print(f"speed: {report['documents_per_second']:.1f} documents/s; "
                  f"{report['time_vs_spacy_parse']:.2f}x the time of the spaCy parse alone")
    if json_out:
        json_out.write_text(json.dumps(report, indent=2))
    if predictions:
        write_predictions(predicted, predictions)


classifier_app = typer.Typer(help="The trained event classifier.", no_args_is_help=True)
app.add_typer(classifier_app, name="classifier")


@classifier_app.command("train")
def classifier_train() -> None:
    """Fine-tune and fit the event classifier on data/coder_examples (cached; retrains only when they change)."""
    import time

    from .extract.classifier import read_examples

    start = time.perf_counter()
    folder = ensure_classifier(lambda msg: err.print(f"[yellow]{msg}[/]"))
    console.print(f"Classifier at {folder}: {len(read_examples())} examples, {time.perf_counter() - start:.1f} s")


@classifier_app.command("cache-embeddings")
def classifier_cache_embeddings() -> None:
    """Rewrite the examples' shipped embeddings (data/coder_examples/embeddings.npz) after editing examples."""
    from .extract.classifier import EMBEDDINGS, read_examples, write_example_embeddings

    rows, fresh = write_example_embeddings(read_examples())
    console.print(f"{EMBEDDINGS}: {rows} examples, {fresh} newly encoded")


@classifier_app.command("code")
def classifier_code(text: str) -> None:
    """Code one snippet: the verdict, and each event with its evidence."""
    from .pipeline import code_snippets

    ensure_models(lambda msg: err.print(f"[yellow]{msg}[/]"))
    coding = code_snippets([text])[0]
    v = coding.verdict
    console.print(f"verdict: {v.kind} ({v.probability:.2f}); event probability {v.event_probability:.2f}")
    for event in coding.events:
        m = event.best
        actors = " / ".join(a.name for a in (m.actor1, m.actor2) if a)
        console.print(f"- {m.sub_event_type} [{m.event_type}] confidence {m.confidence:.2f}"
                      + (f"; {actors}" if actors else "") + f"\n  evidence: {m.sentence.text!r}"
                      + "".join(f"\n  {r}" for r in m.reasons))


@gazetteer_app.command("build")
def gazetteer_build() -> None:
    """Compile the gazetteer index from the installed packages."""
    import time

    from .gazetteer import build_index

    start = time.perf_counter()
    path = build_index()
    console.print(f"Built {path} ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - start:.1f} s")


@gazetteer_app.command("lookup")
def gazetteer_lookup(name: str) -> None:
    """Show the candidates for a place name, most populous first."""
    from .gazetteer import Gazetteer

    ensure_index(lambda msg: err.print(f"[yellow]{msg}[/]"))
    table = Table(title=name)
    for col in ("id", "name", "kind", "country", "admin1", "lat", "lon", "population"):
        table.add_column(col)
    for c in sorted(Gazetteer().candidates(name), key=lambda c: -c.population)[:20]:
        table.add_row(str(c.id), c.name, c.kind, c.country_iso, c.admin1, f"{c.latitude:.3f}", f"{c.longitude:.3f}",
                      str(c.population))
    console.print(table)


if __name__ == "__main__":
    app()
