"""The web app under hostile input and hostile requests (issue #16): what is escaped, the headers, the Host check,
the read-only opening of the store, and that nothing is loaded from the internet."""
from __future__ import annotations

import csv
import io
import sqlite3
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from hostile_input import FORMULA_SITE, HOSTILE_URLS
from sitroom.store import NotAStore, SCHEMA_VERSION, Store
from sitroom.web.app import create_app


@pytest.fixture(scope="module")
def hostile(hostile_db):
    return TestClient(create_app(hostile_db), base_url="http://127.0.0.1:8000")


@pytest.fixture(scope="module")
def demo(web_app):
    return TestClient(web_app, base_url="http://127.0.0.1:8000")


class Tags(HTMLParser):
    """Every start tag of a page with its attributes, as a browser's parser sees them."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def event_ids(client) -> list[int]:
    return [e["id"] for e in client.get("/api/events?limit=1000&min_confidence=0").json()["events"]]


def test_an_article_address_is_a_link_only_when_it_is_http(hostile):
    """Issue #16, finding 1: a `javascript:` (any case, leading space) or `data:` URL was rendered as a link."""
    pages = [hostile.get(f"/events/{i}").text for i in event_ids(hostile)]
    assert len(pages) >= 5
    hrefs, scripts, handlers = [], [], []
    for html in pages:
        for tag, attrs in Tags(html).tags:
            if "href" in attrs and tag == "a":
                hrefs.append(attrs["href"])
            if tag == "script":
                scripts.append(attrs.get("src", "inline"))
            handlers += [name for name in attrs if name.startswith("on")]
    shown = "".join(pages)
    assert all(h.startswith(("https://", "http://", "/")) for h in hrefs), hrefs
    assert "https://news.example/fine-report" in hrefs  # a plain web address is still a link
    assert not any("onmouseover" in h or " " in h for h in hrefs)
    assert set(scripts) == {"/static/event.js", "/static/theme.js"} and not handlers  # files of ours, none inline
    # The hostile addresses, titles and texts are all there, as text.
    assert "javascript:alert(document.domain)//" in shown and "data:text/html;base64" in shown
    assert "&lt;img src=x onerror=" in shown and "&lt;script&gt;alert(document.domain)&lt;/script&gt;" in shown
    for url in HOSTILE_URLS[:4]:
        assert f'href="{url.strip()}' not in shown


def test_every_answer_carries_a_strict_content_security_policy_and_the_usual_headers(hostile):
    for path in ("/", "/events/1", "/api/events", "/api/stats", "/static/app.js", "/openapi.json", "/no/such/page"):
        headers = hostile.get(path).headers
        csp = headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "*" not in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"


def test_a_request_for_another_host_name_is_refused(hostile_db):
    """DNS rebinding: a page on evil.example whose name now points at 127.0.0.1 sends Host: evil.example."""
    local = TestClient(create_app(hostile_db, host="127.0.0.1"), base_url="http://127.0.0.1:8000")
    for host in ("evil.example", "evil.example:8000", "127.0.0.1.evil.example", "localhost.evil.example", ""):
        answer = local.get("/api/events", headers={"host": host})
        assert answer.status_code == 400 and "events" not in answer.text, host
        assert "content-security-policy" in answer.headers
    for host in ("127.0.0.1:8000", "localhost:8000", "LOCALHOST", "[::1]:8000"):
        assert local.get("/api/events", headers={"host": host}).status_code == 200, host
    lan = TestClient(create_app(hostile_db, host="127.0.0.1", allow_hosts=["sitroom.lan"]))
    assert lan.get("/api/stats", headers={"host": "sitroom.lan:8000"}).status_code == 200
    assert lan.get("/api/stats", headers={"host": "evil.example"}).status_code == 400


def test_nothing_is_loaded_from_the_internet_and_there_is_no_cdn_docs_page(demo):
    """/docs loaded Swagger UI from a CDN; it is off, and the schema stays at /openapi.json."""
    assert demo.get("/docs").status_code == 404 and demo.get("/redoc").status_code == 404
    assert demo.get("/openapi.json").json()["paths"]["/api/events"]
    for path in ("/", "/events/1"):
        for tag, attrs in Tags(demo.get(path).text).tags:
            for name in ("src", "href"):
                if name in attrs and tag != "a":
                    assert attrs[name].startswith("/static/"), (tag, attrs)


def test_a_search_of_punctuation_alone_finds_nothing_instead_of_everything(demo):
    everything = demo.get("/api/stats").json()["events"]
    assert everything >= 5
    for q in ("!!!", "*", '"', "-", "()"):
        assert demo.get("/api/events", params={"q": q}).json()["events"] == [], q
        assert demo.get("/api/stats", params={"q": q}).json()["events"] == 0, q
    assert demo.get("/api/stats", params={"q": "  "}).json()["events"] == everything  # a blank box is no search


def test_far_dates_are_answered_not_overflowed(demo):
    for query in ("since=9999-12-31", "until=0001-01-01", "since=0001-01-01&until=9999-12-31"):
        for path in ("/api/events", "/api/stats", "/api/clusters"):
            assert demo.get(f"{path}?{query}").status_code == 200, (path, query)


def test_the_csv_source_column_cannot_hold_a_spreadsheet_formula(hostile):
    rows = list(csv.DictReader(io.StringIO(hostile.get("/api/events?format=csv&min_confidence=0").text)))
    sources = [r["source"] for r in rows if "HYPERLINK" in r["source"]]
    assert "'" + FORMULA_SITE in sources  # the site alone: neutralised, not lost
    assert not any(s.startswith("=") for s in sources)
    assert all(not r[c].startswith(("=", "+", "@")) for r in rows for c in r)


# ---------------------------------------------------------------- serve never writes (issue #16, finding 4)

def foreign_files(tmp_path):
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    other = tmp_path / "other.sqlite"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE bookmarks (url TEXT)")
    con.execute("INSERT INTO bookmarks VALUES ('https://example.org/')")
    con.commit()
    con.close()
    text = tmp_path / "notes.db"
    text.write_text("These are notes, not a database.\n" * 20)
    blank = tmp_path / "blank.db"
    sqlite3.connect(blank).execute("PRAGMA page_size = 4096").connection.execute("VACUUM")
    newer = tmp_path / "newer.db"
    with Store(newer):
        pass
    con = sqlite3.connect(newer)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.execute("PRAGMA journal_mode = DELETE")
    con.close()
    return {empty: "is empty", other: "another program", text: "not an SQLite database",
            blank: "empty SQLite database", newer: "newer than this sitroom"}


def test_serve_refuses_a_file_that_is_not_a_sitroom_store_and_leaves_it_byte_identical(tmp_path):
    for path, reason in foreign_files(tmp_path).items():
        before = path.read_bytes()
        siblings = set(tmp_path.iterdir())
        with pytest.raises(NotAStore, match=reason):
            create_app(path)
        assert path.read_bytes() == before, path
        assert set(tmp_path.iterdir()) == siblings, "no -wal, -shm or -journal file either"


def test_sitroom_serve_says_why_it_will_not_open_a_file_without_a_traceback(tmp_path):
    files = foreign_files(tmp_path)
    for path in (tmp_path / "empty.db", tmp_path / "other.sqlite", tmp_path / "notes.db"):  # the three
        reason = files[path]
        before = path.read_bytes()
        done = subprocess.run([sys.executable, "-m", "sitroom.cli", "serve", "--db", str(path), "--port", "9"],
                              capture_output=True, text=True, timeout=120)
        said = " ".join(done.stderr.split())
        assert done.returncode == 1 and reason in said and "Traceback" not in said, said
        assert path.read_bytes() == before


def test_serve_opens_a_store_of_this_schema_read_only(demo_db):
    from sitroom.web.queries import open_readonly

    con = open_readonly(demo_db)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        con.execute("CREATE TABLE intruder (x)")
