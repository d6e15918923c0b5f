"""What every response of `sitroom serve` carries, and which requests it answers at all.

- The Host header must name this server: the address it is bound to, or a name the user allowed
  (`--allow-host`). A page on another site that rebinds its own DNS name to 127.0.0.1 (DNS rebinding)
  sends its own name as Host, and gets a 400 instead of the API.
- A strict Content-Security-Policy: scripts, styles, images and requests only from this server, no
  inline script, no plugins, no framing; with the usual nosniff, frame and referrer headers.
"""
from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",  # Leaflet's images; a data: image runs no script
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
WILDCARD_ADDRESSES = {"0.0.0.0", "::", ""}


def host_of(header: str) -> str:
    """The host name of a Host header, without its port, lower case: "[::1]:8000" -> "::1"."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:header.find("]")] if "]" in header else ""
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def allowed_hosts(bound: str, extra: Iterable[str] = ()) -> set[str]:
    """The Host names a server bound to `bound` answers to: that address, and loopback's names when it is loopback.

    Bound to every interface (0.0.0.0, ::), the machine's own names are added: other names must be
    allowed by the user. "*" in `extra` turns the check off.
    """
    names = {host_of(h) for h in extra if h}
    bound = bound.strip().strip("[]").lower()
    names.add(bound)
    try:
        loopback = bound == "localhost" or ipaddress.ip_address(bound).is_loopback
    except ValueError:
        loopback = False
    if loopback or bound in WILDCARD_ADDRESSES:
        names |= LOOPBACK_NAMES
    if bound in WILDCARD_ADDRESSES:
        names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
    names.discard("")
    return names


class Guard:
    """ASGI middleware: refuses a request whose Host is not allowed; adds the security headers to every answer."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str]):
        self.app = app
        self.hosts = {h.lower().rstrip(".") for h in hosts}
        self.any_host = "*" in self.hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        host = host_of(headers.get(b"host", b"").decode("latin-1")).rstrip(".")
        if not self.any_host and host not in self.hosts:
            body = (b"Invalid Host header: this server answers to " + ", ".join(sorted(self.hosts)).encode()
                    + b" (sitroom serve --allow-host NAME adds one)\n")
            await send({"type": "http.response.start", "status": 400, "headers": [
                (b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                *_encoded(SECURITY_HEADERS)]})
            await send({"type": "http.response.body", "body": body})
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *((k, v) for k, v in _encoded(SECURITY_HEADERS) if k not in present)]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _encoded(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
