"""The knowledge store: one Chroma collection (through LlamaIndex's ChromaVectorStore) plus a keyword index.

Writers call `replace_source` / `delete_source` per document and `commit` once per batch; the keyword index
is rebuilt from the collection at commit, so both indexes always hold the same chunks.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterator, Sequence

from chromadb.api.types import GetResult
from llama_index.core.schema import BaseNode, NodeRelationship, RelatedNodeInfo, TextNode
from llama_index.core.vector_stores.types import MetadataFilter, MetadataFilters, VectorStoreQuery
from llama_index.vector_stores.chroma import ChromaVectorStore

from vectorstore.analyzer import analyze
from vectorstore.chroma_collection import open_client, open_collection
from vectorstore.chunk_metadata import embedding_text, from_metadata, to_metadata
from vectorstore.embeddings import Embedder, create_embedder
from vectorstore.keyword_index import KeywordIndex, saved_version
from vectorstore.models import Chunk, Hit
from vectorstore.settings import StoreSettings

_PAGE_SIZE = 5000


class KnowledgeStore:
    """Dense and keyword search over the same set of chunks."""

    def __init__(self, settings: StoreSettings, embedder: Embedder, collection, keyword_index: KeywordIndex):
        self.settings = settings
        self.embedder = embedder
        self.collection = collection
        self.vector_store = ChromaVectorStore(chroma_collection=collection)
        self.keyword_index = keyword_index

    @classmethod
    def open(cls, settings: StoreSettings, embedder: Embedder | None = None) -> KnowledgeStore:
        collection = open_collection(open_client(settings), settings.collection)
        keyword_index = KeywordIndex.load(settings.keyword_index_path, analyze)
        return cls(settings, embedder or create_embedder(settings), collection, keyword_index)

    def replace_source(self, source: str, chunks: Sequence[Chunk]) -> None:
        """Embed the source's new chunks, then swap them in for its old ones."""
        batch = self.settings.embedding_batch_size
        nodes: list[BaseNode] = []
        for start in range(0, len(chunks), batch):
            part = chunks[start : start + batch]
            vectors = self.embedder.embed([embedding_text(chunk) for chunk in part], "passage")
            nodes.extend(_to_node(chunk, vector) for chunk, vector in zip(part, vectors, strict=True))
        self.delete_source(source)
        if nodes:
            self.vector_store.add(nodes)

    def delete_source(self, source: str) -> None:
        self.vector_store.delete(ref_doc_id=source)

    def commit(self) -> None:
        """Rebuild the keyword index from the collection and persist it atomically."""
        chunks = self.all_chunks()
        self.keyword_index = KeywordIndex.build(analyze, [c.id for c in chunks], [c.text for c in chunks])
        self.keyword_index.save(self.settings.keyword_index_path)

    def count(self) -> int:
        return self.collection.count()

    def sources(self) -> set[str]:
        """The sources with chunks in the collection, read from metadata alone."""
        return {str(metadata["source"]) for page in self._pages(["metadatas"]) for metadata in page["metadatas"] or []}

    def dense_search(
        self, query: str, k: int, refids: Collection[str] = (), exclude: Collection[str] = ()
    ) -> list[Hit]:
        """The k chunks nearest to the query; with `refids`, only chunks of those laws; never chunks of the
        `exclude` sources."""
        if k <= 0:
            return []
        conditions = [MetadataFilter(key="refid", value=sorted(refids), operator="in")] if refids else []
        if exclude:
            conditions.append(MetadataFilter(key="source", value=sorted(exclude), operator="nin"))
        filters = MetadataFilters(filters=conditions) if conditions else None
        query_vector = self._query_vector(query)
        result = self.vector_store.query(
            VectorStoreQuery(query_embedding=query_vector, similarity_top_k=k, filters=filters)
        )
        hits = []
        for node, similarity in zip(result.nodes or [], result.similarities or [], strict=True):
            # ChromaVectorStore reports exp(-distance); with cosine distance that gives back the cosine.
            cosine = 1.0 + math.log(similarity)
            hits.append(Hit(from_metadata(node.get_content(), node.metadata), cosine))
        return hits

    def _query_vector(self, query: str) -> list[float]:
        """The query's vector; `create_embedder`'s embedders cache repeated questions (`QueryVectorCache`)."""
        return self.embedder.embed([query], "query")[0]

    def keyword_search(
        self, query: str, k: int, among: Collection[str] | None = None, exclude: Collection[str] = ()
    ) -> list[Hit]:
        """The k chunks with the best BM25 score; with `among`, only those chunk ids; never chunks of the
        `exclude` sources."""
        self._reload_keyword_index_if_replaced()
        ranked = self.keyword_index.search(query, k, among, self.chunk_ids_of(exclude))
        chunks = {chunk.id: chunk for chunk in self.get([chunk_id for chunk_id, _ in ranked])}
        return [Hit(chunks[chunk_id], score) for chunk_id, score in ranked if chunk_id in chunks]

    def _reload_keyword_index_if_replaced(self) -> None:
        """Pick up a keyword index that another process (an ingest run) saved since this one was loaded."""
        path = self.settings.keyword_index_path
        if saved_version(path) != self.keyword_index.version:
            self.keyword_index = KeywordIndex.load(path, analyze)

    def chunk_ids_of(self, sources: Collection[str]) -> set[str]:
        """The ids of every stored chunk of these sources."""
        if not sources:
            return set()
        return set(self.collection.get(where={"source": {"$in": sorted(sources)}}, include=[])["ids"])

    def get(self, ids: Sequence[str]) -> list[Chunk]:
        """The chunks with these ids, in the order asked; unknown ids are left out."""
        if not ids:
            return []
        result = self.collection.get(ids=list(ids), include=["documents", "metadatas"])
        found = dict(zip(result["ids"], _chunks(result), strict=True))
        return [found[chunk_id] for chunk_id in ids if chunk_id in found]

    def all_chunks(self) -> list[Chunk]:
        chunks = [chunk for page in self._pages(["documents", "metadatas"]) for chunk in _chunks(page)]
        return sorted(chunks, key=lambda chunk: (chunk.source, chunk.position))

    def chunks_with_vectors(self) -> Iterator[tuple[Chunk, list[float]]]:
        """Every stored chunk with the vector the model gave it (for reusing vectors in another index)."""
        for page in self._pages(["documents", "metadatas", "embeddings"]):
            vectors = [] if page["embeddings"] is None else page["embeddings"]
            for chunk, vector in zip(_chunks(page), vectors, strict=True):
                yield chunk, [float(value) for value in vector]

    def _pages(self, include: list[str]) -> Iterator[GetResult]:
        """The whole collection, a page of `_PAGE_SIZE` records at a time."""
        offset = 0
        while True:
            page = self.collection.get(include=include, limit=_PAGE_SIZE, offset=offset)
            yield page
            if len(page["ids"]) < _PAGE_SIZE:
                return
            offset += _PAGE_SIZE


def _chunks(result: GetResult) -> list[Chunk]:
    """The chunks of a `collection.get` result that included documents and metadatas, in its order."""
    documents, metadatas = result["documents"] or [], result["metadatas"] or []
    return [from_metadata(text or "", metadata) for text, metadata in zip(documents, metadatas, strict=True)]


def _to_node(chunk: Chunk, vector: list[float]) -> TextNode:
    metadata = to_metadata(chunk)
    return TextNode(
        id_=chunk.id,
        text=chunk.text,
        metadata=metadata,
        embedding=vector,
        excluded_embed_metadata_keys=list(metadata),
        excluded_llm_metadata_keys=list(metadata),
        relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=chunk.source)},
    )
