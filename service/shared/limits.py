"""Rate limits that hold across worker processes: a sliding window per bucket, counted in `SharedState`.

A bucket is whatever a limit is per: `key:<id>` for a named API key, `ip:<address>` for a caller without
one. Every hit is a row; a hit is allowed while the bucket has fewer than `requests` rows in the last
`seconds`, and the check and the insert happen in one write transaction, so two workers cannot both take
the last slot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.shared.state import SharedState

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(second|minute|hour|day)\s*$")
_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
_LONGEST_WINDOW = max(_SECONDS.values())
_PRUNE_EVERY = 1000


@dataclass(frozen=True)
class RateLimit:
    """At most `requests` requests per `seconds` seconds."""

    requests: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> RateLimit:
        match = _RATE.match(text)
        if not match or int(match.group(1)) < 1:
            raise ValueError(f"rate limit {text!r} must look like '30/minute' (per second, minute, hour or day)")
        return cls(int(match.group(1)), _SECONDS[match.group(2)])

    def __str__(self) -> str:
        unit = next(name for name, seconds in _SECONDS.items() if seconds == self.seconds)
        return f"{self.requests}/{unit}"


def parse_optional_limit(text: str) -> RateLimit | None:
    """A limit, or None for an empty text (no limit)."""
    return RateLimit.parse(text) if text.strip() else None


class SlidingWindowLimiter:
    """Counts hits per bucket in the shared state; `acquire` says whether one more is allowed now."""

    def __init__(self, state: SharedState) -> None:
        self.state = state
        self._since_prune = 0

    def acquire(self, bucket: str, limit: RateLimit) -> float:
        """Count a hit for `bucket`; 0 when allowed, else the seconds until the next hit would be."""
        now = self.state.clock()
        with self.state.transaction() as db:
            db.execute("DELETE FROM hits WHERE bucket = ? AND at <= ?", (bucket, now - limit.seconds))
            count, oldest = db.execute("SELECT count(*), min(at) FROM hits WHERE bucket = ?", (bucket,)).fetchone()
            if count >= limit.requests:
                return max(oldest + limit.seconds - now, 0.001)
            db.execute("INSERT INTO hits (bucket, at) VALUES (?, ?)", (bucket, now))
            self._prune_idle_buckets(db, now)
        return 0.0

    def _prune_idle_buckets(self, db, now: float) -> None:
        """Now and then, drop the hits of buckets nobody has used for longer than the longest window."""
        self._since_prune += 1
        if self._since_prune >= _PRUNE_EVERY:
            self._since_prune = 0
            db.execute("DELETE FROM hits WHERE at <= ?", (now - _LONGEST_WINDOW,))
