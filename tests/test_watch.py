"""Watching feeds: two rounds against a local news site that has the real web's faults.

Round one reads five feeds: two good ones (an item in both), a news sitemap, one that hangs, one that answers
500 and one that is malformed; the good feeds link to three articles, a huge page, a redirect loop and a page
robots.txt forbids. Between the rounds one article is revised. Round two must get 304s for what did not
change, store the revision as an update, back off the broken feeds, and fetch nothing it already has.
"""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys

import pytest
from news_site import NewsServer, atom, news_sitemap, page, rss
from typer.testing import CliRunner

from sitroom.cli import app
from sitroom.ingest.feeds import FeedConfig
from sitroom.ingest.fetch import FetchPolicy, Fetcher
from sitroom.watch import WatchOptions, watch_round

FAST = WatchOptions(interval=0, policy=FetchPolicy(
    timeout=0.4, total_time=5, max_bytes=256 * 1024, max_decoded_bytes=256 * 1024, retries=1, backoff=0.01,
    host_delay=0, allow_private=True))
FIRST_STAMP, SECOND_STAMP = "2024-05-16T10:00:00Z", "2024-05-16T18:00:00Z"


def said(result) -> str:
    return " ".join(result.output.split())


def count(db, sql: str) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def publish(server: NewsServer) -> list[FeedConfig]:
    """The news site as it is at the first round; returns the feeds to watch."""
    u = server.url
    server.serve("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    for slug in ("gao-convoy", "mosul-strike"):
        server.serve(f"/news/{slug}", page(slug, server.base), etag=f'"{slug}-1"')
    server.serve("/news/kharkiv-shelling", page("kharkiv-shelling", server.base), etag='"kharkiv-1"')
    server.serve("/news/huge", b"<p>" + b"x" * 100_000 + b"</p>", repeat=40)
    server.serve("/loop/a", status=302, location="/loop/b")
    server.serve("/loop/b", status=302, location="/loop/a")
    server.serve("/private/memo", page("gao-convoy", server.base))
    server.serve("/feeds/world.rss", rss("World", [
        (u("/news/gao-convoy"), "Militants ambush army convoy near Gao", "Tue, 14 May 2024 10:00:00 GMT"),
        (u("/news/mosul-strike"), "Air strike near Mosul", "Wed, 15 May 2024 10:00:00 GMT"),
        (u("/news/huge"), "A very long page", "Wed, 15 May 2024 11:00:00 GMT"),
        (u("/loop/a"), "A page that moves in circles", "Wed, 15 May 2024 12:00:00 GMT"),
        (u("/private/memo"), "A page robots.txt forbids", "Wed, 15 May 2024 13:00:00 GMT"),
    ]), content_type="application/rss+xml", etag='"world-1"')
    europe_v1 = atom("Europe", [(u("/news/kharkiv-shelling"), "Shelling kills two in Kharkiv", FIRST_STAMP),
                                (u("/news/mosul-strike"), "Air strike near Mosul", "2024-05-15T10:00:00Z")])
    server.serve("/feeds/europe.atom", europe_v1, content_type="application/atom+xml", etag='"europe-1"')
    server.serve("/sitemap-news.xml", news_sitemap([(u("/news/gao-convoy"), "Ambush near Gao", "2024-05-14")]),
                 content_type="application/xml")
    server.serve("/feeds/slow.xml", stall=True)
    server.serve("/feeds/down.xml", "Internal Server Error", status=500, content_type="text/plain")
    server.serve("/feeds/broken.xml", "<?xml version='1.0'?><rss version='2.0'><channel><item><title>Cut off",
                 content_type="application/rss+xml")
    return [FeedConfig(u(path)) for path in ("/feeds/world.rss", "/feeds/europe.atom", "/sitemap-news.xml",
                                             "/feeds/slow.xml", "/feeds/down.xml", "/feeds/broken.xml")]


def revise(server: NewsServer) -> None:
    """The Kharkiv toll is revised: a new page at the same address, and a new stamp in the Atom feed."""
    u = server.url
    server.serve("/news/kharkiv-shelling", page("kharkiv-shelling@2", server.base), etag='"kharkiv-2"')
    server.serve("/feeds/europe.atom", atom("Europe", [
        (u("/news/kharkiv-shelling"), "Shelling kills five in Kharkiv", SECOND_STAMP),
        (u("/news/mosul-strike"), "Air strike near Mosul", "2024-05-15T10:00:00Z")]),
        content_type="application/atom+xml", etag='"europe-2"')


@pytest.fixture(scope="module")
def two_rounds(tmp_path_factory):
    db = tmp_path_factory.mktemp("watch") / "watch.db"
    with NewsServer() as server, Fetcher(FAST.policy) as fetcher:
        feeds = publish(server)
        first = watch_round(feeds, db, fetcher, FAST)
        hits_after_first = dict(server.hits)
        revise(server)
        second = watch_round(feeds, db, fetcher, FAST)
        yield server, db, first, second, hits_after_first, dict(server.hits)


def outcome(report, path: str):
    return next(f for f in report.feeds if f.url.endswith(path))


def test_the_first_round_stores_each_article_once_and_reports_each_fault(two_rounds):
    server, db, first, _, hits, _ = two_rounds
    assert first.stored == 3 and first.updated == 0
    assert count(db, "SELECT COUNT(*) FROM articles") == 3
    assert hits["/news/mosul-strike"] == 1  # listed by two feeds, fetched once
    assert outcome(first, "world.rss").new_items == 5 and outcome(first, "europe.atom").new_items == 1
    assert outcome(first, "sitemap-news.xml").status == "polled"  # its one link was already known
    slow, down, broken = (outcome(first, p) for p in ("slow.xml", "down.xml", "broken.xml"))
    assert slow.status == down.status == broken.status == "failed"
    assert "timed out" in slow.reason and "HTTP 500" in down.reason and "malformed feed" in broken.reason
    assert slow.failures == 1 and slow.next_poll is not None
    reasons = {error.source.removeprefix(server.base): error.reason for error in first.errors}
    assert set(reasons) == {"/news/huge", "/loop/a", "/private/memo"}
    assert "over the 0.25 MB limit" in reasons["/news/huge"]
    assert reasons["/loop/a"] == "redirect loop: /loop/a -> /loop/b -> /loop/a"
    assert "robots.txt" in reasons["/private/memo"] and hits.get("/private/memo", 0) == 0


def test_the_second_round_fetches_only_what_changed_and_stores_the_revision_as_an_update(two_rounds):
    server, db, first, second, before, after = two_rounds
    assert outcome(second, "world.rss").status == "not modified"
    assert outcome(second, "europe.atom").new_items == 1  # the revised entry
    for path in ("slow.xml", "down.xml", "broken.xml"):  # dead feeds wait, they are not hammered
        waiting = outcome(second, path)
        assert waiting.status == "waiting" and "backing off after 1 failure" in waiting.reason
        assert after["/feeds/" + path] == before["/feeds/" + path]
    assert second.stored == 1 and second.updated == 1 and not second.errors
    for path in ("/news/gao-convoy", "/news/mosul-strike", "/news/huge", "/loop/a"):
        assert after.get(path) == before.get(path), path  # nothing already stored or refused is fetched again
    assert after["/news/kharkiv-shelling"] == 2
    assert count(db, "SELECT COUNT(*) FROM articles") == 3
    assert count(db, "SELECT COUNT(*) FROM replaced_articles") == 1
    assert count(db, "SELECT fatalities FROM events WHERE location = 'Kharkiv'") == 5
    assert count(db, "SELECT COUNT(*) FROM articles WHERE title LIKE 'Shelling kills two%'") == 0


def test_a_web_page_is_the_same_article_as_the_page_saved_as_a_file(two_rounds, tmp_path):
    from sitroom.ingest import read_path

    server, db, *_ = two_rounds
    saved = tmp_path / "gao-convoy.html"
    saved.write_text(page("gao-convoy", server.base), encoding="utf-8")
    article = next(read_path(saved)).article
    con = sqlite3.connect(db)
    row = con.execute("SELECT title, text, published, site, canonical_url FROM articles WHERE id = ?",
                      (article.id,)).fetchone()
    con.close()
    assert row == (article.title, article.text, article.published.isoformat(), article.site, article.canonical_url)


def test_watch_refuses_a_loopback_feed_without_allow_private(tmp_path):
    with NewsServer() as server:
        server.serve("/feeds/world.rss", rss("World", []), content_type="application/rss+xml")
        feeds = tmp_path / "feeds.yaml"
        feeds.write_text(f"feeds:\n  - url: {server.url('/feeds/world.rss')}\n")
        db = tmp_path / "w.db"
        result = CliRunner().invoke(app, ["watch", str(feeds), "--once", "--db", str(db)])
        assert result.exit_code == 0, result.output  # a refused feed is reported, not fatal
        assert "127.0.0.1 is a loopback address" in said(result) and "--allow-private" in said(result)
        assert sum(server.hits.values()) == 0
        allowed = CliRunner().invoke(app, ["watch", str(feeds), "--once", "--db", str(db), "--allow-private",
                                           "--interval", "0s", "--host-delay", "0"])
        assert allowed.exit_code == 0 and "backing off after 1 failure" in said(allowed)
        fresh = CliRunner().invoke(app, ["watch", str(feeds), "--once", "--db", str(tmp_path / "x.db"),
                                         "--allow-private", "--host-delay", "0"])
        assert "feed polled" in said(fresh) and server.hits["/feeds/world.rss"] == 1


def test_serve_shows_each_feeds_health_read_only(two_rounds):
    from fastapi.testclient import TestClient

    from sitroom.web.app import create_app

    server, db, *_ = two_rounds
    before = db.read_bytes()
    client = TestClient(create_app(db, allow_hosts=["testserver"]))
    answer = client.get("/admin/feeds")
    assert answer.status_code == 200 and "script-src 'self'" in answer.headers["content-security-policy"]
    html = answer.text
    assert "Last article stored: <b>20" in html and "6 feed(s) watched" in html and "3 failing" in html
    assert html.count('class="health ok"') == 3 and html.count('class="health warn"') == 3
    assert "HTTP 500" in html and "timed out" in html
    assert "&lt;unknown&gt;" in html and "<unknown>" not in html  # the feed parser's words, escaped
    assert "<script" not in html and "style=" not in html  # the CSP allows no inline script or style
    assert client.get("/static/feeds.css").status_code == 200
    assert db.read_bytes() == before


def test_an_older_store_is_refused_by_serve_until_upgraded_then_shows_no_feeds(tmp_path):
    from fastapi.testclient import TestClient

    from sitroom.store import MIGRATIONS, NotAStore
    from sitroom.web.app import create_app

    old = tmp_path / "v5.db"
    con = sqlite3.connect(old)
    con.executescript("".join(MIGRATIONS[:5]) + "\nPRAGMA user_version = 5;")
    con.close()
    with pytest.raises(NotAStore, match="sitroom upgrade"):
        create_app(old)
    assert CliRunner().invoke(app, ["upgrade", "--db", str(old)]).exit_code == 0
    page_html = TestClient(create_app(old, allow_hosts=["testserver"])).get("/admin/feeds").text
    assert "No feed has been watched" in page_html and "Last article stored: <b>never" in page_html


def test_feeds_add_list_remove_edit_the_feeds_file_and_list_shows_health(two_rounds, tmp_path, monkeypatch):
    import sitroom.cli

    server, db, *_ = two_rounds
    # One row per feed: the console was sized when the CLI was imported (a test worker may have had a narrow
    # COLUMNS then), and a wrapped table would split each cell over several lines.
    monkeypatch.setattr(sitroom.cli.console, "width", 400)
    runner = CliRunner()
    feeds = tmp_path / "feeds.yaml"
    world, down = server.url("/feeds/world.rss"), server.url("/feeds/down.xml")
    assert runner.invoke(app, ["feeds", "add", world, "--file", str(feeds)]).exit_code == 0
    added = runner.invoke(app, ["feeds", "add", down, "--file", str(feeds), "--country", "ML", "--interval", "30m"])
    assert added.exit_code == 0 and "2 feed(s)" in said(added)
    assert "already" in said(runner.invoke(app, ["feeds", "add", world, "--file", str(feeds)]))
    bad = runner.invoke(app, ["feeds", "add", "ftp://example.org/feed", "--file", str(feeds)])
    assert bad.exit_code == 1 and "http(s) address" in said(bad)
    assert "interval: 30m" in feeds.read_text() and "country: ML" in feeds.read_text()

    listed = runner.invoke(app, ["feeds", "list", "--file", str(feeds), "--db", str(db)], env={"COLUMNS": "400"})
    assert listed.exit_code == 0
    lines = listed.output.splitlines()
    assert any("/feeds/down.xml" in line and "failed: HTTP 500" in line and "30m" in line for line in lines)
    assert any("/feeds/world.rss" in line and "not modified" in line for line in lines)

    assert runner.invoke(app, ["feeds", "remove", down, "--file", str(feeds)]).exit_code == 0
    assert runner.invoke(app, ["feeds", "remove", down, "--file", str(feeds)]).exit_code == 1
    from sitroom.ingest.feeds import load_feeds

    assert [f.url for f in load_feeds(feeds)] == [world]


def test_a_watch_sigkilled_while_a_page_stalls_loses_nothing_and_duplicates_nothing(tmp_path):
    db = tmp_path / "sigkilled.db"
    with NewsServer() as server:
        u = server.url
        server.serve("/robots.txt", "", content_type="text/plain")
        server.serve("/news/gao-convoy", page("gao-convoy", server.base))
        server.serve("/news/mosul-strike", stall=True)
        server.serve("/feeds/mali.rss", rss("Mali", [(u("/news/gao-convoy"), "Gao", "Tue, 14 May 2024 10:00 GMT")]),
                     content_type="application/rss+xml", etag='"mali-1"')
        server.serve("/feeds/iraq.rss", rss("Iraq", [(u("/news/mosul-strike"), "Mosul", "Wed, 15 May 2024 10:00 GMT")]),
                     content_type="application/rss+xml", etag='"iraq-1"')
        feeds = tmp_path / "feeds.yaml"
        feeds.write_text(f"feeds:\n  - url: {u('/feeds/mali.rss')}\n  - url: {u('/feeds/iraq.rss')}\n")
        proc = subprocess.Popen([sys.executable, "-m", "sitroom.cli", "watch", str(feeds), "--once", "--db", str(db),
                                 "--allow-private", "--host-delay", "0", "--interval", "0s"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=os.environ.copy())
        try:
            assert server.stalled.wait(120), "the watch never reached the stalled page"
            os.kill(proc.pid, signal.SIGKILL)
        finally:
            proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        con = sqlite3.connect(db)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT url, state FROM feed_items ORDER BY url").fetchall() == [
            (u("/news/gao-convoy"), "stored"), (u("/news/mosul-strike"), "pending")]
        con.close()

        server.serve("/news/mosul-strike", page("mosul-strike", server.base))
        server.release.set()
        with Fetcher(FAST.policy) as fetcher:
            again = watch_round([FeedConfig(u("/feeds/mali.rss")), FeedConfig(u("/feeds/iraq.rss"))], db, fetcher,
                                FAST)
        assert again.stored == 1 and not again.errors
        # The Iraq feed's ETag was kept with its pending link: the feed answers 304, the link is fetched all the same.
        assert [f.status for f in again.feeds] == ["not modified", "not modified"]
        assert server.hits["/news/gao-convoy"] == 1 and server.hits["/news/mosul-strike"] == 2
        assert count(db, "SELECT COUNT(*) FROM articles") == 2 and count(db, "SELECT COUNT(*) FROM events") == 2


def test_watching_goes_round_after_round_rereads_the_feeds_file_and_stops_when_told(tmp_path):
    import threading

    from sitroom.watch import watch

    with NewsServer() as server:
        server.serve("/robots.txt", "", content_type="text/plain")
        for name in ("a", "b"):
            server.serve(f"/feeds/{name}.rss", rss(name, []), content_type="application/rss+xml", etag=f'"{name}"')
        feeds = tmp_path / "feeds.yaml"
        feeds.write_text(f"feeds:\n  - {server.url('/feeds/a.rss')}\n")
        stop = threading.Event()
        rounds = watch(feeds, tmp_path / "loop.db", FAST, stop=stop)
        first = next(rounds)
        feeds.write_text(f"feeds:\n  - {server.url('/feeds/a.rss')}\n  - {server.url('/feeds/b.rss')}\n")
        second = next(rounds)  # after the pause until the next feed is due (a second at least)
        stop.set()
        assert list(rounds) == []
    assert [f.status for f in first.feeds] == ["polled"]
    assert [f.status for f in second.feeds] == ["not modified", "polled"]


def test_news_sitemaps_and_the_feeds_file_are_read_or_refused_with_the_reason(tmp_path):
    from sitroom.ingest.feeds import FeedError, load_feeds, parse_feed

    items = parse_feed(news_sitemap([("https://saharawire.example/news/gao-convoy", "Ambush near Gao",
                                      "2024-05-14T08:00:00+00:00"), ("/news/relative", "Relative", "2024-05-15")])
                       .encode(), "https://saharawire.example/sitemap-news.xml")
    assert [(i.url, i.title, str(i.published)) for i in items] == [
        ("https://saharawire.example/news/gao-convoy", "Ambush near Gao", "2024-05-14"),
        ("https://saharawire.example/news/relative", "Relative", "2024-05-15")]
    index = b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>x</loc></sitemap>' \
            b"</sitemapindex>"
    with pytest.raises(FeedError, match="sitemap index"):
        parse_feed(index, "https://saharawire.example/sitemap.xml")
    with pytest.raises(FeedError, match="malformed feed, no entry could be read"):
        parse_feed(b"<rss><channel>nothing", "https://saharawire.example/")
    with pytest.raises(FeedError, match="an HTML page, not a feed"):
        parse_feed(page("gao-convoy").encode(), "https://saharawire.example/")

    feeds = tmp_path / "feeds.yaml"
    for text, message in [("feeds: [{url: 'javascript:alert(1)'}]", "feed 1 needs a 'url'"),
                          ("feeds: [{url: 'https://a.example/rss', every: 5m}]", "unknown keys: every"),
                          ("feeds: [{url: 'https://a.example/rss', interval: soon}]", "'soon' is not an interval"),
                          ("feeds: {url: x}", "a list under 'feeds:'"), ("feeds: [", "cannot be read as YAML")]:
        feeds.write_text(text)
        with pytest.raises(FeedError, match=message):
            load_feeds(feeds)
