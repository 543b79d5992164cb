"""Keys of deliveries already handled, shared by every worker: a chat platform's redelivery (or a replayed
request) is recognised whichever worker it reaches.

    seen = SeenKeys(shared_state, namespace="teams", ttl=15 * 60)
    if not seen.first_time(activity_id): ...  # already handled
"""

from __future__ import annotations

from service.shared.state import SharedState

# Slack retries three times within about five minutes and accepts signatures for five; keep keys past that.
DEFAULT_TTL_SECONDS = 15 * 60


class SeenKeys:
    """Remembers keys for `ttl` seconds in the shared state, under `namespace` (one per front door)."""

    def __init__(self, state: SharedState, namespace: str, ttl: float = DEFAULT_TTL_SECONDS) -> None:
        self.state = state
        self.namespace = namespace
        self.ttl = ttl

    def first_time(self, key: str) -> bool:
        """True the first time `key` is offered within the TTL, False on every repeat (in any worker)."""
        now = self.state.clock()
        name = f"{self.namespace}:{key}"
        with self.state.transaction() as db:
            db.execute("DELETE FROM seen WHERE expires <= ?", (now,))
            inserted = db.execute("INSERT OR IGNORE INTO seen (key, expires) VALUES (?, ?)", (name, now + self.ttl))
            return inserted.rowcount == 1
