"""The retrieval methods compared side by side. Each answers `search(query, k)` with ranked chunks."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from service.retrieval.retriever import Retriever
from service.retrieval.settings import RetrievalSettings
from vectorstore.keyword_index import KeywordIndex
from vectorstore.models import Chunk
from vectorstore.store import KnowledgeStore

_WORD = re.compile(r"\w+", re.UNICODE)


class Method(Protocol):
    name: str

    def search(self, query: str, k: int) -> Sequence[Chunk]: ...


def plain_tokens(text: str) -> list[str]:
    """The BM25 baseline's analyzer: lowercase word tokens, nothing else."""
    return _WORD.findall(text.lower())


class KeywordMethod:
    """BM25 over an in-memory keyword index."""

    def __init__(self, name: str, index: KeywordIndex, chunks: Sequence[Chunk]) -> None:
        self.name = name
        self._index = index
        self._chunks = {chunk.id: chunk for chunk in chunks}

    @classmethod
    def plain(cls, name: str, chunks: Sequence[Chunk]) -> KeywordMethod:
        index = KeywordIndex.build(plain_tokens, [c.id for c in chunks], [c.text for c in chunks])
        return cls(name, index, chunks)

    def search(self, query: str, k: int) -> Sequence[Chunk]:
        return [self._chunks[chunk_id] for chunk_id, _score in self._index.search(query, k)]


class DenseMethod:
    """Nearest neighbours in the store's Chroma collection."""

    def __init__(self, name: str, store: KnowledgeStore) -> None:
        self.name = name
        self._store = store

    def search(self, query: str, k: int) -> Sequence[Chunk]:
        return [hit.chunk for hit in self._store.dense_search(query, k)]


class HybridMethod:
    """Kildesvar's own retrieval: the service's Retriever (dense + keyword, fused, § references first)."""

    def __init__(self, name: str, store: KnowledgeStore, settings: RetrievalSettings | None = None) -> None:
        self.name = name
        self._retriever = Retriever(store, settings)

    def search(self, query: str, k: int) -> Sequence[Chunk]:
        return [hit.chunk for hit in self._retriever.search(query, k)]
