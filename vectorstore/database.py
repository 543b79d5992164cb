"""The store's own SQLite database beside Chroma: the source registry, the chunk texts and the keyword index.

One file, `<data dir>/store.db`, in WAL mode with `synchronous=FULL`: a write transaction is on disk (fsynced)
when it returns, a crash leaves the last committed state, and a reader sees one consistent snapshot for the
whole of its transaction, so a process loading the keyword index never meets half of another process's commit
or a segment deleted under it. Each thread has its own connection; readers never wait for a writer.

A file that SQLite cannot read, that is shorter than its header says, or that has another schema version is
`DatabaseDamaged` when opened: the store moves it aside and rebuilds it from Chroma. The keyword index inside
it carries checksums of its own (`vectorstore.keyword_index`). A full `PRAGMA quick_check` reads every page
(about a second per 100,000 chunks), too slow for every start.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)

SCHEMA_VERSION = "2"  # 2: chunks.terms, each sentence's keyword terms (vectorstore.sentence_terms)
_BUSY_TIMEOUT_MS = 120_000  # a writer waits this long for another writer (a large commit takes seconds)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (
    source TEXT PRIMARY KEY, title TEXT NOT NULL, doc_type TEXT NOT NULL, url TEXT, date TEXT, short_title TEXT,
    refid TEXT, last_amended TEXT, in_force_from TEXT, chunks INTEGER NOT NULL, announced_amendments INTEGER NOT NULL,
    announced_repeals INTEGER NOT NULL, changes_effective TEXT NOT NULL, ingested_at TEXT NOT NULL,
    generation INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS sources_by_refid ON sources (refid);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, position INTEGER NOT NULL, text TEXT NOT NULL, metadata TEXT NOT NULL,
    refid TEXT, paragraph TEXT, chapter TEXT, terms TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS chunks_by_source ON chunks (source, position);
CREATE TABLE IF NOT EXISTS changes (generation INTEGER PRIMARY KEY, source TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pending (source TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS keyword_segments (
    id INTEGER PRIMARY KEY, documents INTEGER NOT NULL, checksum TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS keyword_arrays (segment INTEGER NOT NULL, name TEXT NOT NULL, data BLOB NOT NULL,
    PRIMARY KEY (segment, name));
CREATE TABLE IF NOT EXISTS keyword_deletions (segment INTEGER PRIMARY KEY, positions BLOB NOT NULL);
"""


class DatabaseDamaged(Exception):
    """The database file cannot be trusted: unreadable, failing its integrity check, or of another schema."""


class StoreDatabase:
    """Connections to one store database, a transaction at a time per thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()

    @classmethod
    def open(cls, path: Path) -> StoreDatabase:
        """The database at `path`, created when absent; `DatabaseDamaged` when it is there but unusable."""
        path.parent.mkdir(parents=True, exist_ok=True)
        database = cls(path)
        try:
            database._prepare()
        except (sqlite3.DatabaseError, DatabaseDamaged) as error:
            database.close()
            raise DatabaseDamaged(f"{path}: {error}") from error
        return database

    def _prepare(self) -> None:
        """Check the file, switch it to WAL, create the tables it lacks, refuse another schema version."""
        connection = self._connection()
        connection.execute("PRAGMA journal_mode=WAL")  # reads the header: "file is not a database" for garbage
        _refuse_if_cut_short(self.path)
        with self.write() as writing:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    writing.execute(statement)
            version = get_meta(writing, "schema")
            if version is None:
                set_meta(writing, "schema", SCHEMA_VERSION)
            elif version != SCHEMA_VERSION:
                raise DatabaseDamaged(f"schema version {version}; this program reads version {SCHEMA_VERSION}")

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            connection.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")
            connection.execute("PRAGMA synchronous=FULL")
            self._local.connection = connection
        return connection

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: every query inside it sees the same committed state."""
        connection = self._connection()
        if connection.in_transaction:  # nested inside this thread's own transaction
            yield connection
            return
        connection.execute("BEGIN")
        try:
            yield connection
        finally:
            connection.execute("COMMIT")

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction, serialised with every other writer; rolled back when the block raises."""
        connection = self._connection()
        if connection.in_transaction:
            yield connection
            return
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def close(self) -> None:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None


def _refuse_if_cut_short(path: Path) -> None:
    """The file must be as long as its header says (SQLite would only notice on reading a missing page)."""
    size = path.stat().st_size
    with path.open("rb") as file:
        header = file.read(100)
    if size == 0:
        return
    if len(header) < 100:
        raise DatabaseDamaged(f"the file is cut short: {size} bytes")
    page_size = int.from_bytes(header[16:18], "big")
    pages = int.from_bytes(header[28:32], "big")
    header_size_valid = header[24:28] == header[92:96]  # the page count is valid only when these agree
    expected = pages * (65536 if page_size == 1 else page_size)
    if header_size_valid and size < expected:
        raise DatabaseDamaged(f"the file is cut short: {size} bytes of {expected}")


def get_meta(connection: sqlite3.Connection, key: str) -> str | None:
    row = connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def set_meta(connection: sqlite3.Connection, key: str, value: str) -> None:
    connection.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))


def set_aside(path: Path) -> Path:
    """Move a damaged database (and its WAL files) out of the way, keeping the last one for inspection."""
    damaged = path.with_name(path.name + ".damaged")
    for suffix in ("", "-wal", "-shm"):
        source = path.with_name(path.name + suffix)
        if source.exists():
            source.replace(damaged.with_name(damaged.name + suffix))
    log.warning("moved the damaged store database %s aside to %s", path, damaged)
    return damaged
