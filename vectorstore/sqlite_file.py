"""The small SQLite files kept beside the index (ingest runs, API keys, the question log, feedback, Teams
threads): each use opens the file, makes sure its schema exists and runs one transaction.

One connection per use keeps them safe to share between threads and worker processes; the 10 s timeout lets
a writer wait for another process's transaction instead of failing with "database is locked".
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path

BUSY_TIMEOUT_SECONDS = 10


@contextmanager
def transaction(path: Path, schema: Sequence[str], pragmas: Sequence[str] = ()) -> Iterator[sqlite3.Connection]:
    """A connection to `path` (created with its folder when missing) inside one transaction, committed when
    the block ends and rolled back when it raises. `pragmas` run first, then each `CREATE ... IF NOT EXISTS`
    statement of `schema`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS)) as connection:
        for statement in (*pragmas, *schema):
            connection.execute(statement)
        with connection:
            yield connection


def connect(path: Path) -> closing[sqlite3.Connection]:
    """A plain connection outside a transaction (for `VACUUM`, which cannot run inside one)."""
    return closing(sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS))
