"""The CLI a user types: ingest with bad files among good ones, and the exports."""
from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from sitroom.cli import app
from sitroom.export import ACLED_COLUMNS
from sitroom.service import DEMO_DIR

runner = CliRunner()


def _said(result) -> str:
    """The CLI's messages with the terminal's line wrapping undone."""
    return " ".join(result.output.split())


def test_ingest_goes_on_past_bad_files_and_exports_acled_csv(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(
        "Troops clash with militants near Gao\n\nMalian troops clashed with JNIM militants near Gao on Monday, "
        "the army said, adding that four soldiers were killed.\n"
    )
    (folder / "empty.txt").write_text("")
    (folder / "binary.html").write_bytes(b"\x00\x01garbage" * 100)
    db = tmp_path / "s.db"
    result = runner.invoke(app, ["ingest", str(folder), "--published", "2024-05-07", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "empty" in result.output and "binary" in result.output
    assert "1 article(s) stored" in _said(result)

    out = runner.invoke(app, ["events", "--db", str(db), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert list(rows[0].keys()) == ACLED_COLUMNS
    assert rows[0]["sub_event_type"] == "Armed clash"
    assert rows[0]["country"] == "Mali" and rows[0]["iso"] == "466"
    assert rows[0]["interaction"] == "State forces-Rebel group"
    assert rows[0]["event_id_cnty"].startswith("MLI")

    geo = json.loads(runner.invoke(app, ["events", "--db", str(db), "--format", "geojson"]).stdout)
    assert geo["features"][0]["geometry"]["type"] == "Point"

    again = runner.invoke(app, ["ingest", str(folder), "--published", "2024-05-07", "--db", str(db)])
    assert "1 already stored" in _said(again)


def test_demo_runs_on_the_bundled_articles(tmp_path):
    db = tmp_path / "demo.db"
    result = runner.invoke(app, ["demo", "--db", str(db)])
    assert result.exit_code == 0, result.output
    out = json.loads(runner.invoke(app, ["events", "--db", str(db), "--format", "json"]).stdout)
    assert len(out) >= 5
    strike = next(e for e in out if e["sub_event_type"] == "Air/drone strike")
    assert len(strike["sources"]) == 2  # two demo articles report the same strike
    assert len(list(DEMO_DIR.iterdir())) >= 4


def test_unreadable_file_for_extract_is_a_clear_error(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = runner.invoke(app, ["extract", str(empty)])
    assert result.exit_code == 1
    assert "empty" in result.output


def test_an_article_the_pipeline_fails_on_is_reported_and_the_rest_are_stored(tmp_path, monkeypatch):
    import sitroom.pipeline as pipeline

    real = pipeline.mentions_from_doc

    def flaky(article, doc, published=None, review=True):
        if "poison" in article.text:
            raise ValueError("boom")
        return real(article, doc, published, review)

    monkeypatch.setattr(pipeline, "mentions_from_doc", flaky)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Police arrested five protesters in Kano on Monday, officials said in a statement.\n")
    (folder / "b.txt").write_text("This poison article makes the pipeline fail, as a test of what a user sees.\n")
    (folder / "c.txt").write_text("Gunmen killed three farmers near Maiduguri on Tuesday, police said in a statement.\n")
    db = tmp_path / "s.db"
    result = runner.invoke(app, ["ingest", str(folder), "--published", "2024-03-12", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "b.txt" in result.output and "processing failed" in _said(result)
    assert "2 article(s) stored" in _said(result)


def test_events_filters_and_exports_parquet_and_json_lines(tmp_path):
    import pyarrow.parquet as pq

    db = tmp_path / "s.db"
    assert runner.invoke(app, ["demo", "--db", str(db)]).exit_code == 0
    every = [json.loads(line) for line in runner.invoke(app, ["events", "--db", str(db), "-f", "jsonl"]).stdout.splitlines()]
    assert len({e["country"] for e in every}) >= 2
    mali = runner.invoke(app, ["events", "--db", str(db), "-f", "jsonl", "--country", "MLI"]).stdout.splitlines()
    assert mali and all(json.loads(line)["country"] == "Mali" for line in mali)
    assert len(mali) < len(every)
    battles = runner.invoke(app, ["events", "--db", str(db), "-f", "jsonl", "--type", "battles"]).stdout.splitlines()
    assert battles and all(json.loads(line)["event_type"] == "Battles" for line in battles)
    none = runner.invoke(app, ["events", "--db", str(db), "-f", "jsonl", "--until", "2000-01-01"]).stdout
    assert none == ""

    out = tmp_path / "events.parquet"
    result = runner.invoke(app, ["events", "--db", str(db), "-f", "parquet", "-o", str(out)])
    assert result.exit_code == 0, result.output
    table = pq.read_table(out)
    assert table.num_rows == len(every)
    assert table.column_names[:31] == ACLED_COLUMNS
    assert str(table.schema.field("fatalities").type) == "int64"
    assert runner.invoke(app, ["events", "--db", str(db), "-f", "parquet"]).exit_code != 0  # needs --output


def test_another_programs_database_is_refused_by_every_command_and_left_as_it_was(tmp_path):
    import sqlite3

    foreign = tmp_path / "photos.sqlite"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE photos (name TEXT)")
    con.commit()
    con.close()
    before = foreign.read_bytes()
    page = tmp_path / "page.txt"
    page.write_text("Malian troops clashed with JNIM militants near Gao on Monday, the army said.")
    for args in (["events"], ["ingest", str(page)], ["upgrade"]):
        result = runner.invoke(app, [*args, "--db", str(foreign)])
        assert result.exit_code == 1, result.output
        assert "another program" in _said(result) and "Traceback" not in result.output
    assert foreign.read_bytes() == before


def test_upgrade_brings_an_older_store_to_this_schema(tmp_path):
    import sqlite3

    from sitroom.store import MIGRATIONS, SCHEMA_VERSION

    old = tmp_path / "old.db"
    con = sqlite3.connect(old)
    con.executescript(MIGRATIONS[0] + "\nPRAGMA user_version = 1;")
    con.close()
    refused = runner.invoke(app, ["events", "--db", str(old)])
    assert refused.exit_code == 1 and "sitroom upgrade" in _said(refused)
    assert runner.invoke(app, ["upgrade", "--db", str(old)]).exit_code == 0
    assert sqlite3.connect(old).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert runner.invoke(app, ["events", "--db", str(old)]).exit_code == 0


def test_the_events_table_prints_names_from_articles_as_written(capsys, monkeypatch):
    """An actor named with brackets is text to the table, not rich markup: "[/b]" once crashed the listing."""
    from rich.console import Console

    from sitroom import cli

    monkeypatch.setattr(cli, "console", Console(width=250))
    record = {"event_date": "2024-05-06", "sub_event_type": "Armed clash", "actor1": "Brigade [/b] of [bold]Gao[/bold]",
              "actor2": "[red]JNIM", "location": "Gao", "country": "Mali", "geo_precision": 1, "time_precision": 1,
              "fatalities": 4, "source": "Example Wire"}
    cli._print_records([record], cli.Format.table)
    shown = capsys.readouterr().out
    assert "Brigade [/b] of [bold]Gao[/bold]" in shown and "[red]JNIM" in shown
