"""The feedback store: votes and comments on answers, kept in SQLite under the data dir.

Every front door records here: the widget through `POST /v1/feedback`, the Slack and Teams bots by
calling `FeedbackStore(path).record(FeedbackEntry(...))` directly (`service.chat.votes`). Content owners
read it with `kildesvar feedback export`, which writes CSV.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, TextIO

from vectorstore.sqlite_file import transaction

FEEDBACK_FILENAME = "feedback.sqlite3"

Channel = Literal["widget", "slack", "teams", "api"]
Vote = Literal[1, -1]

CSV_COLUMNS = ("id", "created_at", "channel", "vote", "question", "answer", "comment", "citations")
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, "CSV Injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    channel TEXT NOT NULL,
    vote INTEGER NOT NULL CHECK (vote IN (1, -1)),
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    citations TEXT NOT NULL,
    comment TEXT NOT NULL
)""",
)


@dataclass(frozen=True)
class FeedbackEntry:
    """One vote on one answer; `citations` are the answer's citations as plain JSON-able dicts."""

    question: str
    answer: str
    vote: Vote
    channel: Channel
    citations: list[dict[str, object]] = field(default_factory=list)
    comment: str = ""
    created_at: datetime | None = None
    id: int | None = None


class FeedbackStore:
    """Appends feedback entries to one SQLite file; safe to share between threads (one connection per call)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> FeedbackStore:
        return cls(data_dir / FEEDBACK_FILENAME)

    def record(self, entry: FeedbackEntry) -> FeedbackEntry:
        """Store `entry` and return it with its id and creation time."""
        created_at = (entry.created_at or datetime.now(UTC)).replace(microsecond=0)
        row = (
            created_at.isoformat(timespec="seconds"),
            entry.channel,
            entry.vote,
            entry.question,
            entry.answer,
            json.dumps(entry.citations, ensure_ascii=False),
            entry.comment,
        )
        with self._connection() as connection:
            cursor = connection.execute(
                "INSERT INTO feedback (created_at, channel, vote, question, answer, citations, comment) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            entry_id = cursor.lastrowid
        return replace(entry, id=entry_id, created_at=created_at)

    def entries(self) -> Iterator[FeedbackEntry]:
        """Every entry, oldest first; nothing when the store has never been written."""
        if not self.path.exists():
            return
        with self._connection() as connection:
            rows = connection.execute(
                "SELECT id, created_at, channel, vote, question, answer, citations, comment FROM feedback ORDER BY id"
            ).fetchall()
        for row in rows:
            yield _entry_from_row(row)

    def export_csv(self, out: TextIO, entries: Iterable[FeedbackEntry] | None = None) -> int:
        """Write every entry (or `entries`, e.g. filtered) as CSV (citations as a JSON column); returns the number
        of rows written."""
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        count = 0
        for entry in self.entries() if entries is None else entries:
            writer.writerow(_csv_row(entry))
            count += 1
        return count

    def _connection(self) -> AbstractContextManager[sqlite3.Connection]:
        return transaction(self.path, _SCHEMA)


def _csv_row(entry: FeedbackEntry) -> tuple[object, ...]:
    created_at = entry.created_at.isoformat() if entry.created_at else ""
    citations = json.dumps(entry.citations, ensure_ascii=False)
    texts = (entry.question, entry.answer, entry.comment, citations)
    return (entry.id, created_at, entry.channel, entry.vote, *(neutralise_formula(text) for text in texts))


def neutralise_formula(text: str) -> str:
    """Text a spreadsheet shows as text: a leading formula character gets a `'` in front (OWASP's rule)."""
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text


def _entry_from_row(row: tuple) -> FeedbackEntry:
    entry_id, created_at, channel, vote, question, answer, citations, comment = row
    return FeedbackEntry(
        id=entry_id,
        created_at=datetime.fromisoformat(created_at),
        channel=channel,
        vote=vote,
        question=question,
        answer=answer,
        citations=json.loads(citations),
        comment=comment,
    )
