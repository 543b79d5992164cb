"""Per-client-IP rate limit on the widget's endpoints: a sliding window, 429 `rate_limited` with Retry-After.

The window lives in the process: each worker counts on its own, so a deployment with N workers allows up to
N times the limit. Behind a reverse proxy, run uvicorn with `--proxy-headers` so the client IP is the
visitor's, not the proxy's.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable, Collection

from starlette.types import ASGIApp, Receive, Scope, Send

from service.http.errors import KildesvarError, error_response
from service.http.origins import WIDGET_PATHS
from service.http.widget_settings import RateLimit

MAX_TRACKED_CLIENTS = 10_000


class RateLimited(KildesvarError):
    code = "rate_limited"
    status = 429
    message = "Du har sendt mange forespørsler på kort tid. Vent litt og prøv igjen."


class SlidingWindowLimiter:
    """Allows `limit.requests` hits per key within any `limit.seconds` window."""

    def __init__(self, limit: RateLimit, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.clock = clock
        self._hits: dict[str, deque[float]] = {}

    def acquire(self, key: str) -> float:
        """Count a hit for `key`; returns 0 when allowed, else the seconds until the next hit would be."""
        now = self.clock()
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.limit.seconds:
            hits.popleft()
        if len(hits) >= self.limit.requests:
            return hits[0] + self.limit.seconds - now
        hits.append(now)
        if len(self._hits) > MAX_TRACKED_CLIENTS:
            self._forget_idle(now)
        return 0.0

    def _forget_idle(self, now: float) -> None:
        idle = [key for key, hits in self._hits.items() if not hits or hits[-1] <= now - self.limit.seconds]
        for key in idle:
            del self._hits[key]


class RateLimitGuard:
    """ASGI middleware answering 429 once a client IP exceeds the limit on one of the guarded paths."""

    def __init__(
        self, app: ASGIApp, limiter: SlidingWindowLimiter, guarded_paths: Collection[str] = WIDGET_PATHS
    ) -> None:
        self.app = app
        self.limiter = limiter
        self.guarded_paths = frozenset(guarded_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] != "OPTIONS" and scope["path"] in self.guarded_paths:
            client = scope.get("client")
            wait = self.limiter.acquire(client[0] if client else "unknown")
            if wait > 0:
                retry_after = {"Retry-After": str(max(1, math.ceil(wait)))}
                await error_response(RateLimited(), headers=retry_after)(scope, receive, send)
                return
        await self.app(scope, receive, send)
