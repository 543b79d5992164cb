"""The small SQLite files beside the index: schema on first use, one transaction per use."""

from __future__ import annotations

from pathlib import Path

import pytest

from vectorstore.sqlite_file import transaction

SCHEMA = ("CREATE TABLE IF NOT EXISTS notes (text TEXT NOT NULL)",)


def _texts(path: Path) -> list[str]:
    with transaction(path, SCHEMA) as connection:
        return [text for (text,) in connection.execute("SELECT text FROM notes ORDER BY rowid")]


def test_a_missing_file_and_folder_are_created_with_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "notes.sqlite3"
    with transaction(path, SCHEMA) as connection:
        connection.execute("INSERT INTO notes VALUES ('første')")
    assert _texts(path) == ["første"]


def test_a_block_that_raises_leaves_nothing_behind(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    with transaction(path, SCHEMA) as connection:
        connection.execute("INSERT INTO notes VALUES ('kept')")
    with pytest.raises(RuntimeError), transaction(path, SCHEMA) as connection:
        connection.execute("INSERT INTO notes VALUES ('half-written')")
        raise RuntimeError("interrupted")
    assert _texts(path) == ["kept"]


def test_pragmas_run_before_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    with transaction(path, SCHEMA, pragmas=("PRAGMA secure_delete=ON",)) as connection:
        assert connection.execute("PRAGMA secure_delete").fetchone() == (1,)
