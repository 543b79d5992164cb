"""The questions and answers of Teams threads, kept so that follow-ups carry the conversation history.

Slack can be asked for a thread's messages; the Bot Framework cannot, so the bot remembers its own
answers: one row per answer with the thread it belongs to, in SQLite under the data dir (every worker of
one host shares it, and it survives restarts). Rows older than `keep_days` are deleted as new ones come;
with `keep_days` 0 nothing is stored and every question stands alone.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from service.answer.contract import Turn
from service.chat.history import MAX_TURNS, turn
from vectorstore.sqlite_file import transaction

THREADS_FILENAME = "teams_threads.sqlite3"

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL,
    answer_id TEXT NOT NULL,
    thread TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    created_at TEXT NOT NULL
)""",
    """CREATE INDEX IF NOT EXISTS answers_by_thread ON answers (thread)""",
    """CREATE INDEX IF NOT EXISTS answers_by_message ON answers (conversation_id, answer_id)""",
)


class ThreadStore:
    """Appends answers to one SQLite file; safe to share between threads (one connection per call)."""

    def __init__(self, path: Path, keep_days: int) -> None:
        self.path = path
        self.keep_days = keep_days

    @classmethod
    def in_data_dir(cls, data_dir: Path, keep_days: int) -> ThreadStore:
        return cls(data_dir / THREADS_FILENAME, keep_days)

    def record(self, conversation_id: str, answer_id: str, thread: str, question: str, answer: str) -> None:
        """Remember one answer posted as `answer_id` in `thread`, and forget what is past its keeping time."""
        if self.keep_days == 0:
            return
        now = datetime.now(UTC)
        with self._connection() as connection:
            connection.execute(
                "INSERT INTO answers (conversation_id, answer_id, thread, question, answer, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (conversation_id, answer_id, thread, question, answer, now.isoformat(timespec="seconds")),
            )
            cutoff = now - timedelta(days=self.keep_days)
            connection.execute("DELETE FROM answers WHERE created_at < ?", (cutoff.isoformat(timespec="seconds"),))

    def thread_of(self, conversation_id: str, message_ids: Sequence[str]) -> str | None:
        """The thread of the latest of our answers among `message_ids` in the conversation, if any."""
        if not message_ids or not self.path.exists():
            return None
        marks = ",".join("?" * len(message_ids))
        with self._connection() as connection:
            row = connection.execute(
                f"SELECT thread FROM answers WHERE conversation_id = ? AND answer_id IN ({marks}) "
                "ORDER BY id DESC LIMIT 1",
                (conversation_id, *message_ids),
            ).fetchone()
        return row[0] if row else None

    def turns(self, thread: str) -> list[Turn]:
        """The thread's exchanges, oldest first, as the engine takes them (at most MAX_TURNS)."""
        if not self.path.exists():
            return []
        with self._connection() as connection:
            rows = connection.execute(
                "SELECT question, answer FROM (SELECT id, question, answer FROM answers WHERE thread = ? "
                "ORDER BY id DESC LIMIT ?) ORDER BY id",
                (thread, MAX_TURNS),
            ).fetchall()
        return [turn(question, answer) for question, answer in rows]

    def _connection(self) -> AbstractContextManager[sqlite3.Connection]:
        return transaction(self.path, _SCHEMA)
