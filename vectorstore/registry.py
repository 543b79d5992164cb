"""The source registry: every stored source with its document fields, and every chunk's text, metadata and
sentence terms (`vectorstore.sentence_terms`).

It lives in the store database and is updated per source, in the same call that writes the source to Chroma,
so listing sources, the law catalogue, `get` and the keyword index never need a read of the whole collection.
Each change to a source raises the store's generation by one and is logged with it, so a reader that has
seen generation g can ask which sources changed since (`changed_since`) and update only those. Sources whose
change the keyword index has not taken in yet are `pending`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import fields
from datetime import UTC, datetime

from vectorstore import sentence_terms
from vectorstore.chunk_metadata import from_metadata, to_metadata
from vectorstore.database import StoreDatabase, get_meta, set_meta
from vectorstore.models import Chunk, ChunkOutline, Document

_CHANGES_KEPT = 100_000  # generations a reader may lag behind and still update per source
_IDS_PER_QUERY = 500
_ANNOUNCED = {"endres": "announced_amendments", "oppheves": "announced_repeals"}
_DOCUMENT_FIELDS = tuple(field.name for field in fields(Document))
_DOCUMENT_COLUMNS = ", ".join(_DOCUMENT_FIELDS)


class SourceRegistry:
    """Reads and per-source writes of the registry tables; every method is its own transaction or joins the
    thread's open one."""

    def __init__(self, database: StoreDatabase) -> None:
        self.database = database

    def replace(self, source: str, chunks: Sequence[Chunk]) -> None:
        """Record the source's chunks in place of its old ones (none: the source is deleted)."""
        with self.database.write() as connection:
            old = connection.execute("SELECT chunks FROM sources WHERE source = ?", (source,)).fetchone()
            total = int(get_meta(connection, "chunks") or 0) - (old[0] if old else 0) + len(chunks)
            set_meta(connection, "chunks", str(total))
            connection.execute("DELETE FROM chunks WHERE source = ?", (source,))
            connection.execute("DELETE FROM sources WHERE source = ?", (source,))
            connection.executemany(
                "INSERT INTO chunks (id, source, position, text, metadata, refid, paragraph, chapter, terms) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [_chunk_row(chunk) for chunk in chunks],
            )
            generation = _next_generation(connection, source)
            if chunks:
                connection.execute(
                    f"INSERT INTO sources ({_DOCUMENT_COLUMNS}, generation) VALUES ({', '.join('?' * 15)})",
                    (*_document_row(source, chunks), generation),
                )
            connection.execute("INSERT OR IGNORE INTO pending (source) VALUES (?)", (source,))

    def delete(self, source: str) -> None:
        self.replace(source, ())

    def documents(self) -> list[Document]:
        """Every stored source, by source name."""
        with self.database.read() as connection:
            rows = connection.execute(f"SELECT {_DOCUMENT_COLUMNS} FROM sources ORDER BY source").fetchall()
        return [_document(row) for row in rows]

    def document(self, source: str) -> Document | None:
        with self.database.read() as connection:
            row = connection.execute(f"SELECT {_DOCUMENT_COLUMNS} FROM sources WHERE source = ?", (source,)).fetchone()
        return None if row is None else _document(row)

    def sources(self) -> set[str]:
        with self.database.read() as connection:
            return {row[0] for row in connection.execute("SELECT source FROM sources")}

    def sources_of(self, refids: Collection[str]) -> list[str]:
        """The sources of these laws (by refid)."""
        with self.database.read() as connection:
            return [row[0] for row in _select_in(connection, "SELECT source FROM sources WHERE refid IN", refids)]

    def count(self) -> int:
        """The number of stored chunks (a counter kept by `replace`: no work that grows with the store)."""
        with self.database.read() as connection:
            return int(get_meta(connection, "chunks") or 0)

    def get(self, ids: Sequence[str]) -> list[Chunk]:
        """The chunks with these ids, in the order asked; unknown ids are left out."""
        with self.database.read() as connection:
            rows = _select_in(connection, "SELECT id, text, metadata FROM chunks WHERE id IN", ids)
            found = {chunk_id: from_metadata(text, json.loads(metadata)) for chunk_id, text, metadata in rows}
        return [found[chunk_id] for chunk_id in ids if chunk_id in found]

    def sentence_terms(self, ids: Collection[str]) -> dict[str, sentence_terms.SentenceTerms]:
        """Each sentence's keyword terms of the chunks with these ids, as stored with them; unknown ids are left out."""
        with self.database.read() as connection:
            rows = _select_in(connection, "SELECT id, terms FROM chunks WHERE id IN", ids)
        return {chunk_id: sentence_terms.decode(terms) for chunk_id, terms in rows}

    def chunks(self, sources: Iterable[str] | None = None) -> Iterator[Chunk]:
        """The chunks of these sources (default: all), by source and position."""
        with self.database.read() as connection:
            if sources is None:
                rows: Iterable = connection.execute("SELECT text, metadata FROM chunks ORDER BY source, position")
            else:
                rows = [
                    row
                    for source in sorted(set(sources))
                    for row in connection.execute(
                        "SELECT text, metadata FROM chunks WHERE source = ? ORDER BY position", (source,)
                    )
                ]
            for text, metadata in rows:
                yield from_metadata(text, json.loads(metadata))

    def outline(self, sources: Iterable[str] | None = None) -> list[ChunkOutline]:
        """The place (id, source, position, refid, §, chapter) of every chunk of these sources (default: all),
        by source and position."""
        query = "SELECT id, source, position, refid, paragraph, chapter FROM chunks"
        with self.database.read() as connection:
            if sources is None:
                rows = connection.execute(f"{query} ORDER BY source, position").fetchall()
            else:
                rows = [
                    row
                    for source in sorted(set(sources))
                    for row in connection.execute(f"{query} WHERE source = ? ORDER BY position", (source,))
                ]
        return [ChunkOutline(*row) for row in rows]

    def generation(self) -> int:
        """Raised by one for every change to a source; never lowered."""
        with self.database.read() as connection:
            return int(get_meta(connection, "generation") or 0)

    def changed_since(self, generation: int) -> set[str] | None:
        """The sources changed after `generation`; None when the log no longer reaches back that far."""
        with self.database.read() as connection:
            oldest = connection.execute("SELECT min(generation) FROM changes").fetchone()[0]
            current = int(get_meta(connection, "generation") or 0)
            if generation >= current:
                return set()
            if oldest is None or oldest > generation + 1:
                return None
            rows = connection.execute("SELECT source FROM changes WHERE generation > ?", (generation,))
            return {row[0] for row in rows}


def pending_sources(connection: sqlite3.Connection) -> list[str]:
    return [row[0] for row in connection.execute("SELECT source FROM pending ORDER BY source")]


def clear_pending(connection: sqlite3.Connection, sources: Iterable[str] | None = None) -> None:
    if sources is None:
        connection.execute("DELETE FROM pending")
    else:
        connection.executemany("DELETE FROM pending WHERE source = ?", [(source,) for source in sources])


def _next_generation(connection: sqlite3.Connection, source: str) -> int:
    generation = int(get_meta(connection, "generation") or 0) + 1
    set_meta(connection, "generation", str(generation))
    connection.execute("INSERT INTO changes (generation, source) VALUES (?, ?)", (generation, source))
    connection.execute("DELETE FROM changes WHERE generation <= ?", (generation - _CHANGES_KEPT,))
    return generation


def _select_in(connection: sqlite3.Connection, query: str, values: Collection[str]) -> list[tuple]:
    """`query` ending in "... IN" run for the values, a few hundred at a time (SQLite limits parameters)."""
    values = list(values)
    rows: list[tuple] = []
    for start in range(0, len(values), _IDS_PER_QUERY):
        part = values[start : start + _IDS_PER_QUERY]
        rows.extend(connection.execute(f"{query} ({', '.join('?' * len(part))})", part))
    return rows


def _chunk_row(chunk: Chunk) -> tuple:
    metadata = json.dumps(to_metadata(chunk), ensure_ascii=False)
    return (
        chunk.id, chunk.source, chunk.position, chunk.text, metadata, chunk.refid, chunk.paragraph, chunk.chapter,
        sentence_terms.encode(chunk.text),
    )  # fmt: skip


def _document_row(source: str, chunks: Sequence[Chunk]) -> tuple:
    first = chunks[0]
    announced = dict.fromkeys(_ANNOUNCED.values(), 0)
    effective: set[str] = set()
    for chunk in chunks:
        notes = [note for note in chunk.amendments if note.kind in _ANNOUNCED]
        for kind in {note.kind for note in notes}:
            announced[_ANNOUNCED[kind]] += 1
        effective.update(note.effective for note in notes if note.effective)
    ingested_at = datetime.now(UTC).isoformat(timespec="seconds")
    return (
        source, first.title, first.doc_type, len(chunks), ingested_at, first.url, first.date, first.short_title,
        first.refid, first.last_amended, first.in_force_from, announced["announced_amendments"],
        announced["announced_repeals"], json.dumps(sorted(effective)),
    )  # fmt: skip


def _document(row: tuple) -> Document:
    values = dict(zip(_DOCUMENT_FIELDS, row, strict=True))
    values["changes_effective"] = tuple(json.loads(values["changes_effective"]))
    return Document(**values)
