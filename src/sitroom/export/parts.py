"""export.parts: each partition of an ingest writes the events its articles report as one Parquet file.

`sitroom ingest --parquet-dir DIR` (with `--workers N` or `--dask`, or in one process): whoever codes a batch
of articles (a worker process, a Dask worker) writes that batch's events to `DIR/part-<run>-<batch>.parquet`,
with the columns of `sitroom events --format parquet`, while the one writer still merges them into the store.
A part holds each article's own reports, before the store merges reports of the same event across articles:
an event only one article reports is the same row in its part and in the store (`source`, `sources` and the
`evidence` are that article's). A part is written under a hidden name and renamed when complete, so a reader
of the folder (`pyarrow.parquet.read_table(DIR)`, DuckDB, Spark: they skip names starting with ".") never sees
half a file, and a run that stops keeps every part it finished.
"""
from __future__ import annotations

import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..records import Article, Event
from ..store.rows import ACLED_COLUMNS, settled_record
from .formats import EXTRA_COLUMNS, parquet_table

PART_COLUMNS = ACLED_COLUMNS + EXTRA_COLUMNS  # every part has all of them, so the folder reads as one table


def reported_events(article: Article, events: list[Event]) -> list[dict[str, Any]]:
    """One article's events as export records, as the store would keep them if no other article reported them."""
    records = []
    for number, event in enumerate(events, 1):
        rec = settled_record(event.mentions, {article.id: article.site or article.url})
        # The store numbers events as it stores them; a part names an event by its article instead.
        rec["event_id_cnty"] = f"{rec['iso3'] or 'XXX'}-{article.id[:12]}-{number}"
        rec["sources"] = [article.url]
        rec["evidence"] = sorted(
            ({"field": field, "article_id": span.article_id, "start": span.start, "end": span.end, "text": span.text}
             for mention in event.mentions for field, span in mention.evidence().items()),
            key=lambda e: (e["article_id"], e["start"]))
        records.append(rec)
    return records


@dataclass(frozen=True)
class PartWriter:
    """Where one ingest run's parts go; sent to every worker with its batches (it pickles as two strings)."""

    directory: str
    run: str

    @classmethod
    def start(cls, directory: Path) -> "PartWriter":
        """A new run into `directory` (made if missing): its parts are named apart from earlier runs' parts."""
        directory = Path(directory)
        if directory.exists() and not directory.is_dir():
            raise NotADirectoryError(f"--parquet-dir {directory} is a file, not a folder")
        directory.mkdir(parents=True, exist_ok=True)
        return cls(str(directory), f"{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{secrets.token_hex(3)}")

    def path(self, batch: int) -> Path:
        return Path(self.directory) / f"part-{self.run}-{batch:06d}.parquet"

    def write(self, batch: int, articles: list[tuple[Article, list[Event]]]) -> Path:
        """Write batch number `batch` (its articles and their events; an empty batch writes an empty part)."""
        import pyarrow.parquet as pq

        records = [rec for article, events in articles for rec in reported_events(article, events)]
        final = self.path(batch)
        hidden = final.with_name(f".{final.name}.{os.getpid()}.tmp")
        try:
            with hidden.open("wb") as out:
                pq.write_table(parquet_table(records, PART_COLUMNS), out)
                out.flush()
                os.fsync(out.fileno())
            os.replace(hidden, final)
        except BaseException:
            hidden.unlink(missing_ok=True)
            raise
        return final
