"""State that every worker process of one host shares: one small SQLite file under the data dir.

Rate-limit windows (`service.shared.limits`) and the keys of deliveries already handled
(`service.shared.seen`) live here, so the limits hold and a redelivery is recognised whichever worker
gets the request. SQLite in WAL mode serialises the writers of one host; on several hosts the same two
tables map onto Redis (a sorted set per rate-limit bucket, `SET key NX EX ttl` for seen keys), behind the
same two classes.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

STATE_FILENAME = "shared-state.sqlite3"

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS hits (bucket TEXT NOT NULL, at REAL NOT NULL)",
    "CREATE INDEX IF NOT EXISTS hits_by_bucket ON hits (bucket, at)",
    "CREATE TABLE IF NOT EXISTS seen (key TEXT PRIMARY KEY, expires REAL NOT NULL)",
    "CREATE INDEX IF NOT EXISTS seen_by_expiry ON seen (expires)",
)


class SharedState:
    """The SQLite file of one host's shared state; one connection per thread, opened on first use."""

    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.clock = clock
        self._local = threading.local()
        path.parent.mkdir(parents=True, exist_ok=True)
        _use_write_ahead_log(self._connection())
        with self.transaction() as connection:
            for statement in _SCHEMA:
                connection.execute(statement)

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> SharedState:
        return cls(data_dir / STATE_FILENAME)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """An immediate (write-locked) transaction: other processes wait for it, up to 10 s."""
        connection = self._connection()
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            connection.rollback()
            raise
        connection.commit()

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
            connection.execute("PRAGMA synchronous=NORMAL")
            self._local.connection = connection
        return connection


def _use_write_ahead_log(connection: sqlite3.Connection, attempts: int = 100) -> None:
    """Switch the file to WAL (it stays so). The switch takes no busy timeout: retry while workers start."""
    for _ in range(attempts):
        try:
            if connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                return
            connection.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError as error:
            if "locked" not in str(error):
                raise
            time.sleep(0.05)
    raise sqlite3.OperationalError("the shared state file stayed locked; could not switch it to WAL")
