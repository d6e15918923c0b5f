"""service: the library calls the CLI is a thin shell over.

It sits above the pipeline and the store and joins them: it builds what the
pipeline needs before it runs (the gazetteer index, the trained classifier)
and ingests files into the store, reporting what it did in an IngestReport.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .extract.classifier import is_trained, model_dir, read_examples, train
from .gazetteer import ensure_index
from .ingest import IngestError, iter_sources, read_path
from .nlp import parse_many
from .pipeline import extract_many, snippet_rule_labels
from .records import Article
from .resolve import event_location
from .store import Store

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


def ensure_classifier(announce: Callable[[str], None] = print) -> Path:
    """The trained classifier's folder, trained first (once) on data/coder_examples if missing."""
    folder = model_dir()
    if not is_trained(folder):
        # The rule labels come from the full rule pipeline: the gazetteer must be built first.
        ensure_index(announce)
        announce(f"Training the event classifier (once) at {folder} ...")
        examples = read_examples()
        train(folder, examples, snippet_rule_labels([e.text for e in examples]), announce)
    return folder


def ensure_locator(announce: Callable[[str], None] = print) -> Path:
    """The event-location model, trained first (once) on the shipped sentences if missing."""
    if not event_location.is_trained():
        ensure_index(announce)  # its features ask the gazetteer what kind of place a name is
        announce(f"Training the event-location model (once) at {event_location.model_path()} ...")
        event_location.train(parse_many, announce)
    return event_location.model_path()


def ensure_models(announce: Callable[[str], None] = print) -> None:
    """What the pipeline needs built before it runs: the gazetteer index, the trained classifier and locator."""
    ensure_index(announce)
    ensure_classifier(announce)
    ensure_locator(announce)


def ingest_paths(
    paths: list[Path], db: Path, published: date | None = None, progress: Callable[[], None] | None = None
) -> IngestReport:
    """Read, extract and store every article under `paths`; bad files are reported, not fatal."""
    report = IngestReport()
    sources = iter_sources(paths)
    report.files = len(sources)
    with Store(db) as store:

        def articles() -> Iterator[Article]:
            for path in sources:
                for item in read_path(path, published):
                    if item.error is not None:
                        report.errors.append(item.error)
                    elif store.has_article(item.article):
                        report.duplicates += 1
                    else:
                        yield item.article
                if progress:
                    progress()

        for article, events in extract_many(articles()):
            name = article.source_path or article.url
            if isinstance(events, Exception):
                report.errors.append(IngestError(name, f"processing failed, nothing stored: {events!r}"))
                continue
            try:
                result = store.add_article(article, events)
            except sqlite3.OperationalError:
                raise  # the store itself (locked, disk full, read-only): no later article would fare better
            except Exception as exc:  # this article's data: it is rolled back, reported, and the run goes on
                report.errors.append(IngestError(name, f"storing failed, nothing stored: {exc!r}"))
                continue
            if result.status == "duplicate":
                report.duplicates += 1
            else:
                report.stored += 1
                report.updated += result.status == "updated"
                report.near_duplicates += result.status == "near-duplicate"
                report.events_new += result.events_new
                report.events_merged += result.events_merged
    return report
