"""Real ingest runs in subprocesses (tests/ingest/hashing_ingest.py), and the state they leave in a data dir."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ingest.manifest import MANIFEST_NAME, Manifest
from tests.conftest import REPO_ROOT
from vectorstore.embeddings import HashingEmbedder
from vectorstore.settings import StoreSettings
from vectorstore.store import KnowledgeStore

SCRIPT = Path(__file__).with_name("hashing_ingest.py")


def ingest_command(folder: Path, data_dir: Path, *options: str) -> list[str]:
    return [sys.executable, str(SCRIPT), str(folder), "--data-dir", str(data_dir), *options]


def ingest_env(**settings: str) -> dict[str, str]:
    """This environment without KILDESVAR_* settings, plus the given ones; wide enough for the summary table."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("KILDESVAR_")}
    return {**env, "COLUMNS": "200", **settings}


def start_ingest(folder: Path, data_dir: Path, errors: Path, **settings: str) -> subprocess.Popen[bytes]:
    """A run in the background; its standard error goes to the file `errors`."""
    with errors.open("wb") as stderr:
        return subprocess.Popen(
            ingest_command(folder, data_dir), env=ingest_env(**settings), stdout=subprocess.DEVNULL, stderr=stderr
        )


def run_ingest(folder: Path, data_dir: Path, timeout: float = 300, **settings: str) -> subprocess.CompletedProcess[str]:
    command = ingest_command(folder, data_dir)
    return subprocess.run(command, env=ingest_env(**settings), capture_output=True, text=True, timeout=timeout)


def wait_for_lines(log: Path, count: int, timeout: float = 120) -> None:
    """Return once the file has at least `count` lines."""
    wait_for(log, lambda text: len(text.splitlines()) >= count, timeout)


def wait_for(path: Path, condition: Callable[[str], bool], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and condition(path.read_text(encoding="utf-8")):
            return
        time.sleep(0.05)
    raise AssertionError(f"{path} did not reach the expected content in {timeout} s")


def logged(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


@dataclass(frozen=True)
class IndexState:
    chunks: list[list[str]]  # [id, text, title, section] of every chunk in Chroma
    vectors: dict[str, list[float]]  # every chunk's vector in Chroma, rounded
    keyword_ids: list[str]  # every chunk id the committed keyword index finds for a word all chunks share
    keyword_hits: list[str]  # a keyword search's ranked ids
    digests: dict[str, str | None]  # the manifest's digest per source
    commit_pending: bool


def index_state(data_dir: Path) -> IndexState:
    """The data dir's state, read in a fresh process through the store's public methods.

    A fresh process, because embedded Chroma caches a data dir per process: opened here, it would not see
    what a later ingest process writes. Vectors are compared rather than a dense search's order, which
    HNSW leaves open between equal scores.
    """
    command = [sys.executable, "-m", "tests.ingest.processes", str(data_dir)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=REPO_ROOT, check=True)
    return IndexState(**json.loads(result.stdout))


def _read_state(data_dir: Path) -> dict[str, object]:
    store = KnowledgeStore.open(StoreSettings(data_dir=data_dir), HashingEmbedder())
    manifest = Manifest.load(data_dir / MANIFEST_NAME)
    return {
        "chunks": [[chunk.id, chunk.text, chunk.title, chunk.section] for chunk in store.all_chunks()],
        "vectors": {chunk.id: [round(v, 6) for v in vector] for chunk, vector in store.chunks_with_vectors()},
        "keyword_ids": sorted(hit.chunk.id for hit in store.keyword_search("sak", 100_000)),
        "keyword_hits": [hit.chunk.id for hit in store.keyword_search("kommunestyret sak næringsarealer", 10)],
        "digests": {source: entry.digest for source, entry in manifest.sources.items()},
        "commit_pending": manifest.commit_pending,
    }


def write_notes(folder: Path, count: int, version: str = "", prefix: str = "notat") -> Path:
    """`count` small Markdown files; `version` changes every file's text."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (folder / f"{prefix}-{number:02d}.md").write_text(
            f"# {prefix} {number} {version}\n\nKommunestyret behandlet sak {number} om næringsarealer {version}.\n"
            f"\n## Vedtak\n\nVedtaket i sak {number} gjelder regulering {version}.\n",
            encoding="utf-8",
        )
    return folder


if __name__ == "__main__":
    print(json.dumps(_read_state(Path(sys.argv[1]))))
