"""Random unit vectors in place of passage embeddings: for latency at scale only, never for quality.

Each text gets the same vector every time (seeded by its hash), so a rebuilt tier stores the same index.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from vectorstore.embeddings import EmbedKind


class RandomVectors:
    """An `Embedder` whose vectors are seeded Gaussian noise, normalised; the dimension matches the real model."""

    def __init__(self, dimensions: int) -> None:
        self.dimensions = dimensions
        self.name = f"random-unit-vectors:{dimensions}"
        self.calls_made = 0

    def embed(self, texts: Sequence[str], kind: EmbedKind) -> list[list[float]]:
        self.calls_made += 1
        return [self._vector(text) for text in texts]

    def _vector(self, text: str) -> list[float]:
        seed = int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")
        vector = np.random.default_rng(seed).standard_normal(self.dimensions)
        return (vector / np.linalg.norm(vector)).tolist()
