"""A record of every ingest run and the files that failed in it, for /metrics and the admin page.

Saved in `<data dir>/ingest-runs.sqlite3`. Each run (a `kildesvar ingest` folder run, an upload through the
API, a re-index, a deletion) is one row with its kind, time, file count and failed-file count; each failed
file is one row with its source and reason (the newest `KEEP_FAILURES` are kept). Every process that
writes the data dir records here, so a scrape of the server counts the command-line runs too.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from vectorstore.sqlite_file import transaction

RUNS_FILENAME = "ingest-runs.sqlite3"
KEEP_FAILURES = 1000
RunKind = Literal["folder", "upload", "reindex", "delete"]

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        files INTEGER NOT NULL,
        failed INTEGER NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS failures (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id INTEGER NOT NULL,
        kind TEXT NOT NULL,
        failed_at TEXT NOT NULL,
        source TEXT NOT NULL,
        reason TEXT NOT NULL
    )""",
)


@dataclass(frozen=True)
class FailedFile:
    source: str
    reason: str
    kind: RunKind
    failed_at: datetime


@dataclass(frozen=True)
class RunTotals:
    """Runs by (kind, "ok" or "failed": a run with a failed file), and failed files by kind, since the start."""

    runs: dict[tuple[str, str], int]
    failed_files: dict[str, int]


class IngestRuns:
    """The run record of one data dir; safe to share between threads and processes (one connection per call)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> IngestRuns:
        return cls(data_dir / RUNS_FILENAME)

    def record(self, kind: RunKind, files: int, failures: Sequence[tuple[str, str]]) -> None:
        """One finished run over `files` files, with the (source, reason) of each that failed."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._connection() as connection:
            run_id = connection.execute(
                "INSERT INTO runs (kind, finished_at, files, failed) VALUES (?, ?, ?, ?)",
                (kind, now, files, len(failures)),
            ).lastrowid
            connection.executemany(
                "INSERT INTO failures (run_id, kind, failed_at, source, reason) VALUES (?, ?, ?, ?, ?)",
                [(run_id, kind, now, source, reason) for source, reason in failures],
            )
            connection.execute("DELETE FROM failures WHERE id <= (SELECT MAX(id) FROM failures) - ?", (KEEP_FAILURES,))

    def totals(self) -> RunTotals:
        if not self.path.exists():
            return RunTotals({}, {})
        with self._connection() as connection:
            runs = connection.execute(
                "SELECT kind, failed > 0, COUNT(*) FROM runs GROUP BY kind, failed > 0"
            ).fetchall()
            files = connection.execute("SELECT kind, SUM(failed) FROM runs GROUP BY kind").fetchall()
        return RunTotals(
            {(kind, "failed" if failed else "ok"): count for kind, failed, count in runs},
            {kind: int(count or 0) for kind, count in files},
        )

    def recent_failures(self, limit: int = 100) -> list[FailedFile]:
        """The newest failed files first."""
        if not self.path.exists():
            return []
        with self._connection() as connection:
            rows = connection.execute(
                "SELECT source, reason, kind, failed_at FROM failures ORDER BY id DESC LIMIT ?", (limit,)
            ).fetchall()
        return [FailedFile(source, reason, kind, datetime.fromisoformat(at)) for source, reason, kind, at in rows]

    def _connection(self) -> AbstractContextManager[sqlite3.Connection]:
        return transaction(self.path, _SCHEMA)
