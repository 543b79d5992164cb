"""Slack delivers an event again when it thinks the first delivery failed; each one must answer once.

Two guards, both in memory: a bounded TTL set of keys already handled (event ids, and channel + message
timestamps, so an `app_mention` and a `message` for the same message also count once), and the retry
header: a retry after `http_timeout` means the first delivery did reach a worker, which is answering it.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

logger = logging.getLogger(__name__)

# Slack retries three times within about five minutes; keep keys well past that.
DEFAULT_TTL_SECONDS = 15 * 60
DEFAULT_MAX_KEYS = 10_000


class SeenKeys:
    """Remembers keys for `ttl` seconds, at most `max_keys` of them (the oldest are forgotten first)."""

    def __init__(
        self,
        ttl: float = DEFAULT_TTL_SECONDS,
        max_keys: int = DEFAULT_MAX_KEYS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl
        self.max_keys = max_keys
        self.clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()

    def first_time(self, key: str) -> bool:
        """True the first time `key` is offered within the TTL, False on every repeat."""
        now = self.clock()
        self._forget_expired(now)
        if key in self._seen:
            return False
        self._seen[key] = now
        while len(self._seen) > self.max_keys:
            self._seen.popitem(last=False)
        return True

    def __len__(self) -> int:
        return len(self._seen)

    def _forget_expired(self, now: float) -> None:
        while self._seen:
            key, seen_at = next(iter(self._seen.items()))
            if now - seen_at < self.ttl:
                return
            del self._seen[key]


def drop_redeliveries(seen: SeenKeys) -> Callable[..., Awaitable[BoltResponse | None]]:
    """A Bolt middleware: acknowledges a redelivered Events API event without handling it again."""

    async def middleware(req: AsyncBoltRequest, body: dict[str, Any], next: Callable[[], Awaitable[None]]):
        if body.get("type") == "event_callback" and _is_redelivery(req, body, seen):
            logger.info("Slack event %s was delivered again; it is answered once", body.get("event_id"))
            return BoltResponse(status=200, body="")
        return await next()

    return middleware


def _is_redelivery(req: AsyncBoltRequest, body: dict[str, Any], seen: SeenKeys) -> bool:
    if _header(req, "x-slack-retry-reason") == "http_timeout" and _header(req, "x-slack-retry-num"):
        return True
    event_id = body.get("event_id")
    return bool(event_id) and not seen.first_time(f"event:{event_id}")


def _header(req: AsyncBoltRequest, name: str) -> str:
    values = req.headers.get(name) or [""]
    return values[0]
