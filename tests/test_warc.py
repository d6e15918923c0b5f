"""Web archives: a WARC (Common Crawl's news-crawl format) ingests like the same pages saved as files."""
from __future__ import annotations

import io
import sqlite3

from news_site import WEB, page

from sitroom.ingest import read_path
from sitroom.service import ingest_paths

SLUGS = ["gao-convoy", "mosul-strike"]


def write_warc(path, records) -> None:
    """records: (kind, uri, status line, content type, body) -> one WARC record each, gzip per record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "sitroom tests"}))
        for kind, uri, status, content_type, body in records:
            if kind == "request":
                headers = StatusAndHeaders(f"GET {uri} HTTP/1.1", [("Host", "saharawire.example")],
                                           is_http_request=True)
                writer.write_record(writer.create_warc_record(uri, "request", payload=io.BytesIO(b""),
                                                              http_headers=headers))
                continue
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))


def stored(db) -> tuple[list[tuple], list[tuple]]:
    con = sqlite3.connect(db)
    articles = con.execute("SELECT id, title, text, published, site, canonical_url FROM articles "
                           "ORDER BY id").fetchall()
    events = con.execute("SELECT event_date, sub_event_type, actor1, actor2, location, country, fatalities, notes "
                         "FROM events ORDER BY event_date, sub_event_type").fetchall()
    con.close()
    return articles, events


def test_a_warc_ingests_into_the_same_articles_and_events_as_the_pages_saved_as_files(tmp_path):
    warc = tmp_path / "news.warc.gz"
    records = [("request", f"{WEB}/news/{SLUGS[0]}", "", "", b"")]
    records += [("response", f"{WEB}/news/{slug}", "200 OK", "text/html; charset=utf-8", page(slug).encode())
                for slug in SLUGS]
    records += [
        ("response", f"{WEB}/photo.jpg", "200 OK", "image/jpeg", b"\xff\xd8\xff\xe0 not really a photo"),
        ("response", f"{WEB}/news/gone", "404 Not Found", "text/html", b"<html><body>Not found</body></html>"),
    ]
    write_warc(warc, records)

    items = list(read_path(warc))
    errors = [item.error for item in items if item.error]
    assert [item.article.url for item in items if item.article] == [f"{WEB}/news/{slug}" for slug in SLUGS]
    assert len(errors) == 2  # the request and the warcinfo records are no pages, and are passed over silently
    assert "photo.jpg" in errors[0].source and "content type 'image/jpeg', not an HTML page" in errors[0].reason
    assert "news/gone" in errors[1].source and "HTTP status 404" in errors[1].reason

    pages = tmp_path / "pages"
    pages.mkdir()
    for slug in SLUGS:
        (pages / f"{slug}.html").write_text(page(slug), encoding="utf-8")

    from_warc = ingest_paths([warc], tmp_path / "warc.db")
    from_files = ingest_paths([pages], tmp_path / "files.db")
    assert from_warc.stored == from_files.stored == 2 and len(from_warc.errors) == 2 and not from_files.errors
    warc_articles, warc_events = stored(tmp_path / "warc.db")
    file_articles, file_events = stored(tmp_path / "files.db")
    assert warc_articles == file_articles
    assert warc_events == file_events
    assert [(e[1], e[4], e[6]) for e in warc_events] == [("Armed clash", "Gao", 4), ("Air/drone strike", "Mosul", 3)]

    again = ingest_paths([warc], tmp_path / "warc.db")  # an archive read twice stores nothing twice
    assert again.stored == 0 and again.duplicates == 2


def test_a_file_that_is_not_a_warc_is_reported_not_raised(tmp_path):
    bogus = tmp_path / "broken.warc.gz"
    bogus.write_bytes(b"this is not an archive at all\n" * 10)
    items = list(read_path(bogus))
    assert len(items) == 1 and items[0].article is None
    assert "not a WARC file" in items[0].error.reason
