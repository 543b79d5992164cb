"""A circuit breaker: after a failure, calls fail at once for a while instead of each waiting for a time-out."""

from __future__ import annotations

import threading
import time


class CircuitOpen(Exception):
    """The breaker is open: the last call failed a moment ago, or another call is probing."""


class CircuitBreaker:
    """Closed: calls go through. Open (after a failure): calls are refused until `cooldown` has passed; then one
    call at a time is let through as a probe, and its success closes the breaker again."""

    def __init__(self, cooldown: float) -> None:
        self.cooldown = cooldown
        self._lock = threading.Lock()
        self._open_until = 0.0
        self._failed = False
        self._probing = False

    def before_call(self) -> bool:
        """Whether this call is the probe; raises `CircuitOpen` while the breaker refuses calls."""
        with self._lock:
            if not self._failed:
                return False
            if time.monotonic() < self._open_until or self._probing:
                raise CircuitOpen()
            self._probing = True
            return True

    def refusing(self) -> bool:
        """Whether a call now would be refused (without being one)."""
        with self._lock:
            return self._failed and (time.monotonic() < self._open_until or self._probing)

    def succeeded(self, probe: bool) -> None:
        with self._lock:
            self._failed = False
            self._probing = self._probing and not probe

    def failed(self, probe: bool) -> None:
        with self._lock:
            self._failed = True
            self._open_until = time.monotonic() + self.cooldown
            self._probing = self._probing and not probe
