"""The fetcher against a local server that fails the way the web does: each fault is refused or reported."""
from __future__ import annotations

import gzip
from dataclasses import replace

import pytest
from news_site import NewsServer, page

from sitroom.ingest.fetch import USER_AGENT, FetchError, Fetcher, FetchPolicy

# Short limits so that faults show in a fraction of a second; loopback is what the test server is on.
FAST = FetchPolicy(timeout=0.4, total_time=5, max_bytes=256 * 1024, max_decoded_bytes=256 * 1024, retries=1,
                   backoff=0.01, host_delay=0, allow_private=True)


@pytest.fixture
def server():
    with NewsServer() as running:
        running.serve("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
        yield running


def fetch_error(url: str, policy: FetchPolicy = FAST) -> FetchError:
    with Fetcher(policy) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(url)
    return caught.value


def test_a_loopback_address_is_refused_without_allow_private_and_nothing_is_sent(server):
    server.serve("/news/gao-convoy", page("gao-convoy"))
    for url in (server.url("/news/gao-convoy"), server.url("/news/gao-convoy").replace("127.0.0.1", "localhost")):
        err = fetch_error(url, FetchPolicy(timeout=1, retries=0))
        assert "loopback address" in err.reason and "--allow-private" in err.reason
    assert sum(server.hits.values()) == 0  # refused before connecting: not even robots.txt was asked for
    assert "only http and https" in fetch_error("file:///etc/passwd").reason


def test_a_page_is_fetched_with_sitroom_named_and_a_conditional_get_gets_a_304(server):
    server.serve("/news/gao-convoy", page("gao-convoy"), etag='"v1"')
    with Fetcher(FAST) as fetcher:
        first = fetcher.fetch(server.url("/news/gao-convoy"))
        again = fetcher.fetch(server.url("/news/gao-convoy"), etag=first.etag)
    assert first.status == 200 and b"Militants ambush army convoy" in first.content and first.etag == '"v1"'
    assert again.not_modified and again.content == b""
    assert server.agents == {USER_AGENT} and USER_AGENT.startswith("sitroom/")


def test_robots_txt_is_honoured(server):
    server.serve("/private/memo", page("gao-convoy"))
    err = fetch_error(server.url("/private/memo"))
    assert "robots.txt" in err.reason and "disallows" in err.reason
    assert server.hits["/private/memo"] == 0


def test_a_server_that_stalls_times_out_and_is_retried_once(server):
    server.serve("/feeds/slow.xml", stall=True)
    err = fetch_error(server.url("/feeds/slow.xml"))
    assert "timed out" in err.reason and "tried 2 times" in err.reason and err.transient
    assert server.hits["/feeds/slow.xml"] == 2


def test_a_500_is_retried_then_reported(server):
    server.serve("/feeds/broken.xml", "oops", status=500, content_type="text/plain")
    err = fetch_error(server.url("/feeds/broken.xml"))
    assert "HTTP 500" in err.reason and "tried 2 times" in err.reason
    assert server.hits["/feeds/broken.xml"] == 2


def test_a_redirect_loop_is_cut_and_redirects_are_bounded(server):
    server.serve("/loop/a", status=302, location="/loop/b")
    server.serve("/loop/b", status=301, location=server.url("/loop/a"))
    err = fetch_error(server.url("/loop/a"))
    assert err.reason == "redirect loop: /loop/a -> /loop/b -> /loop/a" and not err.transient
    for n in range(8):
        server.serve(f"/hop/{n}", status=302, location=f"/hop/{n + 1}")
    assert "more than 5 redirects" in fetch_error(server.url("/hop/0")).reason
    server.serve("/moved", status=301, location="/news/gao-convoy")
    server.serve("/news/gao-convoy", page("gao-convoy"))
    with Fetcher(FAST) as fetcher:
        moved = fetcher.fetch(server.url("/moved"))
    assert moved.final_url == server.url("/news/gao-convoy") and moved.url == server.url("/moved")


def test_an_oversized_page_is_not_read_past_the_limit(server):
    server.serve("/news/huge", b"<p>" + b"x" * 100_000 + b"</p>", repeat=50)  # 5 MB
    err = fetch_error(server.url("/news/huge"))
    assert "over the 0.25 MB limit" in err.reason and not err.transient


def test_a_decompression_bomb_is_refused(server):
    server.serve("/news/bomb", b"\0" * 5_000_000, gzip=True)  # 5 MB of zeros in about 5 kB
    assert len(gzip.compress(b"\0" * 5_000_000)) < FAST.max_bytes
    err = fetch_error(server.url("/news/bomb"))
    assert "decompression bomb" in err.reason


def test_requests_to_one_host_are_spaced(server):
    server.serve("/news/gao-convoy", page("gao-convoy"))
    pauses = []
    polite = FetchPolicy(timeout=1, host_delay=5, allow_private=True, retries=0)
    with Fetcher(polite, sleep=pauses.append) as fetcher:
        for _ in range(3):
            fetcher.fetch(server.url("/news/gao-convoy"))
    # robots.txt, then three pages: each request after the first waits for the host's turn.
    assert len(pauses) == 3 and all(4 < p <= 5 for p in pauses)


def test_a_robots_txt_the_server_fails_to_give_forbids_the_site_for_now(server):
    server.serve("/robots.txt", "busy", status=503, content_type="text/plain")
    server.serve("/news/gao-convoy", page("gao-convoy"))
    err = fetch_error(server.url("/news/gao-convoy"))
    assert "robots.txt answered HTTP 503" in err.reason and err.transient
    assert server.hits["/news/gao-convoy"] == 0
    server.serve("/robots.txt", "nothing here", status=404, content_type="text/plain")
    with Fetcher(FAST) as fetcher:  # no robots.txt at all: everything is allowed
        assert fetcher.fetch(server.url("/news/gao-convoy")).status == 200


@pytest.mark.parametrize("address, kind", [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("::ffff:127.0.0.1", "loopback"), ("10.1.2.3", "private"),
    ("172.16.0.1", "private"), ("192.168.1.1", "private"), ("fc00::1", "private"), ("169.254.169.254", "link-local"),
    ("fe80::1%eth0", "link-local"), ("224.0.0.1", "multicast"), ("0.0.0.0", "unspecified"),
    ("100.64.0.1", "non-public"), ("93.184.215.14", ""), ("2606:4700::1111", ""),
])
def test_every_kind_of_address_that_is_not_public_is_named(address, kind):
    from sitroom.ingest.fetch import refused_kind

    assert refused_kind(address) == kind


def test_a_redirect_to_another_scheme_is_refused(server):
    server.serve("/leave", status=302, location="file:///etc/passwd")
    assert "only http and https" in fetch_error(server.url("/leave")).reason


def test_a_crawl_delay_in_robots_txt_spaces_requests_more(server):
    server.serve("/robots.txt", "User-agent: sitroom\nCrawl-delay: 3\n", content_type="text/plain")
    server.serve("/news/gao-convoy", page("gao-convoy"))
    pauses = []
    with Fetcher(replace(FAST, host_delay=0), sleep=pauses.append) as fetcher:
        fetcher.fetch(server.url("/news/gao-convoy"))
        fetcher.fetch(server.url("/news/gao-convoy"))
    assert len(pauses) == 2 and all(2 < p <= 3 for p in pauses)
