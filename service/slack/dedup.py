"""Slack delivers an event again when it thinks the first delivery failed; each one must answer once.
And a signed request copied off the wire stays valid for five minutes; replaying it must not run it again.

Three guards, on the `SeenKeys` every worker shares: event ids, and channel + message timestamps, so an
`app_mention` and a `message` for the same message also count once; the retry header: a retry after
`http_timeout` means the first delivery did reach a worker, which is answering it; and for slash commands
and button clicks, which Slack never sends twice, the request's signature: a second request with the same
signature is a replay, acknowledged and dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from service.shared.seen import SeenKeys

logger = logging.getLogger(__name__)


def drop_redeliveries(seen: SeenKeys) -> Callable[..., Awaitable[BoltResponse | None]]:
    """A Bolt middleware: acknowledges a redelivered event or a replayed request without handling it again."""

    async def middleware(req: AsyncBoltRequest, body: dict[str, Any], next: Callable[[], Awaitable[None]]):
        if body.get("type") == "event_callback":
            if _is_redelivery(req, body, seen):
                logger.info("Slack event %s was delivered again; it is answered once", body.get("event_id"))
                return BoltResponse(status=200, body="")
        elif _is_replay(req, seen):
            logger.warning("A signed Slack request was sent again (a replay); it is not handled twice")
            return BoltResponse(status=200, body="")
        return await next()

    return middleware


def _is_redelivery(req: AsyncBoltRequest, body: dict[str, Any], seen: SeenKeys) -> bool:
    if _header(req, "x-slack-retry-reason") == "http_timeout" and _header(req, "x-slack-retry-num"):
        return True
    event_id = body.get("event_id")
    return bool(event_id) and not seen.first_time(f"event:{event_id}")


def _is_replay(req: AsyncBoltRequest, seen: SeenKeys) -> bool:
    """A command or action whose signature was seen before (Socket Mode requests carry none: not checked)."""
    signature = _header(req, "x-slack-signature")
    return bool(signature) and not seen.first_time(f"request:{signature}")


def _header(req: AsyncBoltRequest, name: str) -> str:
    values = req.headers.get(name) or [""]
    return values[0]
