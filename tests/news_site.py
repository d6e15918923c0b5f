"""A small news site of our own for the WARC and watch tests: article pages, feeds, and a local server.

The pages are written for these tests in wire-service style, short so that coding them stays cheap. The
server (http.server in a thread, 127.0.0.1 only) serves whatever the test puts in its `routes`, answers
conditional GETs with 304, and can fail the way real sites do (stall, 500, redirect loop, huge body).
"""
from __future__ import annotations

import gzip
import threading
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SITE = "Sahel Wire"


WEB = "https://saharawire.example"


def page(slug: str, base: str = WEB) -> str:
    """The article `slug` as its site serves it at {base}/news/{slug} (its canonical link points there)."""
    title, day, paragraphs = ARTICLES[slug]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title} | {SITE}</title>'
        f'<meta property="og:site_name" content="{SITE}"><meta property="og:title" content="{title}">'
        f'<meta property="article:published_time" content="{day}T09:30:00Z">'
        f'<link rel="canonical" href="{base}/news/{slug.split("@")[0]}"></head><body>'
        f'<nav><a href="/">Home</a> <a href="/world">World</a></nav>'
        f"<article><h1>{title}</h1><p class=\"byline\">By our correspondent</p>{body}</article>"
        f"<footer>Copyright {SITE}. All rights reserved.</footer></body></html>"
    )


# slug -> (headline, publication day, paragraphs). "kharkiv-shelling@2" is the same article after its toll was
# revised: served at the same address, it replaces the first version.
ARTICLES = {
    "gao-convoy": ("Militants ambush army convoy near Gao", "2024-05-14", [
        "Suspected jihadists ambushed a Malian army convoy near Gao on Tuesday, killing four soldiers, "
        "military officials said.",
        "The attackers fled towards the border after the ambush, a local official told reporters.",
    ]),
    "mosul-strike": ("Air strike hits Islamic State hideout near Mosul", "2024-05-15", [
        "Iraqi aircraft struck an Islamic State hideout near Mosul on Wednesday, killing three militants, "
        "the Iraqi military said in a statement.",
        "Security forces later searched the area, the statement added.",
    ]),
    "kharkiv-shelling": ("Shelling kills two in Kharkiv", "2024-05-16", [
        "Russian forces shelled a residential district of Kharkiv on Thursday, killing two civilians, "
        "the regional governor said.",
        "Rescuers were searching the rubble for survivors.",
    ]),
    "kharkiv-shelling@2": ("Shelling kills five in Kharkiv", "2024-05-16", [
        "Russian forces shelled a residential district of Kharkiv on Thursday, killing five civilians, "
        "the regional governor said, raising an earlier toll of two.",
        "Rescuers pulled three more bodies from the rubble overnight.",
    ]),
}


def rss(title: str, links: list[tuple[str, str, str]]) -> str:
    """An RSS 2.0 feed; links are (url, title, pubDate)."""
    items = "".join(f"<item><title>{t}</title><link>{u}</link><guid>{u}</guid><pubDate>{d}</pubDate></item>"
                    for u, t, d in links)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>http://example.invalid/</link><description>{title}</description>{items}</channel></rss>")


def atom(title: str, entries: list[tuple[str, str, str]]) -> str:
    """An Atom feed; entries are (url, title, updated)."""
    body = "".join(f'<entry><title>{t}</title><link href="{u}"/><id>{u}</id><updated>{d}</updated></entry>'
                   for u, t, d in entries)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title>'
            f"<id>urn:sitroom-test:{title}</id><updated>2024-05-16T12:00:00Z</updated>{body}</feed>")


def news_sitemap(entries: list[tuple[str, str, str]]) -> str:
    """A Google news sitemap; entries are (url, title, publication date)."""
    urls = "".join(
        f"<url><loc>{u}</loc><news:news><news:publication><news:name>{SITE}</news:name>"
        f"<news:language>en</news:language></news:publication><news:publication_date>{d}</news:publication_date>"
        f"<news:title>{t}</news:title></news:news></url>" for u, t, d in entries)
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>')


@dataclass
class Route:
    """What the server answers at one path."""

    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    etag: str = ""  # answered with 304 when the client sends it back
    location: str = ""  # for a redirect
    stall: bool = False  # wait until the test releases the server (a page or feed that hangs)
    gzip: bool = False  # send the body gzip-encoded
    repeat: int = 1  # the body is sent this many times over (a huge page without holding it whole)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass  # a client that hangs up on a huge page or a stalled feed is what the tests make happen


class NewsServer:
    """A threaded HTTP server on 127.0.0.1 serving `routes`; counts requests per path."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.agents: set[str] = set()
        self.release = threading.Event()  # set: stalled requests give up
        self.stalled = threading.Event()  # set when a request starts to stall
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                server.hits[path] += 1
                server.agents.add(self.headers.get("User-Agent", ""))
                route = server.routes.get(path)
                if route is None:
                    self._answer(404, b"not found", "text/plain")
                    return
                if route.stall:
                    server.stalled.set()
                    server.release.wait(60)
                    return
                if route.location:
                    self.send_response(route.status)
                    self.send_header("Location", route.location)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self.send_response(304)
                    self.send_header("ETag", route.etag)
                    self.end_headers()
                    return
                body = gzip.compress(route.body) if route.gzip else route.body
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(body) * route.repeat))
                if route.etag:
                    self.send_header("ETag", route.etag)
                if route.gzip:
                    self.send_header("Content-Encoding", "gzip")
                self.end_headers()
                try:
                    for _ in range(route.repeat):
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading: what a size limit does

            def _answer(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def serve(self, path: str, body: str | bytes = b"", **kw) -> None:
        self.routes[path] = Route(body=body.encode() if isinstance(body, str) else body, **kw)

    def __enter__(self) -> "NewsServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(10)
