"""Each suite's index is built once per embedding model and reused while nothing it depends on changed.

A cached index lives in `<cache dir>/<suite>/<backend>-<key>/` as an ordinary store data dir (Chroma files and
keyword index) plus `build.json`. The key hashes what the dense index depends on: every chunk's id, the text
the model embeds (which follows the chunker and `embedding_text`), its metadata and the model's name. The
keyword index depends on the analyzer too; when only the analyzer changed, the keyword index is rebuilt
from the cached collection without embedding anything again. When the key changed, a new build takes the
vectors of every passage whose embedded text is unchanged from the stale build it replaces, so a change of
metadata or of a few files embeds only what is new.
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
from vectorstore.embeddings import Embedder, EmbedKind
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
    if info is None or not cached:
        reusing = VectorReuse(embedder, _stale_vectors(folder, embedder))
        info = _build(KnowledgeStore.open(settings, reusing), key, chunks, count_tokens, reusing)
        info = _with_larger_throughput_sample(info, folder)
        _remove_stale_builds(folder)
    store = KnowledgeStore.open(settings, embedder)
    if info.analyzer_version != analyzer_version():
        store.commit()
        info = replace(info, analyzer_version=analyzer_version())
    _write_build_info(folder, info)
    return store, info, cached


class VectorReuse:
    """An embedder that answers passages it already has a vector for and embeds only the others.

    `embedded` lists the passages the wrapped model really embedded and `seconds` the time it took, for the
    throughput figure.
    """

    def __init__(self, embedder: Embedder, known: dict[str, list[float]]):
        self.embedder = embedder
        self.name = embedder.name
        self.known = known
        self.embedded: list[str] = []
        self.seconds = 0.0

    @property
    def calls_made(self) -> int:
        return self.embedder.calls_made

    def embed(self, texts: Sequence[str], kind: EmbedKind) -> list[list[float]]:
        if kind == "query":
            return self.embedder.embed(texts, kind)
        missing = [text for text in dict.fromkeys(texts) if text not in self.known]
        if missing:
            started = time.perf_counter()
            self.known.update(zip(missing, self.embedder.embed(missing, kind), strict=True))
            self.seconds += time.perf_counter() - started
            self.embedded.extend(missing)
        return [self.known[text] for text in texts]


def _build(
    store: KnowledgeStore, key: str, chunks: Sequence[Chunk], count_tokens: TokenCounter, reusing: VectorReuse
) -> BuildInfo:
    """Embed every source not already stored as it is (an interrupted build resumes), then the keyword index.

    The throughput counts only what the model embedded in this build.
    """
    left_over = store.sources()
    ordered = sorted(chunks, key=lambda chunk: (chunk.source, chunk.position))
    for source, group in groupby(ordered, key=lambda chunk: chunk.source):
        parts = list(group)
        if source not in left_over or store.get([chunk.id for chunk in parts]) != parts:
            store.replace_source(source, parts)
        left_over.discard(source)
    for source in left_over:
        store.delete_source(source)
    store.commit()
    return BuildInfo(
        key=key,
        embedder=store.embedder.name,
        analyzer_version=analyzer_version(),
        passages=len(reusing.embedded),
        tokens=sum(count_tokens(text) for text in reusing.embedded),
        embed_seconds=round(reusing.seconds, 2),
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def _with_larger_throughput_sample(info: BuildInfo, keep: Path) -> BuildInfo:
    """A build that reused most vectors measured the model on a few passages: keep a stale build's larger sample."""
    stale = [found for folder in _stale_builds(keep) if (found := _read_build_info(folder)) is not None]
    largest = max(stale, key=lambda build: build.passages, default=None)
    if largest is None or largest.passages <= info.passages:
        return info
    return replace(info, passages=largest.passages, tokens=largest.tokens, embed_seconds=largest.embed_seconds)


def _stale_vectors(keep: Path, embedder: Embedder) -> dict[str, list[float]]:
    """Embedded text -> vector from the suite's older builds for the same backend."""
    vectors: dict[str, list[float]] = {}
    for folder in _stale_builds(keep):
        stale = KnowledgeStore.open(StoreSettings(data_dir=folder, chroma_url=None), embedder)
        vectors.update((embedding_text(chunk), vector) for chunk, vector in stale.chunks_with_vectors())
    return vectors


def _remove_stale_builds(keep: Path) -> None:
    """Drop the suite's older builds for the same backend: their corpus or settings no longer apply."""
    for folder in _stale_builds(keep):
        shutil.rmtree(folder, ignore_errors=True)


def _stale_builds(keep: Path) -> list[Path]:
    backend = keep.name.rsplit("-", 1)[0]
    if not keep.parent.is_dir():
        return []
    return [
        entry
        for entry in keep.parent.iterdir()
        if entry.is_dir() and entry != keep and entry.name.rsplit("-", 1)[0] == backend
    ]


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
