"""The peer baseline: LlamaIndex's default retrieval path over the same Chroma collection and model.

`VectorStoreIndex.from_vector_store(vector_store, embed_model=...).as_retriever(similarity_top_k=k)` is what a
LlamaIndex user writes; our embedder is wrapped as a LlamaIndex `BaseEmbedding` so both paths embed alike.
"""

from __future__ import annotations

from collections.abc import Sequence

from llama_index.core import VectorStoreIndex
from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from vectorstore.chunk_metadata import from_metadata
from vectorstore.embeddings import Embedder
from vectorstore.models import Chunk
from vectorstore.store import KnowledgeStore


class EmbedderAdapter(BaseEmbedding):
    """Our `Embedder` as a LlamaIndex embedding model (query and passage kinds kept apart)."""

    _embedder: Embedder = PrivateAttr()

    def __init__(self, embedder: Embedder) -> None:
        super().__init__(model_name=embedder.name)
        self._embedder = embedder

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._embedder.embed([query], "query")[0]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._embedder.embed([text], "passage")[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._embedder.embed(texts, "passage")


class LlamaIndexPeer:
    """Searches through LlamaIndex's stock retriever; returns chunks like every other method."""

    def __init__(self, name: str, store: KnowledgeStore, k: int = 10) -> None:
        self.name = name
        self.k = k
        index = VectorStoreIndex.from_vector_store(store.vector_store, embed_model=EmbedderAdapter(store.embedder))
        self._retriever: BaseRetriever = index.as_retriever(similarity_top_k=k)

    def search(self, query: str, k: int) -> Sequence[Chunk]:
        nodes = self._retriever.retrieve(query)
        return [from_metadata(scored.node.get_content(), scored.node.metadata) for scored in nodes[:k]]
