"""Each suite's index is built once per embedding model and reused while nothing it depends on changed.

A cached index lives in `<cache dir>/<suite>/<backend>-<key>/` as an ordinary store data dir (Chroma files and
keyword index) plus `build.json`. The key hashes what the dense index depends on: every chunk's id, the text
the model embeds (which follows the chunker and `embedding_text`), its metadata and the model's name. The
keyword index depends on the analyzer too; when only the analyzer changed, the keyword index is rebuilt
from the cached collection without embedding anything again.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from itertools import groupby
from pathlib import Path

import vectorstore.analyzer
from vectorstore.chunk_metadata import embedding_text, to_metadata
from vectorstore.embeddings import Embedder
from vectorstore.models import Chunk
from vectorstore.settings import EmbeddingBackend, StoreSettings
from vectorstore.store import KnowledgeStore

_BUILD_FILE = "build.json"
TokenCounter = Callable[[str], int]


@dataclass(frozen=True)
class BuildInfo:
    """How a cached index was built: its key, size and the embedding throughput measured while building."""

    key: str
    embedder: str
    analyzer_version: str
    passages: int
    tokens: int
    embed_seconds: float
    built_at: str

    @property
    def passages_per_second(self) -> float:
        return self.passages / self.embed_seconds if self.embed_seconds else 0.0

    @property
    def tokens_per_second(self) -> float:
        return self.tokens / self.embed_seconds if self.embed_seconds else 0.0


def analyzer_version() -> str:
    """A hash of the analyzer's source as this process loaded it: a change invalidates cached keyword indexes."""
    return _LOADED_ANALYZER_VERSION


_LOADED_ANALYZER_VERSION = hashlib.sha256(inspect.getsource(vectorstore.analyzer).encode("utf-8")).hexdigest()[:16]


def index_key(chunks: Sequence[Chunk], embedder_name: str) -> str:
    digest = hashlib.sha256(embedder_name.encode("utf-8"))
    for chunk in chunks:
        record = [chunk.id, embedding_text(chunk), to_metadata(chunk)]
        digest.update(json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return digest.hexdigest()[:20]


def open_cached_store(
    cache_dir: Path,
    suite: str,
    backend: EmbeddingBackend,
    embedder: Embedder,
    chunks: Sequence[Chunk],
    count_tokens: TokenCounter,
) -> tuple[KnowledgeStore, BuildInfo, bool]:
    """The suite's store for this embedder, its build info, and whether it came from the cache."""
    key = index_key(chunks, embedder.name)
    folder = cache_dir / suite / f"{backend}-{key}"
    settings = StoreSettings(data_dir=folder, chroma_url=None, embedding_backend=backend)
    info = _read_build_info(folder)
    cached = info is not None and info.key == key
    store = KnowledgeStore.open(settings, embedder)
    if info is None or not cached:
        info = _build(store, key, chunks, count_tokens)
        _remove_stale_builds(folder)
    elif info.analyzer_version != analyzer_version():
        store.commit()
        info = replace(info, analyzer_version=analyzer_version())
    _write_build_info(folder, info)
    return store, info, cached


def _build(store: KnowledgeStore, key: str, chunks: Sequence[Chunk], count_tokens: TokenCounter) -> BuildInfo:
    """Embed every source not already stored as it is (an interrupted build resumes), then the keyword index.

    The throughput counts only what this build embedded.
    """
    left_over = store.sources()
    embedded: list[Chunk] = []
    started = time.perf_counter()
    ordered = sorted(chunks, key=lambda chunk: (chunk.source, chunk.position))
    for source, group in groupby(ordered, key=lambda chunk: chunk.source):
        parts = list(group)
        if source not in left_over or store.get([chunk.id for chunk in parts]) != parts:
            store.replace_source(source, parts)
            embedded.extend(parts)
        left_over.discard(source)
    embed_seconds = time.perf_counter() - started
    for source in left_over:
        store.delete_source(source)
    store.commit()
    return BuildInfo(
        key=key,
        embedder=store.embedder.name,
        analyzer_version=analyzer_version(),
        passages=len(embedded),
        tokens=sum(count_tokens(embedding_text(chunk)) for chunk in embedded),
        embed_seconds=round(embed_seconds, 2),
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def _remove_stale_builds(keep: Path) -> None:
    """Drop the suite's older builds for the same backend: their corpus or settings no longer apply."""
    backend = keep.name.rsplit("-", 1)[0]
    for entry in keep.parent.iterdir():
        if entry.is_dir() and entry != keep and entry.name.rsplit("-", 1)[0] == backend:
            shutil.rmtree(entry, ignore_errors=True)


def _read_build_info(folder: Path) -> BuildInfo | None:
    path = folder / _BUILD_FILE
    if not path.exists():
        return None
    try:
        return BuildInfo(**json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, TypeError):
        return None


def _write_build_info(folder: Path, info: BuildInfo) -> None:
    """Written last and atomically: a build interrupted before this point is rebuilt next time."""
    temporary = folder / f"{_BUILD_FILE}.tmp"
    temporary.write_text(json.dumps(asdict(info), indent=1), encoding="utf-8")
    os.replace(temporary, folder / _BUILD_FILE)
