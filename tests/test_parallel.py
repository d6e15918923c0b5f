"""parallel: N processes or a Dask cluster code the articles, one process writes, and the store is the same."""
from __future__ import annotations

import gzip
import json
import os
import shutil
import tracemalloc
from pathlib import Path

import pytest
import torch
from threadpoolctl import threadpool_info

from sitroom.export.parts import PART_COLUMNS
from sitroom.ingest import iter_documents, read_path
from sitroom.parallel import DaskCluster, ProcessPool, make_coder
from sitroom.service import ingest_paths
from sitroom.store import EventFilter, Store

FEED = Path(__file__).parent / "fixtures" / "parallel_feed.jsonl"  # six news articles, one broken line


def stored_events(db: Path) -> list[tuple]:
    """The store's events as comparable tuples, in no particular order (event ids depend on write order)."""
    with Store(db, readonly=True) as store:
        rows = store.events(limit=None)
        rows = [r for r in rows]
        counts = store.counts()
    events = sorted(
        (r["event_type"], r["sub_event_type"], r["event_date"], r["country"], r["admin1"], r["location"],
         r["actor1"], r["actor2"], r["fatalities"], r["confidence"], r["notes"], tuple(sorted(r["sources"])),
         tuple(sorted((e["field"], e["start"], e["end"]) for e in r["evidence"])))
        for r in rows)
    return [counts, *events]


@pytest.fixture(scope="module")
def one_process(tmp_path_factory):
    """The feed ingested in this process: what every other way of running must reproduce."""
    db = tmp_path_factory.mktemp("one") / "one.db"
    report = ingest_paths([FEED], db)
    assert report.stored == 6 and len(report.errors) == 1
    assert torch.get_num_threads() == 1  # one process codes on one thread, as each worker does
    return report, stored_events(db)


def _same_run(report, events, db: Path, one_process) -> None:
    ref_report, ref_events = one_process
    assert events == ref_events
    # the feed does code events (an empty store would compare equal too): the Kidal fight its two reports tell,
    # the Maiduguri bomb, the Khartoum strike and the Lahore march; ref_events[0] is the store's counts
    assert len(ref_events) - 1 >= 4
    assert (report.stored, report.duplicates, report.events_new, report.events_merged) == (
        ref_report.stored, ref_report.duplicates, ref_report.events_new, ref_report.events_merged)
    assert [str(e) for e in report.errors] == [str(e) for e in ref_report.errors]


def test_two_worker_processes_store_the_same_events_as_one(tmp_path, one_process):
    from news_site import WEB, page
    from test_warc import SLUGS, write_warc

    db = tmp_path / "two.db"
    warc = tmp_path / "news.warc.gz"
    write_warc(warc, [("response", f"{WEB}/news/{slug}", "200 OK", "text/html", page(slug).encode())
                      for slug in SLUGS])
    with ProcessPool(2) as pool:  # started once: the models load once per worker for all three runs
        # Two workers share the cores: each computes on its share, torch, OpenMP and BLAS alike, and its
        # environment said so before it imported them.
        share = max(1, (os.cpu_count() or 1) // 2)
        assert pool.executor.submit(torch.get_num_threads).result() == share
        assert max(lib["num_threads"] for lib in pool.executor.submit(threadpool_info).result()) == share
        assert pool.executor.submit(os.getenv, "OMP_NUM_THREADS").result() == str(share)
        report = ingest_paths([FEED], db, coder=pool)
        again = ingest_paths([FEED], db, coder=pool)  # the workers see the store: nothing is coded twice
        archived = ingest_paths([warc], tmp_path / "warc.db", coder=pool)  # an archive's pages go to the workers too
    _same_run(report, stored_events(db), db, one_process)
    assert (again.stored, again.duplicates) == (0, 6)
    assert (archived.stored, archived.errors) == (2, [])
    assert [(e[1], e[5], e[8]) for e in stored_events(tmp_path / "warc.db")[1:]] == [
        ("Armed clash", "Gao", 4), ("Air/drone strike", "Mosul", 3)]


def parts_match_the_store(parts: Path, db: Path) -> int:
    """Every event of the Parquet parts is one article's report of a stored event: an event only one article
    reports is the same row in both; the parts of a merged event's articles hold its evidence between them.
    Returns how many stored events were compared row for row."""
    import pyarrow.parquet as pq

    assert not [p.name for p in parts.iterdir() if p.name.startswith(".")]  # no half-written part is left
    rows = pq.read_table(parts).to_pylist()
    with Store(db, readonly=True) as store:
        # The parts hold every event, those flagged low_confidence too; so does the store, under its default view.
        stored = store.events(EventFilter(limit=None, min_confidence=0))

    def spans(evidence) -> frozenset:
        return frozenset((e["field"], e["article_id"], e["start"], e["end"]) for e in evidence)

    owner = {}  # part row -> the stored event whose evidence holds its evidence
    for i, row in enumerate(rows):
        row_spans = spans(json.loads(row["evidence"]))
        owners = [j for j, event in enumerate(stored) if row_spans <= spans(event["evidence"])]
        assert len(owners) == 1, row["notes"]
        owner[i] = owners[0]
    same = 0
    for j, event in enumerate(stored):
        mine = [rows[i] for i in owner if owner[i] == j]
        assert set().union(*(spans(json.loads(r["evidence"])) for r in mine)) == spans(event["evidence"])
        assert sorted(json.loads(r["sources"])[0] for r in mine) == sorted(event["sources"])
        if len(event["sources"]) == 1:
            (row,) = mine
            for column in PART_COLUMNS:
                if column in ("event_id_cnty", "timestamp", "sources", "evidence"):
                    continue
                value = event.get(column)
                assert row[column] == value, (column, row[column], value)
            same += 1
    return same


def test_a_dask_cluster_codes_the_articles_the_writer_stores_the_same_events_and_parts_hold_them(tmp_path,
                                                                                                 one_process):
    import logging

    # Two workers on 127.0.0.1, as issue #20 asks: results come back out of order and the writer must still
    # store them in the input's order. Each worker loads every model, which is most of this test's time.
    # Batches of two articles make four partitions, so both workers write parts. The same cluster then serves
    # as a remote one, reached by its address, as `--dask-scheduler` reaches a cluster.
    db, parts, remote_db = tmp_path / "dask.db", tmp_path / "parts", tmp_path / "remote.db"
    warnings = []
    noise = logging.Handler(logging.WARNING)
    noise.emit = warnings.append
    logging.getLogger("distributed").addHandler(noise)
    try:
        with DaskCluster(local=2, batch_size=2) as local:
            assert local.cluster.scheduler_address.startswith("tcp://127.0.0.1:")
            report = ingest_paths([FEED], db, coder=local, parquet_dir=parts)
            remote = ingest_paths([FEED], remote_db, coder=DaskCluster(scheduler=local.cluster.scheduler_address))
    finally:
        logging.getLogger("distributed").removeHandler(noise)
    _same_run(report, stored_events(db), db, one_process)
    _same_run(remote, stored_events(remote_db), remote_db, one_process)
    assert len(list(parts.glob("part-*.parquet"))) == 4
    assert parts_match_the_store(parts, db) >= 3  # the three events one article reports (Kidal's two reports merge)
    # The cluster closed cleanly: no worker was killed for outliving its nanny's patience, nothing else warned.
    assert [w.getMessage() for w in warnings] == []


def test_a_gzipped_feed_reads_as_the_plain_one_and_a_cut_one_keeps_its_whole_lines(tmp_path):
    packed = tmp_path / "feed.jsonl.gz"
    with FEED.open("rb") as src, gzip.open(packed, "wb") as dst:
        shutil.copyfileobj(src, dst)
    plain = [(i.article.id, i.article.title) if i.article else i.error.reason for i in read_path(FEED)]
    assert [(i.article.id, i.article.title) if i.article else i.error.reason for i in read_path(packed)] == plain
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(packed.read_bytes()[: packed.stat().st_size * 2 // 3])
    items = list(read_path(cut))
    assert items[-1].error is not None and "cut short" in items[-1].error.reason
    assert 0 < sum(i.article is not None for i in items) < 6


def test_a_feed_is_read_one_line_at_a_time(tmp_path):
    line = FEED.read_text().splitlines()[0] + "\n"
    big = tmp_path / "big.jsonl"
    with big.open("w") as out:
        for _ in range(20_000):  # about 8 MB
            out.write(line)
    tracemalloc.start()
    count = sum(1 for _ in iter_documents(big))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 20_000
    assert peak < 200_000  # bytes: a few lines, never the feed


@pytest.mark.parametrize("args, says", [
    ({"dask": "remote:2"}, "local:N"),
    ({"dask": "local:0"}, "local:N"),
    ({"scheduler": "127.0.0.1:8786"}, "tcp://HOST:PORT"),
    ({"dask": "local:2", "scheduler": "tcp://127.0.0.1:8786"}, "give one"),
])
def test_a_cluster_named_wrongly_is_refused_with_the_form_expected(args, says):
    with pytest.raises(ValueError, match=says):
        make_coder(**args)


def test_the_command_line_refuses_a_wrong_cluster_before_touching_the_store(tmp_path):
    from typer.testing import CliRunner

    from sitroom.cli import app

    db = tmp_path / "s.db"
    result = CliRunner().invoke(app, ["ingest", str(FEED), "--db", str(db), "--dask", "remote:2"])
    assert result.exit_code == 2
    assert "local:N" in result.output
    assert not db.exists()


def test_the_command_line_refuses_a_parquet_dir_that_is_a_file_before_touching_the_store(tmp_path):
    from typer.testing import CliRunner

    from sitroom.cli import app

    db, taken = tmp_path / "s.db", tmp_path / "parts"
    taken.write_text("not a folder")
    result = CliRunner().invoke(app, ["ingest", str(FEED), "--db", str(db), "--parquet-dir", str(taken)])
    assert result.exit_code == 2
    assert "not a folder" in result.output
    assert not db.exists() and taken.read_text() == "not a folder"
