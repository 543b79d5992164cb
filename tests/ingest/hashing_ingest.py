"""`kildesvar ingest` as a subprocess with the HashingEmbedder test double, for tests that run or kill real runs.

    python tests/ingest/hashing_ingest.py FOLDER --data-dir DIR [--prune] ...

Environment, all optional:
- KILDESVAR_TEST_EMBED_DELAY: seconds to sleep in every embedding call (a slow model, so runs overlap);
- KILDESVAR_TEST_WRITE_LOG: a file that gets one line per source the run embeds and stores, and the line
  "commit" when it commits the keyword index;
- KILDESVAR_TEST_HOLD_FILE: after each stored file, wait while this file exists (a run paused at a known
  point, holding the data dir's lock, until the test lets it go on);
- KILDESVAR_TEST_KILL_AT: where the process sends itself SIGKILL: `embed:N` inside the N-th file's
  embedding, `stored:N` right after the N-th file is in Chroma (before the manifest records it), `commit`
  before the keyword index is committed, `committed` right after it is (before the manifest says so).
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from vectorstore import store as store_module
from vectorstore.embeddings import EmbedKind, HashingEmbedder
from vectorstore.models import Chunk

DELAY = float(os.environ.get("KILDESVAR_TEST_EMBED_DELAY", "0"))
LOG = os.environ.get("KILDESVAR_TEST_WRITE_LOG")
KILL_AT = os.environ.get("KILDESVAR_TEST_KILL_AT", "")
HOLD = os.environ.get("KILDESVAR_TEST_HOLD_FILE")
_written = 0


def _log(line: str) -> None:
    if LOG:
        with Path(LOG).open("a", encoding="utf-8") as file:
            file.write(line + "\n")


def _kill_if(point: str) -> None:
    if point == KILL_AT:
        os.kill(os.getpid(), signal.SIGKILL)


class _TestEmbedder(HashingEmbedder):
    def embed(self, texts: Sequence[str], kind: EmbedKind) -> list[list[float]]:
        if kind == "passage":
            _kill_if(f"embed:{_written + 1}")
            time.sleep(DELAY)
        return super().embed(texts, kind)


_replace_source = store_module.KnowledgeStore.replace_source
_commit = store_module.KnowledgeStore.commit


def _logged_replace(self: store_module.KnowledgeStore, source: str, chunks: Sequence[Chunk]) -> None:
    global _written
    _replace_source(self, source, chunks)
    _written += 1
    _log(source)
    _kill_if(f"stored:{_written}")
    while HOLD and Path(HOLD).exists():
        time.sleep(0.05)


def _logged_commit(self: store_module.KnowledgeStore) -> None:
    _kill_if("commit")
    _commit(self)
    _log("commit")
    _kill_if("committed")


store_module.create_embedder = lambda settings: _TestEmbedder()
store_module.KnowledgeStore.replace_source = _logged_replace  # type: ignore[method-assign]
store_module.KnowledgeStore.commit = _logged_commit  # type: ignore[method-assign]

if __name__ == "__main__":
    from ingest.cli import app

    app(sys.argv[1:], prog_name="kildesvar ingest")
