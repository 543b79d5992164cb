"""One access-log line and one measurement per request, under the request's id.

The outermost middleware: it sets the request id (`service.http.request_id`) before anything else runs, so
every error body and log line of the request carries it, adds `X-Request-ID` to the response, and when
the response is done writes one JSON line to the `kildesvar.access` logger and counts the request in the
metrics. The line holds the method, the path without its query string (a search's `q` is question
text, which never goes into this log), the route, the status, the duration, the client address and the
name of the API key used.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.http.json_logs import ACCESS_LOGGER
from service.http.metrics import observe_request
from service.http.request_id import REQUEST_ID_HEADER, begin_request

access_log = logging.getLogger(ACCESS_LOGGER)

UNMATCHED_ROUTE = "unmatched"


class RequestTelemetry:
    """Pure ASGI middleware (so streamed responses are timed to their last byte)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = begin_request(Headers(scope=scope).get(REQUEST_ID_HEADER))
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            route = _route_of(scope)
            observe_request(route, scope["method"], status, seconds)
            access_log.info("request", extra=_line(scope, request_id, route, status, seconds))


def _route_of(scope: Scope) -> str:
    """The matched route's template (`/v1/documents/{id}`), so metrics and logs stay bounded."""
    route = scope.get("route")
    return getattr(route, "path", None) or UNMATCHED_ROUTE


def _line(scope: Scope, request_id: str, route: str, status: int, seconds: float) -> dict[str, Any]:
    client = scope.get("client")
    caller = (scope.get("state") or {}).get("caller")
    return {
        "request_id": request_id,
        "method": scope["method"],
        "path": scope["path"],
        "route": route,
        "status": status,
        "duration_ms": round(seconds * 1000, 2),
        "client": client[0] if client else None,
        "key": caller.key.name if caller is not None and caller.key is not None else None,
    }
