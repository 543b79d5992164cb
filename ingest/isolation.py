"""Parsing files in a child process with a time limit, so that a hostile file is stopped, not waited for.

One long-lived child (forked from multiprocessing's fork server, which has the loaders imported) parses
and chunks one file at a time. A file that takes longer than `parse_timeout_seconds` gets the child
killed and is reported as failed; the next file starts a fresh child. A child that dies (out of memory,
a crash in a C library) fails only the file it was parsing.
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Any

from ingest.catalog import Catalog
from ingest.documents import LoadError
from ingest.extraction import chunk_file
from ingest.settings import IngestSettings
from vectorstore.models import Chunk

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["ingest.extraction"])
_START_TIMEOUT = 120  # seconds; the first start also starts the fork server, which imports the loaders


class Parser:
    """`chunk(source, content, catalog)` as chunk_file does, within the settings' parse time limit."""

    def __init__(self, settings: IngestSettings) -> None:
        self.settings = settings
        self._child: Any = None
        self._connection: Connection | None = None

    def chunk(self, source: str, content: bytes, catalog: Catalog) -> list[Chunk]:
        timeout = self.settings.parse_timeout_seconds
        if timeout == 0:
            return chunk_file(source, content, catalog, self.settings)
        connection = self._started()
        connection.send((source, content, catalog.only(source), self.settings))
        if not connection.poll(timeout):
            self.close()
            raise LoadError(f"parsing took longer than {timeout:g} s (KILDESVAR_INGEST_PARSE_TIMEOUT_SECONDS)")
        try:
            kind, value = connection.recv()
        except EOFError:
            exit_code = self.close()
            raise LoadError(f"the parser stopped while reading the file (exit code {exit_code})") from None
        if kind == "load_error":
            raise LoadError(value)
        if kind == "error":
            raise RuntimeError(value)
        return value

    def _started(self) -> Connection:
        if self._connection is None:
            ours, theirs = _CONTEXT.Pipe()
            self._child = _CONTEXT.Process(target=_serve, args=(theirs,), name="kildesvar-parser", daemon=True)
            self._child.start()
            theirs.close()
            self._connection = ours
            if not ours.poll(_START_TIMEOUT) or ours.recv() != ("ready", None):  # the time limit is for parsing
                self.close()
                raise RuntimeError("the parser process did not start")
        return self._connection

    def close(self) -> int | None:
        """Stop the child (at once: it may be stuck in a parser); its exit code, None when none ran."""
        if self._child is None:
            return None
        assert self._connection is not None
        self._connection.close()
        self._child.kill()
        self._child.join()
        exit_code = self._child.exitcode
        self._child, self._connection = None, None
        return exit_code

    def __enter__(self) -> Parser:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()


def _serve(connection: Connection) -> None:
    """The child's loop: parse each file sent, send back its chunks or why there are none."""
    connection.send(("ready", None))
    while True:
        try:
            source, content, catalog, settings = connection.recv()
        except EOFError:
            return
        try:
            connection.send(("chunks", chunk_file(source, content, catalog, settings)))
        except LoadError as error:
            connection.send(("load_error", str(error)))
        except Exception as error:  # reported for this file; the child serves the next one
            connection.send(("error", f"{type(error).__name__}: {error}"))
