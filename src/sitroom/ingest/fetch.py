"""ingest: a URL -> its bytes, fetched politely and safely (httpx).

Polite: a User-Agent that names sitroom, robots.txt honoured (urllib.robotparser,
with its Crawl-delay), one request at a time to a host with a pause between two,
conditional GET (ETag / Last-Modified) so an unchanged feed costs a 304, and a
failing server retried only a few times with a growing pause.

Safe against what a hostile feed can point at: only http(s); every address a
host name resolves to is checked at connect time, for the first request, each
redirect and robots.txt alike (so DNS cannot swap in another address between a
check and the connection), and private, loopback, link-local and reserved
addresses are refused unless `allow_private`; redirects are followed by hand,
at most `max_redirects` and never round a loop; a body is streamed and dropped
past `max_bytes` on the wire or `max_decoded_bytes` once decompressed (a gzip
bomb), and past `total_time` seconds. No proxy from the environment is used.
"""
from __future__ import annotations

import email.utils
import ipaddress
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpcore
import httpx

from .readers import MAX_DOCUMENT_BYTES


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("sitroom")
    except PackageNotFoundError:
        return "dev"


USER_AGENT = f"sitroom/{_version()} (offline conflict-news situation room; feed watcher)"
ROBOTS_AGENT = "sitroom"  # the token robots.txt rules name
REDIRECTS = {301, 302, 303, 307, 308}
# Seconds a robots.txt is trusted before it is read again.
ROBOTS_TTL = 24 * 3600
# Longest pause a server may ask for (Retry-After, Crawl-delay) that sitroom will honour within one fetch.
MAX_PAUSE = 60.0


@dataclass(frozen=True)
class FetchPolicy:
    """How patient, how polite and how careful one fetcher is."""

    timeout: float = 20.0  # seconds to connect, and between two reads of a response
    total_time: float = 60.0  # seconds for one response, body included
    max_bytes: int = MAX_DOCUMENT_BYTES  # bytes on the wire for one response
    max_decoded_bytes: int = MAX_DOCUMENT_BYTES  # bytes once gzip/deflate/brotli is undone
    max_redirects: int = 5
    retries: int = 2  # further tries after a timeout, a lost connection, a 429 or a 5xx
    backoff: float = 2.0  # seconds before the first retry, doubled for each next one
    host_delay: float = 1.0  # seconds between two requests to the same host (robots.txt may ask for more)
    allow_private: bool = False  # fetch from private, loopback and link-local addresses too (tests, intranets)
    user_agent: str = USER_AGENT


@dataclass
class Fetched:
    """One successful answer: the body (200) or 'not modified' (304)."""

    url: str  # the address asked for
    final_url: str  # where the redirects, if any, ended
    status: int
    content: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class FetchError(Exception):
    """A URL that could not be fetched, with the reason in words; `transient` faults are worth retrying later."""

    def __init__(self, url: str, reason: str, transient: bool = False, retry_after: float | None = None):
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.transient = transient
        self.retry_after = retry_after


class AddressRefused(Exception):
    """A host that resolves to an address sitroom does not fetch from."""


def refused_kind(address: str) -> str:
    """Why an IP address is not fetched from ('' when it is a public one)."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for kind, test in (("loopback", ip.is_loopback), ("unspecified", ip.is_unspecified),
                       ("link-local", ip.is_link_local), ("private", ip.is_private), ("multicast", ip.is_multicast),
                       ("reserved", ip.is_reserved)):
        if test:
            return kind
    return "" if ip.is_global else "non-public"


class _CheckedBackend(httpcore.SyncBackend):
    """Opens TCP connections only to addresses that pass the check, and connects to the very address checked."""

    def __init__(self, allow_private: bool):
        self.allow_private = allow_private

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options=None) -> httpcore.NetworkStream:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host} ({exc})") from None
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
        if not self.allow_private:
            for address in addresses:
                kind = refused_kind(address)
                if kind:
                    where = f"{host} is a" if host.strip("[]") == address else f"{host} is at {address}, a"
                    raise AddressRefused(f"{where} {kind} address; sitroom fetches only from public addresses "
                                         "(--allow-private allows others)")
        last: Exception = httpcore.ConnectError(f"{host} has no address")
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        raise last


class _CheckedTransport(httpx.HTTPTransport):
    """httpx's own transport over a connection pool whose every connection goes through _CheckedBackend."""

    def __init__(self, allow_private: bool):
        super().__init__(trust_env=False)
        # httpx builds its pool without a way to pass a network backend: swap in one that has ours.
        self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(trust_env=False),
                                             network_backend=_CheckedBackend(allow_private))


class Fetcher:
    """Fetches URLs one at a time under a FetchPolicy; keeps robots.txt and per-host pauses between fetches."""

    def __init__(self, policy: FetchPolicy = FetchPolicy(), sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic):
        self.policy = policy
        self.sleep = sleep
        self.clock = clock
        self.client = httpx.Client(
            transport=_CheckedTransport(policy.allow_private), timeout=httpx.Timeout(policy.timeout),
            follow_redirects=False, trust_env=False, headers={"User-Agent": policy.user_agent})
        self._robots: dict[str, tuple[RobotFileParser | None, float]] = {}
        self._last_request: dict[str, float] = {}
        self._host_delay: dict[str, float] = {}

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """The body at `url` (or 304 when the ETag/Last-Modified given still hold); raises FetchError."""
        tries = self.policy.retries + 1
        for attempt in range(tries):
            try:
                return self._follow(url, etag, last_modified)
            except FetchError as err:
                if not err.transient or attempt == tries - 1:
                    if tries > 1 and err.transient:
                        err.reason += f" (tried {tries} times)"
                        err.args = (f"{err.url}: {err.reason}",)
                    raise
                pause = self.policy.backoff * 2 ** attempt
                self.sleep(min(MAX_PAUSE, max(pause, err.retry_after or 0)))
        raise AssertionError("unreachable")

    # ------------------------------------------------------------ one try

    def _follow(self, url: str, etag: str | None, last_modified: str | None) -> Fetched:
        current, seen = url, [url]
        for _ in range(self.policy.max_redirects + 1):
            _check_scheme(current)
            self._check_robots(current)
            answer = self._get(current, etag, last_modified)
            if isinstance(answer, Fetched):
                answer.url = url
                return answer
            target = urljoin(current, answer)
            if target in seen:
                raise FetchError(url, "redirect loop: " + " -> ".join(_path(u) for u in [*seen, target]))
            seen.append(target)
            current = target
        raise FetchError(url, f"more than {self.policy.max_redirects} redirects (last to {current})")

    def _get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched | str:
        """One GET: a Fetched, or the Location of a redirect."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        self._wait_turn(url)
        started = self.clock()
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                status = response.status_code
                if status in REDIRECTS:
                    location = response.headers.get("Location")
                    if not location:
                        raise FetchError(url, f"HTTP {status} redirect without a Location")
                    return location
                if status == 304:
                    return Fetched(url, url, 304, etag=response.headers.get("ETag") or etag,
                                   last_modified=response.headers.get("Last-Modified") or last_modified)
                if status == 429 or status >= 500:
                    raise FetchError(url, f"HTTP {status} {response.reason_phrase}".strip(), transient=True,
                                     retry_after=_retry_after(response.headers.get("Retry-After")))
                if status != 200:
                    raise FetchError(url, f"HTTP {status} {response.reason_phrase}".strip())
                body = self._read_body(url, response, started)
                return Fetched(url, str(response.url), 200, body, response.headers.get("Content-Type", ""),
                               response.headers.get("ETag"), response.headers.get("Last-Modified"))
        except AddressRefused as exc:
            raise FetchError(url, str(exc)) from None
        except httpx.TimeoutException as exc:
            kind = "connecting" if isinstance(exc, httpx.ConnectTimeout) else "waiting for the server"
            raise FetchError(url, f"timed out {kind} (limit {self.policy.timeout:g} s)", transient=True) from None
        except httpx.DecodingError as exc:
            raise FetchError(url, f"the body cannot be decoded ({exc})") from None
        except httpx.TransportError as exc:
            raise FetchError(url, f"connection failed ({exc.__class__.__name__}: {exc})", transient=True) from None
        except (httpx.InvalidURL, ValueError, UnicodeError) as exc:  # a port out of range, a host IDNA refuses
            raise FetchError(url, f"not a valid URL ({exc})") from None
        except httpx.HTTPError as exc:  # any other fault httpx names: reported as this URL's, never raised on
            raise FetchError(url, f"{exc.__class__.__name__}: {exc}") from None

    def _read_body(self, url: str, response: httpx.Response, started: float) -> bytes:
        limit, decoded_limit = self.policy.max_bytes, self.policy.max_decoded_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(url, f"the response is {_size(int(declared))}, over the {_size(limit)} limit; not read")
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            wire = response.num_bytes_downloaded
            if wire > limit:
                raise FetchError(url, f"the response is over the {_size(limit)} limit; stopped reading")
            if size > decoded_limit:
                raise FetchError(url, f"the response decompresses past {_size(decoded_limit)} from {_size(wire)}: "
                                      "refused as a decompression bomb")
            if self.clock() - started > self.policy.total_time:
                raise FetchError(url, f"the response took over {self.policy.total_time:g} s; stopped reading",
                                 transient=True)
            chunks.append(chunk)
        return b"".join(chunks)

    # ------------------------------------------------------------ manners

    def _wait_turn(self, url: str) -> None:
        host = urlsplit(url).hostname or ""  # one host, whatever the scheme or port: it is one server to spare
        delay = max(self.policy.host_delay, self._host_delay.get(host, 0.0))
        last = self._last_request.get(host)
        if last is not None:
            wait = last + delay - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last_request[host] = self.clock()

    def _check_robots(self, url: str) -> None:
        origin = _origin(url)
        rules, read_at = self._robots.get(origin, (None, -ROBOTS_TTL - 1.0))
        if self.clock() - read_at > ROBOTS_TTL:
            try:
                rules = self._read_robots(origin)
            except FetchError as err:  # said of the page asked for: robots.txt is only how it failed
                raise FetchError(url, err.reason, transient=err.transient) from None
            self._robots[origin] = (rules, self.clock())
        if rules is not None and not rules.can_fetch(ROBOTS_AGENT, url):
            raise FetchError(url, f"robots.txt of {origin} disallows it for {ROBOTS_AGENT}")

    def _read_robots(self, origin: str) -> RobotFileParser | None:
        """The site's robots.txt rules; None (no rules: everything allowed) when it has none.

        RFC 9309: a robots.txt that does not exist (4xx) allows everything; one the server fails to
        give (5xx, 429) disallows everything until it can be read: a passing failure of the page asked for.
        """
        url = f"{origin}/robots.txt"
        rules = RobotFileParser(url)
        for _ in range(self.policy.max_redirects + 1):
            try:
                answer = self._get(url)
            except FetchError as err:
                if err.reason.startswith(("HTTP 5", "HTTP 429")):
                    raise FetchError(url, f"robots.txt answered {err.reason}: nothing is fetched from {origin} until "
                                          "it can be read (RFC 9309)", transient=True) from None
                if err.reason.startswith("HTTP 4"):
                    return None
                if err.transient:
                    err.reason = f"robots.txt cannot be read: {err.reason}"
                raise
            if isinstance(answer, Fetched):
                rules.parse(answer.content.decode("utf-8", "replace").splitlines())
                delay = rules.crawl_delay(ROBOTS_AGENT)
                if delay:
                    host = urlsplit(origin).hostname or ""
                    self._host_delay[host] = max(self._host_delay.get(host, 0.0), min(MAX_PAUSE, float(delay)))
                return rules
            url = urljoin(url, answer)
            _check_scheme(url)
        return None  # redirected round and round: RFC 9309 lets a crawler treat that as no robots.txt


def _size(n: int) -> str:
    return f"{n / 2 ** 20:.3g} MB" if n >= 2 ** 20 / 100 else f"{n / 1024:.3g} kB"


def _check_scheme(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(url, f"only http and https addresses are fetched, not '{parts.scheme or 'none'}'")
    if not parts.hostname:
        raise FetchError(url, "the address names no host")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path or "/"


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
