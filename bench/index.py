"""A tier's index, built once by the product's own ingest pipeline and kept under the cache dir.

`<cache>/indexes/<tier>-<vectors>-<key>/` holds `corpus/` (a copy of the tier's Lovdata files), `data/`
(an ordinary data dir: Chroma files, keyword index, manifest), `started.json` (the embedder, written first)
and `build.json`, written last. The key hashes the tier's chunks and the embedder; `build.json` records a
hash of the code that wrote the data dir, and an index written by other code is built again (unless asked
to keep it, for a quick measurement while that code changes). A real-vector build takes the vectors of
every passage an earlier real-vector build of any tier embedded with the same model, finished or
interrupted.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import ingest.manifest
import ingest.pipeline
from bench.machine import current_commit
from bench.random_vectors import RandomVectors
from bench.tiers import Tier, TierCorpus, Vectors
from evaluation.index_cache import VectorReuse, index_key
from evaluation.models import EvalModel
from ingest.pipeline import ingest_folder
from ingest.settings import IngestSettings
from vectorstore.chunk_metadata import embedding_text
from vectorstore.embeddings import Embedder
from vectorstore.settings import StoreSettings
from vectorstore.store import KnowledgeStore

_BUILD_FILE = "build.json"
_STARTED_FILE = "started.json"
Progress = Callable[[str], None]


@dataclass(frozen=True)
class TierIndex:
    """A built tier: where its data dir is, what it holds and what building it cost."""

    tier: str
    vectors: Vectors
    embedder: str
    folder: str
    files: int
    chunks: int
    tokens: int
    build_seconds: float
    embedded_passages: int
    embed_seconds: float
    built_at: str
    store_code: str  # hash of the code that wrote the data dir (see `store_code`)
    commit: str

    @property
    def data_dir(self) -> Path:
        return Path(self.folder) / "data"


def open_tier_index(
    cache_dir: Path,
    tier: Tier,
    vectors: Vectors,
    corpus: TierCorpus,
    model: EvalModel,
    progress: Progress,
    keep_older_store_code: bool = False,
) -> tuple[TierIndex, bool]:
    """The tier's index and whether it came from the cache; built (and older builds removed) when missing.

    An index written by other store code is built again, unless `keep_older_store_code` (then the results
    say which commit wrote it).
    """
    embedder = tier_embedder(vectors, model)
    key = index_key(corpus.chunks, embedder.name)[:16]
    # A folder per store code: a rebuild never writes where this process has opened an older build to take
    # its vectors (Chroma keeps one client per path for the life of the process; a folder deleted and built
    # again under it fails with "attempt to write a readonly database").
    folder = cache_dir / "indexes" / f"{tier.name}-{vectors}-{key}-{store_code()}"
    older = sorted((cache_dir / "indexes").glob(f"{tier.name}-{vectors}-{key}*")) if keep_older_store_code else []
    built = next(filter(None, map(_read_build, [folder, *older])), None)
    if built is not None:
        return built, True
    known = _known_vectors(cache_dir, embedder.name) if vectors == "real" else {}
    shutil.rmtree(folder, ignore_errors=True)
    index = _build(folder, tier, vectors, corpus, VectorReuse(embedder, known), model, progress)
    for stale in (cache_dir / "indexes").glob(f"{tier.name}-{vectors}-*"):
        if stale != folder:
            shutil.rmtree(stale, ignore_errors=True)
    return index, False


def tier_embedder(vectors: Vectors, model: EvalModel) -> Embedder:
    """The model itself, or random vectors of its dimension."""
    if vectors == "real":
        return model.embedder
    return RandomVectors(len(model.embedder.embed(["dimension probe"], "passage")[0]))


def _build(
    folder: Path,
    tier: Tier,
    vectors: Vectors,
    corpus: TierCorpus,
    embedder: VectorReuse,
    model: EvalModel,
    progress: Progress,
) -> TierIndex:
    commit = current_commit()
    copy_corpus(corpus, folder / "corpus")
    (folder / _STARTED_FILE).write_text(json.dumps({"embedder": embedder.name}), encoding="utf-8")
    store = KnowledgeStore.open(StoreSettings(data_dir=folder / "data", chroma_url=None), embedder)
    started = time.perf_counter()
    report = ingest_folder(
        folder / "corpus",
        store,
        IngestSettings(),
        on_progress=lambda done: progress(
            f"{tier.name}: file {done.files_done}/{done.files_total}, {done.chunks_embedded} chunks stored"
        ),
    )
    seconds = time.perf_counter() - started
    if not report.ok:
        raise RuntimeError(f"building tier {tier.name} failed: {report.failed[:3]}")
    progress(f"{tier.name}: counting tokens")
    index = TierIndex(
        tier=tier.name,
        vectors=vectors,
        embedder=embedder.name,
        folder=str(folder),
        files=len(corpus.files),
        chunks=len(corpus.chunks),
        tokens=sum(model.count_tokens(embedding_text(chunk)) for chunk in corpus.chunks),
        build_seconds=round(seconds, 1),
        embedded_passages=len(embedder.embedded),
        embed_seconds=round(embedder.seconds, 1),
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
        store_code=store_code(),
        commit=commit,
    )
    _write_build(folder, index)
    return index


def copy_corpus(corpus: TierCorpus, target: Path) -> None:
    """A folder with copies of the corpus files under their own relative paths (so chunk ids match).

    Copies, not links: ingest refuses a symbolic link that leads out of the folder it ingests.
    """
    for source in corpus.files:
        copy = target / source
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(corpus.root / source, copy)


def store_code() -> str:
    """A hash of the code that writes a data dir: every loaded module of `vectorstore` and the two of
    `ingest` that write to it (a change of chunking or loading shows in the chunks themselves)."""
    digest = hashlib.sha256()
    writers = sorted(name for name in sys.modules if name.partition(".")[0] == "vectorstore")
    for name in [*writers, ingest.pipeline.__name__, ingest.manifest.__name__]:
        digest.update(inspect.getsource(sys.modules[name]).encode("utf-8"))
    return digest.hexdigest()[:16]


def _known_vectors(cache_dir: Path, embedder_name: str) -> dict[str, list[float]]:
    """Embedded text -> vector from every real-vector build of this model (any tier, any key), finished or
    interrupted: an interrupted build goes on where it stopped."""
    known: dict[str, list[float]] = {}
    for folder in sorted((cache_dir / "indexes").glob("*-real-*")):
        if _started_with(folder) != embedder_name:
            continue
        stale = KnowledgeStore.open(StoreSettings(data_dir=folder / "data", chroma_url=None), RandomVectors(1))
        known.update((embedding_text(chunk), vector) for chunk, vector in stale.chunks_with_vectors())
    return known


def _started_with(folder: Path) -> str | None:
    """The embedder a build was started with (recorded before its first passage is stored)."""
    try:
        return json.loads((folder / _STARTED_FILE).read_text(encoding="utf-8"))["embedder"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _read_build(folder: Path) -> TierIndex | None:
    try:
        return TierIndex(**json.loads((folder / _BUILD_FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def _write_build(folder: Path, index: TierIndex) -> None:
    """Written last and atomically: a build interrupted before this point is built again next time."""
    temporary = folder / f"{_BUILD_FILE}.tmp"
    temporary.write_text(json.dumps(asdict(index), indent=1), encoding="utf-8")
    os.replace(temporary, folder / _BUILD_FILE)
