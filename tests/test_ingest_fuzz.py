"""Fuzzing the ingest readers (issue #16): random JSON lines, HTML and text, with invalid Unicode and deep nesting.

Whatever the bytes, a reader yields, for each document, either a whole Article (text the parser can take,
every field storable as UTF-8) or an IngestError with a reason, and never raises. The full ingest, on a few
feeds mixing good records with fuzzed ones, stores every good record and no partial article.

Bounded for CI: SITROOM_FUZZ_EXAMPLES (default 150) examples for the readers, a tenth of that (at least 5)
for the full ingest, which runs the whole pipeline.
"""
from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitroom.ingest import read_path
from sitroom.ingest.readers import EARLIEST_DATE, LATEST_DATE, MAX_TEXT_CHARS

EXAMPLES = int(os.environ.get("SITROOM_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))

ENGLISH = [
    "Gunmen attacked a police station in the northern town on Monday, killing two officers, the governor said.",
    "Troops clashed with militants near the border on Tuesday and four soldiers were wounded, the army said.",
    "Hundreds of people marched through the capital on Friday to protest against rising food prices.",
]

# Any code point, lone surrogates included (json.dumps writes them as \ud800 escapes, as a hostile feed would).
any_text = st.text(st.characters(exclude_categories=()), max_size=300)
english = st.lists(st.sampled_from(ENGLISH), min_size=1, max_size=3).map(" ".join)
prose = st.one_of(english, any_text, st.builds(lambda a, b: a + b, english, any_text))
json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | any_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(any_text, inner, max_size=3), max_leaves=8)
field_value = st.one_of(prose, json_value)
record = st.fixed_dictionaries({}, optional={
    "url": st.one_of(st.sampled_from(["https://news.example/a", "javascript:alert(1)", " data:,x", ""]), field_value),
    "title": st.one_of(any_text, field_value),
    "published": st.one_of(st.sampled_from(["2024-01-02", "9999-12-31", "0001-01-01", "yesterday", ""]),
                           st.dates().map(date.isoformat), field_value),
    "text": st.one_of(prose, field_value),
    "html": st.one_of(st.builds(lambda t: f"<html><body><p>{t}</p></body></html>", prose), field_value),
})


def nested(depth: int, opener: str) -> str:
    return opener * depth + ("]" if opener == "[" else "}") * (depth // 2)


jsonl_line = st.one_of(
    record.map(lambda r: json.dumps(r).encode()),
    record.map(lambda r: json.dumps(r, ensure_ascii=False).encode("utf-8", "surrogatepass")),  # raw surrogates
    st.binary(max_size=200),  # invalid UTF-8, NUL bytes, magic numbers
    st.builds(nested, st.integers(1, 200_000), st.sampled_from(["[", '{"a":'])).map(str.encode),
    json_value.map(lambda v: json.dumps(v).encode()),
)
jsonl_file = st.lists(jsonl_line, max_size=6).map(lambda lines: b"\n".join(line.replace(b"\n", b" ")
                                                                           for line in lines))
tag = st.sampled_from(["div", "p", "span", "article", "table", "td", "script", "style", "b", "nav", "!--"])
html_file = st.one_of(
    st.builds(lambda tags, depth, body: ("<html><body>" + "".join(f"<{t}>" for t in tags) * depth + body).encode(
        "utf-8", "surrogatepass"), st.lists(tag, min_size=1, max_size=3), st.integers(0, 3000), prose),
    st.binary(max_size=400),
    any_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
)
text_file = st.one_of(prose.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=400),
                      prose.map(lambda t: t.encode("utf-16", "surrogatepass")))  # lone surrogates too


def assert_whole(items: list) -> None:
    """Every item is an error with a reason or a whole Article that can be stored."""
    for item in items:
        assert (item.article is None) != (item.error is None)
        if item.error is not None:
            assert item.error.reason and isinstance(item.error.source, str)
            continue
        a = item.article
        assert 40 <= len(a.text.strip()) and len(a.text) <= MAX_TEXT_CHARS
        for value in (a.url, a.title, a.text, a.site, a.canonical_url, a.source_path):
            assert isinstance(value, str)
            value.encode("utf-8")  # storable and hashable: no lone surrogate
        assert len(a.id) == 32
        assert a.published is None or EARLIEST_DATE <= a.published <= LATEST_DATE


def read_bytes_as(suffix: str, data: bytes) -> list:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"doc{suffix}"
        path.write_bytes(data)
        return list(read_path(path))


@FUZZ
@given(jsonl_file)
def test_a_fuzzed_json_lines_feed_yields_whole_articles_or_reasons(data):
    items = read_bytes_as(".jsonl", data)
    assert len(items) <= max(1, data.count(b"\n") + 1)
    assert_whole(items)


@FUZZ
@given(html_file)
def test_a_fuzzed_html_page_yields_a_whole_article_or_a_reason(data):
    items = read_bytes_as(".html", data)
    assert len(items) == 1
    assert_whole(items)


@FUZZ
@given(text_file)
def test_a_fuzzed_text_file_yields_a_whole_article_or_a_reason(data):
    items = read_bytes_as(".txt", data)
    assert len(items) == 1
    assert_whole(items)


GOOD = [
    {"url": "https://news.example/gao", "published": "2024-05-06",
     "text": "Suspected jihadists attacked an army post near Gao on Monday, killing four soldiers, officials said."},
    {"url": "https://news.example/idlib", "published": "2024-05-07",
     "text": "Russian warplanes struck a market in Maarat Misrin on Tuesday, killing nine civilians, rescuers said."},
]


@settings(max_examples=max(5, EXAMPLES // 10), deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
@given(st.lists(jsonl_line, max_size=4), st.randoms(use_true_random=False))
def test_the_full_ingest_of_a_fuzzed_feed_stores_every_good_record_and_no_partial_article(bad, random):
    from sitroom.service import ingest_paths

    lines = [json.dumps(r).encode() for r in GOOD] + [line.replace(b"\n", b" ") for line in bad]
    random.shuffle(lines)
    with tempfile.TemporaryDirectory() as folder:
        feed, db = Path(folder) / "feed.jsonl", Path(folder) / "s.db"
        feed.write_bytes(b"\n".join(lines) + b"\n")
        report = ingest_paths([feed], db)
        con = sqlite3.connect(db)
        try:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            urls = {r[0] for r in con.execute("SELECT url FROM articles")}
            assert {g["url"] for g in GOOD} <= urls, report.errors
            # (a fuzzed line may reuse a good record's URL with other text: a new version that replaces the
            # first in the same run, counted as stored and as updated, one row in the store)
            assert report.stored - report.updated == con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            # Whole articles only: each has its signature, each mention its evidence and event, no dangling link.
            assert con.execute("SELECT COUNT(*) FROM articles a WHERE NOT EXISTS "
                               "(SELECT 1 FROM article_signatures s WHERE s.article_id = a.id)").fetchone()[0] == 0
            assert con.execute("SELECT COUNT(*) FROM mentions m WHERE NOT EXISTS (SELECT 1 FROM evidence e "
                               "WHERE e.mention_id = m.id) OR NOT EXISTS (SELECT 1 FROM events v WHERE v.id = "
                               "m.event_id) OR NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = m.article_id)"
                               ).fetchone()[0] == 0
            assert con.execute("SELECT COUNT(*) FROM event_sources s WHERE NOT EXISTS (SELECT 1 FROM articles a "
                               "WHERE a.id = s.article_id) OR NOT EXISTS (SELECT 1 FROM events v WHERE v.id = "
                               "s.event_id)").fetchone()[0] == 0
            for gao in con.execute("SELECT id FROM articles WHERE url = ?", (GOOD[0]["url"],)):
                assert con.execute("SELECT COUNT(*) FROM mentions WHERE article_id = ?", gao).fetchone()[0] >= 1
        finally:
            con.close()
