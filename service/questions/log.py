"""The question log: every answered or refused question, kept in SQLite under the data dir for a retention period.

Each front door's answers reach it through the answer engine's observer hook (`QuestionLogObserver`), so the
HTTP API, the widget, Slack and Teams are all logged the same way. A row holds the question as asked, when,
through which channel, whether it was refused and why, the sources the answer cites and how long it took.
Rows older than the retention period (`KILDESVAR_QUESTION_LOG_DAYS`) are deleted at start-up and then at
most every `PURGE_INTERVAL` while questions come in; deleted text is overwritten (SQLite's `secure_delete`).
The question text goes here only, never into the access log.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from service.answer.trace import AnswerTrace, Channel
from vectorstore.sqlite_file import connect, transaction

QUESTIONS_FILENAME = "questions.sqlite3"
PURGE_INTERVAL = timedelta(hours=1)

logger = logging.getLogger(__name__)

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS questions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        asked_at TEXT NOT NULL,
        channel TEXT NOT NULL,
        question TEXT NOT NULL,
        refused INTEGER NOT NULL,
        reason TEXT,
        sources TEXT NOT NULL,
        latency_ms REAL NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS questions_by_time ON questions (asked_at)",
)


@dataclass(frozen=True)
class LoggedQuestion:
    asked_at: datetime
    channel: Channel
    question: str
    refused: bool
    reason: str | None
    sources: tuple[str, ...]
    latency_ms: float
    id: int | None = None


class QuestionLog:
    """One SQLite file; safe to share between threads and worker processes (one connection per call)."""

    def __init__(self, path: Path, days: int, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.path = path
        self.days = days
        self.clock = clock

    @classmethod
    def in_data_dir(cls, data_dir: Path, days: int) -> QuestionLog:
        return cls(data_dir / QUESTIONS_FILENAME, days)

    @property
    def enabled(self) -> bool:
        return self.days > 0

    def cutoff(self) -> datetime:
        """Rows asked before this are past the retention period."""
        return self.clock() - timedelta(days=self.days)

    def record(self, entry: LoggedQuestion) -> None:
        if not self.enabled:
            return
        row = (
            _iso(entry.asked_at),
            entry.channel,
            entry.question,
            int(entry.refused),
            entry.reason,
            json.dumps(entry.sources, ensure_ascii=False),
            round(entry.latency_ms, 2),
        )
        with self._connection() as connection:
            connection.execute(
                "INSERT INTO questions (asked_at, channel, question, refused, reason, sources, latency_ms) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                row,
            )

    def entries(self, since: datetime | None = None) -> list[LoggedQuestion]:
        """Rows asked since `since` (never older than the retention period), oldest first."""
        if not self.enabled or not self.path.exists():
            return []
        start = max(since, self.cutoff()) if since else self.cutoff()
        with self._connection() as connection:
            rows = connection.execute(
                "SELECT id, asked_at, channel, question, refused, reason, sources, latency_ms FROM questions "
                "WHERE asked_at >= ? ORDER BY asked_at, id",
                (_iso(start),),
            ).fetchall()
        return [_entry(row) for row in rows]

    def purge(self) -> int:
        """Delete the rows past the retention period (every row when the log is off); returns how many."""
        if not self.path.exists():
            return 0
        with self._connection() as connection:
            if self.enabled:
                cursor = connection.execute("DELETE FROM questions WHERE asked_at < ?", (_iso(self.cutoff()),))
            else:
                cursor = connection.execute("DELETE FROM questions")
            return cursor.rowcount

    def delete_all(self) -> int:
        """Delete every logged question, whatever its age; returns how many."""
        if not self.path.exists():
            return 0
        with self._connection() as connection:
            deleted = connection.execute("DELETE FROM questions").rowcount
        with connect(self.path) as connection:
            connection.execute("VACUUM")  # the file shrinks and keeps no trace of the text
        return deleted

    def _connection(self) -> AbstractContextManager[sqlite3.Connection]:
        return transaction(self.path, _SCHEMA, ("PRAGMA secure_delete=ON",))


class QuestionLogObserver:
    """The engine's observer that writes each answer's trace to the log, purging old rows now and then.

    A failure to write is logged and never fails the answer.
    """

    def __init__(self, log: QuestionLog, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.log = log
        self.monotonic = monotonic
        self._purged_at: float | None = None

    def answered(self, trace: AnswerTrace) -> None:
        entry = LoggedQuestion(
            asked_at=self.log.clock(),
            channel=trace.channel,
            question=trace.question,
            refused=trace.refusal is not None,
            reason=trace.refusal,
            sources=trace.sources,
            latency_ms=sum(trace.seconds.values()) * 1000,
        )
        try:
            self.log.record(entry)
            self._purge_when_due()
        except sqlite3.Error:
            logger.exception("Could not write to the question log %s", self.log.path)

    def _purge_when_due(self) -> None:
        now = self.monotonic()
        if self._purged_at is None or now - self._purged_at >= PURGE_INTERVAL.total_seconds():
            self._purged_at = now
            self.log.purge()


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _entry(row: tuple) -> LoggedQuestion:
    entry_id, asked_at, channel, question, refused, reason, sources, latency_ms = row
    return LoggedQuestion(
        id=entry_id,
        asked_at=datetime.fromisoformat(asked_at),
        channel=channel,
        question=question,
        refused=bool(refused),
        reason=reason,
        sources=tuple(json.loads(sources)),
        latency_ms=latency_ms,
    )
