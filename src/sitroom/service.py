"""The library calls the CLI (and later the web app) are thin shells over."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .gazetteer import build_index, index_path
from .ingest import IngestError, iter_sources, read_path
from .pipeline import extract_many
from .records import Article
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


def ensure_gazetteer(announce: Callable[[str], None] = print) -> Path:
    path = index_path()
    if not path.exists():
        announce(f"Building the gazetteer index (once) at {path} ...")
        build_index(path)
    return path


def ensure_models(announce: Callable[[str], None] = print) -> None:
    """What the pipeline needs built before it runs: the gazetteer index and the trained classifier."""
    from .classifier import ensure_classifier

    ensure_gazetteer(announce)
    ensure_classifier(announce)


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
            if isinstance(events, Exception):
                name = article.source_path or article.url
                report.errors.append(IngestError(name, f"processing failed, nothing stored: {events!r}"))
                continue
            result = store.add_article(article, events)
            if result.status == "duplicate":
                report.duplicates += 1
            else:
                report.stored += 1
                report.updated += result.status == "updated"
                report.near_duplicates += result.status == "near-duplicate"
                report.events_new += result.events_new
                report.events_merged += result.events_merged
    return report
