"""Which web pages may use the widget: CORS for the allow-list, 403 for every other origin.

Browsers send an `Origin` header with the widget's requests. An origin on `KILDESVAR_WIDGET_ORIGINS`, or the
app's own origin (the demo page), gets CORS headers on every route. The app's own origin is the address the
server was reached at (the socket's host and port, and `localhost` for a loopback address), never the
`Host` header: a page on a name that DNS rebinding points at the server sends its own name in both
`Origin` and `Host`. Any other origin is refused with 403
`origin_not_allowed` on the widget's endpoints; that refusal (and its preflight) carries CORS headers so the
widget on a refused page can read the reason and explain it, while nothing else is readable from there.
Requests without an Origin header (curl, servers) are not browser requests and pass untouched.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.http.errors import KildesvarError, error_response
from service.http.widget_settings import normalize_origin

WIDGET_PATHS = frozenset({"/v1/ask", "/v1/ask/stream", "/v1/feedback"})

PREFLIGHT_MAX_AGE = 600
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
DEFAULT_PORTS = {"http": 80, "https": 443}

Server = tuple[str, int | None]


class OriginNotAllowed(KildesvarError):
    code = "origin_not_allowed"
    status = 403
    message = "Kildesvar er ikke åpnet for denne nettsiden. Kontakt den som drifter nettsiden."


@dataclass(frozen=True)
class OriginPolicy:
    """The allow-list of origins; a page on the server's own address is always allowed."""

    allowed: frozenset[str]

    @classmethod
    def of(cls, origins: Collection[str]) -> OriginPolicy:
        return cls(frozenset(normalize_origin(origin) for origin in origins))

    def allows(self, origin: str, server: Server | None) -> bool:
        try:
            normalized = normalize_origin(origin)
        except ValueError:
            return False
        return normalized in self.allowed or (server is not None and _is_served_at(normalized, server))


def _is_served_at(origin: str, server: Server) -> bool:
    """Whether `origin` names the server's own socket address (or `localhost` for a loopback one)."""
    parts = urlsplit(origin)
    host, port = server
    if port is not None and (parts.port or DEFAULT_PORTS[parts.scheme]) != port:
        return False
    return parts.hostname == host.lower() or (_is_loopback(host) and parts.hostname in LOOPBACK_NAMES)


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def cors_headers(origin: str) -> dict[str, str]:
    return {
        "Access-Control-Allow-Origin": origin,
        "Access-Control-Expose-Headers": "Retry-After",
        "Vary": "Origin",
    }


def preflight_headers(origin: str) -> dict[str, str]:
    return {
        **cors_headers(origin),
        "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
        "Access-Control-Allow-Headers": "Content-Type, Accept, Authorization",
        "Access-Control-Max-Age": str(PREFLIGHT_MAX_AGE),
    }


class OriginGuard:
    """ASGI middleware applying `OriginPolicy`: CORS headers for allowed origins, 403 on guarded paths."""

    def __init__(self, app: ASGIApp, policy: OriginPolicy, guarded_paths: Collection[str] = WIDGET_PATHS) -> None:
        self.app = app
        self.policy = policy
        self.guarded_paths = frozenset(guarded_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = Headers(scope=scope) if scope["type"] == "http" else None
        origin = headers.get("origin") if headers else None
        if headers is None or origin is None:
            await self.app(scope, receive, send)
            return
        allowed = self.policy.allows(origin, scope.get("server"))
        guarded = scope["path"] in self.guarded_paths
        if scope["method"] == "OPTIONS" and "access-control-request-method" in headers and (allowed or guarded):
            await Response(status_code=204, headers=preflight_headers(origin))(scope, receive, send)
        elif guarded and not allowed:
            await error_response(OriginNotAllowed(), headers=cors_headers(origin))(scope, receive, send)
        elif allowed:
            await self.app(scope, receive, _with_cors(send, origin))
        else:
            await self.app(scope, receive, send)


def _with_cors(send: Send, origin: str) -> Send:
    async def send_with_cors(message: Message) -> None:
        if message["type"] == "http.response.start":
            response_headers = MutableHeaders(scope=message)
            for name, value in cors_headers(origin).items():
                if name == "Vary":
                    response_headers.add_vary_header(value)
                else:
                    response_headers[name] = value
        await send(message)

    return send_with_cors
