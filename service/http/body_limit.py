"""A request body limit that answers in the one error shape.

FastAPI's own `max_body_size` replies with a plain-text 413 when the declared Content-Length is too large,
so the limit is enforced here instead: a declared size is refused before the body is read, and a chunked
body is counted as it arrives.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.http.errors import PayloadTooLarge, error_response


class BodySizeLimit:
    """Pure ASGI middleware: 413 `payload_too_large` for bodies over `max_bytes`, or over the limit `by_path`
    gives the request's path (the documents upload takes more than a question)."""

    def __init__(self, app: ASGIApp, max_bytes: int, by_path: Mapping[str, int] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.by_path = dict(by_path or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        max_bytes = self.by_path.get(scope["path"], self.max_bytes)
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            await error_response(PayloadTooLarge())(scope, receive, send)
            return
        received = 0

        async def receive_within_limit() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > max_bytes:
                # FastAPI re-raises an HTTPException met while reading the body; the error handler renders it.
                raise HTTPException(status_code=PayloadTooLarge.status)
            return message

        await self.app(scope, receive_within_limit, send)
