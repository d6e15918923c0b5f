"""Killing the ingest process mid-run loses nothing committed and leaves no half article."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta

TOWNS = ["Gao", "Mopti", "Timbuktu", "Kidal", "Menaka", "Segou", "Sikasso", "Kayes", "Djenne", "Douentza"]
COUNT_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]


# Enough to be killed after ten are stored (ingest codes articles in batches of 16: 24 are still to come), small
# enough that three ingests of it stay quick.
CORPUS_SIZE = 40


def write_corpus(folder, n: int = CORPUS_SIZE) -> None:
    folder.mkdir()
    start = date(2024, 1, 1)
    for i in range(n):
        day = start + timedelta(days=i)
        town, dead = TOWNS[i % len(TOWNS)], COUNT_WORDS[i % len(COUNT_WORDS)]
        (folder / f"report-{i:03d}.txt").write_text(
            f"Militants attack army post near {town}\n"
            f"Published: {day:%d %B %Y}\n"
            f"Suspected jihadists attacked a Malian army post near {town} on {day:%A}, killing {dead} soldiers, "
            f"officials said. Report number {i} of the series.\n"
        )


def counts(db) -> dict[str, int]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("articles", "mentions", "events", "evidence", "event_sources")}
    finally:
        con.close()


def ingest_cmd(folder, db) -> list[str]:
    return [sys.executable, "-m", "sitroom.cli", "ingest", str(folder), "--db", str(db)]


def test_sigkill_mid_ingest_keeps_every_committed_article_whole(tmp_path):
    folder = tmp_path / "corpus"
    write_corpus(folder)
    db = tmp_path / "killed.db"
    proc = subprocess.Popen(ingest_cmd(folder, db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=os.environ.copy())
    seen = 0
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if db.exists():
                try:
                    seen = counts(db)["articles"]
                except sqlite3.OperationalError:
                    seen = 0  # schema not created yet
                if seen >= 10:
                    break
            time.sleep(0.05)
        assert proc.poll() is None, "ingest finished before it could be killed; make the corpus larger"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    after = counts(db)
    assert seen <= after["articles"] < CORPUS_SIZE  # nothing committed was lost, and it really was cut short
    # Every stored article is whole: its event, its mention and that mention's evidence.
    half = con.execute(
        "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = a.id) "
        "OR NOT EXISTS (SELECT 1 FROM event_sources s WHERE s.article_id = a.id)").fetchone()[0]
    assert half == 0
    orphans = con.execute(
        "SELECT COUNT(*) FROM mentions m WHERE NOT EXISTS (SELECT 1 FROM evidence e WHERE e.mention_id = m.id) "
        "OR NOT EXISTS (SELECT 1 FROM events v WHERE v.id = m.event_id)").fetchone()[0]
    assert orphans == 0
    con.close()

    # Running again finishes the job, and the store is the same as one never interrupted.
    subprocess.run(ingest_cmd(folder, db), check=True, capture_output=True)
    clean = tmp_path / "clean.db"
    subprocess.run(ingest_cmd(folder, clean), check=True, capture_output=True)
    assert counts(db) == counts(clean)
    assert counts(clean)["articles"] == CORPUS_SIZE and counts(clean)["events"] == CORPUS_SIZE
