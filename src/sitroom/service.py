"""service: the library calls the CLI is a thin shell over.

It sits above the pipeline and the store and joins them: it builds what the
pipeline needs before it runs (the gazetteer index, the trained classifier)
and ingests files into the store, reporting what it did in an IngestReport.
"""
from __future__ import annotations

import fcntl
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .export.parts import PartWriter
from .extract.classifier import is_trained, model_dir, read_examples, screen_file, train, train_screen
from .gazetteer import ensure_index
from .ingest import Document, IngestError, iter_documents, iter_sources
from .nlp import parse_many
from .parallel import Coder, InProcess
from .pipeline import snippet_rule_labels
from .knowledge import data_dir
from .records import Article, Event
from .resolve import event_location
from .store import Store, StoreResult

DEMO_DIR = Path(__file__).parent / "data" / "demo"


@dataclass
class IngestReport:
    files: int = 0
    stored: int = 0
    updated: int = 0  # new text at a stored URL: its old version was replaced
    near_duplicates: int = 0  # syndicated copies, linked to their original's events
    duplicates: int = 0
    events_new: int = 0
    events_merged: int = 0
    errors: list[IngestError] = field(default_factory=list)
    tracebacks: dict[str, str] = field(default_factory=dict)  # source -> where the coder failed (for bug reports)


def ensure_classifier(announce: Callable[[str], None] = print) -> Path:
    """The trained classifier's folder, trained first (once) on data/coder_examples if missing."""
    examples = read_examples()
    folder = model_dir(examples)
    if not is_trained(folder):
        # The rule labels come from the full rule pipeline: the gazetteer must be built first.
        ensure_index(announce)
        announce(f"Training the event classifier (once) at {folder} ...")
        train(folder, examples, snippet_rule_labels([e.text for e in examples]), announce)
    if not screen_file(examples).exists():
        announce("Training the sentence screen (once) ...")
        train_screen(examples, announce)
    return folder


def ensure_locator(announce: Callable[[str], None] = print) -> Path:
    """The event-location model, trained first (once) on the shipped sentences if missing."""
    if not event_location.is_trained():
        ensure_index(announce)  # its features ask the gazetteer what kind of place a name is
        announce(f"Training the event-location model (once) at {event_location.model_path()} ...")
        event_location.train(parse_many, announce)
    return event_location.model_path()


@contextmanager
def _building_lock() -> Iterator[None]:
    """One builder per SITROOM_HOME at a time: two processes started together on a fresh home (two test workers,
    `sitroom ingest` beside `sitroom serve`) would otherwise both train, and the second would find the first's
    half-written folder. The one that waits then finds everything built and returns at once."""
    with open(data_dir() / ".build.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_models(announce: Callable[[str], None] = print) -> None:
    """What the pipeline needs built before it runs: the gazetteer index, the trained classifier and locator."""
    with _building_lock():
        ensure_index(announce)
        ensure_classifier(announce)
        ensure_locator(announce)


def ingest_paths(
    paths: list[Path], db: Path, published: date | None = None, progress: Callable[[], None] | None = None,
    coder: Coder | None = None, parquet_dir: Path | None = None,
) -> IngestReport:
    """Read, extract and store every article under `paths`; bad files are reported, not fatal.

    Files are read here, one document at a time; `coder` (this process by default, or worker processes,
    or a Dask cluster: parallel.py) turns each into an article and its events, and hands them back in
    input order; this process alone writes them, one transaction per article. With `parquet_dir`, whoever
    codes a batch also writes its events there as a Parquet part (export/parts.py).
    """
    report = IngestReport()
    parts = PartWriter.start(parquet_dir) if parquet_dir is not None else None
    sources = iter_sources(paths)
    report.files = len(sources)
    with Store(db) as store:

        def documents() -> Iterator[Document]:
            for path in sources:
                for item in iter_documents(path, published):
                    if isinstance(item, IngestError):
                        report.errors.append(item)
                    else:
                        yield item
                if progress:
                    progress()

        with coder or InProcess() as coding:
            for coded in coding.map(documents(), store, parts):
                if coded.error is not None:
                    report.errors.append(coded.error)
                elif coded.duplicate:
                    report.duplicates += 1
                elif coded.failure or coded.article is None or coded.events is None:
                    report.errors.append(IngestError(coded.source, f"processing failed, nothing stored: {coded.failure}"))
                    report.tracebacks[coded.source] = coded.traceback
                else:
                    _store_one(store, coded.source, coded.article, coded.events, report)
    return report


def _store_one(store: Store, name: str, article: Article, events: list[Event], report: IngestReport) -> None:
    try:
        result = store.add_article(article, events)
    except sqlite3.OperationalError:
        raise  # the store itself (locked, disk full, read-only): no later article would fare better
    except Exception as exc:  # this article's data: it is rolled back, reported, and the run goes on
        report.errors.append(IngestError(name, f"storing failed, nothing stored: {exc!r}"))
        return
    count_stored(report, result)


def count_stored(report, result: StoreResult) -> None:
    """What the store did with one article, counted into an ingest's report or a watch round's (`RoundReport`,
    which keeps the same counters)."""
    if result.status == "duplicate":
        report.duplicates += 1
        return
    report.stored += 1
    report.updated += result.status == "updated"
    report.near_duplicates += result.status == "near-duplicate"
    report.events_new += result.events_new
    report.events_merged += result.events_merged
