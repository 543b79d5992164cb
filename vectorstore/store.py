"""The knowledge store: one Chroma collection for dense search, and beside it the store database (the source
registry with every chunk's text, and the BM25 keyword index).

Writers call `replace_source` / `delete_source` per document and `commit` once per batch. A source is written
to Chroma and then, in one transaction, to the registry; `commit` brings the keyword index up to date with the
sources changed since the last one, so both indexes hold the same chunks. A change not yet committed (a crash
before `commit`) is taken in by the next `open`.

Opening never needs a read of the whole collection, except once to fill a registry that is missing or was
damaged (an older data dir, a lost file). A damaged keyword index is rebuilt from the registry, and a server
Chroma that is down raises `StoreUnavailable` from the calls that need it, not from `open`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import cast

import numpy as np
from chromadb.api.types import GetResult, Include, Where
from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode
from llama_index.core.vector_stores.utils import node_to_metadata_dict
from llama_index.vector_stores.chroma import ChromaVectorStore

from vectorstore import keyword_index
from vectorstore.analyzer import analyze
from vectorstore.chroma_collection import ChromaCollection
from vectorstore.chunk_metadata import embedding_text, from_metadata, to_metadata
from vectorstore.database import DatabaseDamaged, StoreDatabase, get_meta, set_aside, set_meta
from vectorstore.embeddings import Embedder, create_embedder
from vectorstore.errors import StoreUnavailable
from vectorstore.keyword_index import KeywordIndex, KeywordIndexDamaged
from vectorstore.models import Chunk, ChunkOutline, Document, Hit
from vectorstore.registry import SourceRegistry, clear_pending, pending_sources
from vectorstore.sentence_terms import SentenceTerms, sentence_terms
from vectorstore.settings import StoreSettings

log = logging.getLogger(__name__)

_PAGE_SIZE = 2000
_WRITE_BATCH = 500


class KnowledgeStore:
    """Dense and keyword search over the same set of chunks, and the registry of their sources. Thread-safe."""

    def __init__(self, settings: StoreSettings, embedder: Embedder, chroma: ChromaCollection, database: StoreDatabase):
        self.settings = settings
        self.embedder = embedder
        self.chroma = chroma
        self.database = database
        self.registry = SourceRegistry(database)
        self.keyword_index = KeywordIndex(analyze)
        self._keyword_lock = threading.Lock()
        self._filled = False  # whether the registry is known to hold what the collection does

    @classmethod
    def open(cls, settings: StoreSettings, embedder: Embedder | None = None) -> KnowledgeStore:
        """Open (or create) the store; a damaged database or keyword index is rebuilt, with a log line."""
        try:
            database = StoreDatabase.open(settings.database_path)
        except DatabaseDamaged as error:
            log.warning("the store database cannot be used (%s); rebuilding it from Chroma", error)
            set_aside(settings.database_path)
            database = StoreDatabase.open(settings.database_path)
        store = cls(settings, embedder or create_embedder(settings), ChromaCollection(settings), database)
        store._fill_registry_if_new()
        store._commit()
        return store

    # -- writing ------------------------------------------------------------------------------------------------

    def replace_source(self, source: str, chunks: Sequence[Chunk]) -> None:
        """Embed the source's new chunks, store them in place of its old ones (Chroma, then the registry).

        The new chunks are upserted before the old ones beyond them are deleted, so a reader never finds the
        source missing; every step can be retried (an interrupted call is repeated by the next ingest).
        """
        if not chunks:
            self.delete_source(source)
            return
        self._fill_registry_if_new()
        batch = self.settings.embedding_batch_size
        records: list[tuple[Chunk, list[float]]] = []
        for start in range(0, len(chunks), batch):
            part = chunks[start : start + batch]
            vectors = self.embedder.embed([embedding_text(chunk) for chunk in part], "passage")
            records.extend(zip(part, vectors, strict=True))
        for start in range(0, len(records), _WRITE_BATCH):
            self._upsert(records[start : start + _WRITE_BATCH])
        self._delete_from_chroma(source, keep={chunk.id for chunk in chunks})
        self.registry.replace(source, chunks)

    def _upsert(self, records: Sequence[tuple[Chunk, list[float]]]) -> None:
        """Write chunks as LlamaIndex's ChromaVectorStore would (so its retrievers read them), but idempotently."""
        nodes = [_to_node(chunk, vector) for chunk, vector in records]
        self.chroma.call(
            lambda collection: collection.upsert(
                ids=[node.node_id for node in nodes],
                embeddings=np.asarray([vector for _, vector in records], dtype=np.float32),
                metadatas=[_flat(node_to_metadata_dict(node, remove_text=True, flat_metadata=True)) for node in nodes],
                documents=[chunk.text for chunk, _ in records],
            )
        )

    def delete_source(self, source: str) -> None:
        self._fill_registry_if_new()
        self._delete_from_chroma(source)
        self.registry.delete(source)

    def _delete_from_chroma(self, source: str, keep: Collection[str] = ()) -> None:
        """Delete the source's chunks from Chroma but those in `keep` (found by the indexed source id: a
        filter on a second metadata key would scan the collection)."""
        where: Where = {"document_id": source}
        stored = self.chroma.call(lambda collection: collection.get(where=where, include=[]))["ids"]
        stale = [chunk_id for chunk_id in stored if chunk_id not in keep]
        if stale:
            self.chroma.call(lambda collection: collection.delete(ids=stale))

    def commit(self) -> None:
        """Bring the keyword index up to date with the sources changed since the last commit, atomically.

        The index is verified on the way: a damaged one, one from another analyzer, or one that does not end
        up holding exactly the registry's chunks is rebuilt from the registry, with a log line.
        """
        self._commit()

    def _commit(self) -> None:
        """`commit`, also made by `open` and by a search that finds the index damaged (not a writer's commit)."""
        with self.database.write() as connection:
            try:
                index = keyword_index.load(connection, analyze, self.keyword_index)
                changed = pending_sources(connection)
                if changed:
                    chunks = list(self.registry.chunks(changed))
                    ids, texts = [chunk.id for chunk in chunks], [chunk.text for chunk in chunks]
                    index = keyword_index.save_changes(connection, index, changed, ids, texts)
                    clear_pending(connection)
                expected = self.registry.count()
                if index.documents != expected:
                    raise KeywordIndexDamaged(f"it holds {index.documents} chunks, the registry {expected}")
            except KeywordIndexDamaged as error:
                log.warning("the keyword index cannot be used (%s); rebuilding it from the registry", error)
                index = self._rebuild_keyword_index(connection)
        self.keyword_index = index

    def rebuild_keyword_index(self) -> None:
        """Build the keyword index anew from the registry."""
        with self.database.write() as connection:
            self.keyword_index = self._rebuild_keyword_index(connection)

    def _rebuild_keyword_index(self, connection) -> KeywordIndex:
        chunks = list(self.registry.chunks())
        built = KeywordIndex.build(analyze, [chunk.id for chunk in chunks], [chunk.text for chunk in chunks])
        clear_pending(connection)
        return keyword_index.save_rebuilt(connection, built)

    # -- reading ------------------------------------------------------------------------------------------------

    def ping(self) -> None:
        """Make sure Chroma answers (a readiness check): `StoreUnavailable` when it cannot be reached in time."""
        self._fill_registry_if_new()
        self.chroma.call(lambda collection: collection.get(limit=1, include=[]))

    def count(self) -> int:
        """The number of stored chunks (from the registry: no call to Chroma)."""
        return self.registry.count()

    def sources(self) -> set[str]:
        """The stored sources."""
        return self.registry.sources()

    def documents(self) -> list[Document]:
        """Every stored source with its document fields, chunk count and ingest time, by source."""
        return self.registry.documents()

    def document(self, source: str) -> Document | None:
        return self.registry.document(source)

    def outline(self, sources: Iterable[str] | None = None) -> list[ChunkOutline]:
        """The place (source, position, refid, §, chapter) of each chunk of these sources (default: all),
        without its text, by source and position."""
        return self.registry.outline(sources)

    def generation(self) -> int:
        """A number raised by every change to a source, in any process; `changed_since` says which."""
        return self.registry.generation()

    def changed_since(self, generation: int) -> set[str] | None:
        """The sources changed after `generation`, or None when that is too long ago to say."""
        return self.registry.changed_since(generation)

    def dense_search(
        self, query: str, k: int, refids: Collection[str] = (), exclude: Collection[str] = ()
    ) -> list[Hit]:
        """The k chunks nearest to the query; with `refids`, only chunks of those laws; never chunks of the
        `exclude` sources."""
        if k <= 0:
            return []
        self.chroma.raise_if_refusing()  # no embedding for a call that would be refused
        vector = np.asarray([self._query_vector(query)], dtype=np.float32)
        conditions: list[dict] = [{"refid": {"$in": sorted(refids)}}] if refids else []
        if exclude:
            conditions.append({"source": {"$nin": sorted(exclude)}})
        where = cast(Where, conditions[0] if len(conditions) == 1 else {"$and": conditions}) if conditions else None
        result = self.chroma.call(
            lambda collection: collection.query(
                query_embeddings=vector, n_results=k, where=where, include=["documents", "metadatas", "distances"]
            )
        )
        documents = (result["documents"] or [[]])[0]
        metadatas = (result["metadatas"] or [[]])[0]
        distances = (result["distances"] or [[]])[0]
        # With cosine distance, Chroma's distance is 1 - cosine.
        return [
            Hit(from_metadata(text or "", metadata), 1.0 - float(distance))
            for text, metadata, distance in zip(documents, metadatas, distances, strict=True)
        ]

    def _query_vector(self, query: str) -> list[float]:
        """The query's vector; `create_embedder`'s embedders cache repeated questions (`QueryVectorCache`)."""
        return self.embedder.embed([query], "query")[0]

    def keyword_search(
        self, query: str, k: int, refids: Collection[str] = (), exclude: Collection[str] = ()
    ) -> list[Hit]:
        """The k chunks with the best BM25 score; with `refids`, only chunks of those laws; never chunks of the
        `exclude` sources."""
        index = self._current_keyword_index()
        sources = self.registry.sources_of(refids) if refids else None
        ranked = index.search(query, k, sources, exclude)
        chunks = {chunk.id: chunk for chunk in self.registry.get([chunk_id for chunk_id, _ in ranked])}
        return [Hit(chunks[chunk_id], score) for chunk_id, score in ranked if chunk_id in chunks]

    def _current_keyword_index(self) -> KeywordIndex:
        """The loaded keyword index, first updated when another process committed since. While one thread
        updates it, the others go on searching the snapshot they have."""
        self._fill_registry_if_new()
        index = self.keyword_index
        with self.database.read() as connection:
            if int(get_meta(connection, "keyword_generation") or 0) == index.generation:
                return index
        if not self._keyword_lock.acquire(blocking=False):
            return index
        try:
            with self.database.read() as connection:
                try:
                    self.keyword_index = keyword_index.load(connection, analyze, self.keyword_index)
                    return self.keyword_index
                except KeywordIndexDamaged as error:
                    log.warning("the keyword index cannot be used (%s); rebuilding it from the registry", error)
            self._commit()
            return self.keyword_index
        finally:
            self._keyword_lock.release()

    def chunk_ids_of(self, sources: Collection[str]) -> set[str]:
        """The ids of every stored chunk of these sources (from the registry)."""
        if not sources:
            return set()
        return {place.id for place in self.registry.outline(sources)}

    def get(self, ids: Sequence[str]) -> list[Chunk]:
        """The chunks with these ids, in the order asked; unknown ids are left out (from the registry)."""
        return self.registry.get(ids)

    def sentence_terms(self, chunks: Iterable[Chunk]) -> dict[str, SentenceTerms]:
        """Each sentence's keyword terms of these chunks by id, as analysed when they were stored; a chunk the
        registry does not hold at this moment is analysed here (a writer stores a source in Chroma before the
        registry, and may replace or delete it between a search and this read)."""
        by_id = {chunk.id: chunk for chunk in chunks}
        stored = self.registry.sentence_terms(by_id)
        missing = {chunk_id: sentence_terms(chunk.text) for chunk_id, chunk in by_id.items() if chunk_id not in stored}
        return stored | missing

    def all_chunks(self) -> list[Chunk]:
        """Every chunk, by source and position (from the registry)."""
        return list(self.registry.chunks())

    def chunks_with_vectors(self) -> Iterator[tuple[Chunk, list[float]]]:
        """Every stored chunk with the vector the model gave it (for reusing vectors in another index)."""
        for page in self._pages(["documents", "metadatas", "embeddings"]):
            vectors = [] if page["embeddings"] is None else page["embeddings"]
            for chunk, vector in zip(_chunks(page), vectors, strict=True):
                yield chunk, [float(value) for value in vector]

    @property
    def vector_store(self) -> ChromaVectorStore:
        """The collection as LlamaIndex's vector store (the evaluation's LlamaIndex peer reads through it)."""
        return ChromaVectorStore(chroma_collection=self.chroma.get())

    def _pages(self, include: Include) -> Iterator[GetResult]:
        """The whole collection, a page of `_PAGE_SIZE` records at a time."""
        offset = 0
        while True:
            page = self.chroma.call(
                lambda collection: collection.get(include=include, limit=_PAGE_SIZE, offset=offset)  # noqa: B023
            )
            yield page
            if len(page["ids"]) < _PAGE_SIZE:
                return
            offset += _PAGE_SIZE

    # -- recovery -----------------------------------------------------------------------------------------------

    def _fill_registry_if_new(self) -> None:
        """Fill a new registry from the collection, once (a data dir from before the registry, or one whose
        database was lost or damaged). A server that is down is no error here: the next search tries again.

        The keyword index of older versions (`keyword/` in the data dir) is not read; it is left in place for
        older processes that may still run, and may be deleted once none does.
        """
        if self._filled:
            return
        with self.database.read() as connection:
            self._filled = get_meta(connection, "filled") == "1"
        if self._filled:
            return
        try:
            with self.database.write() as connection:
                if get_meta(connection, "filled") != "1":
                    self._fill_registry(connection)
        except StoreUnavailable as error:
            log.warning("could not fill the source registry from Chroma yet: %s", error)
            return
        self._filled = True

    def _fill_registry(self, connection) -> None:
        sources = chunks = 0
        for source, group in _by_source(
            chunk for page in self._pages(["documents", "metadatas"]) for chunk in _chunks(page)
        ):
            self.registry.replace(source, group)
            sources, chunks = sources + 1, chunks + len(group)
        set_meta(connection, "filled", "1")
        if chunks:
            log.warning("filled the source registry from the Chroma collection: %d sources, %d chunks", sources, chunks)


def _by_source(chunks: Iterator[Chunk]) -> Iterator[tuple[str, list[Chunk]]]:
    grouped: dict[str, list[Chunk]] = {}
    for chunk in chunks:
        grouped.setdefault(chunk.source, []).append(chunk)
    for source in sorted(grouped):
        yield source, sorted(grouped[source], key=lambda chunk: chunk.position)


def _chunks(result: GetResult) -> list[Chunk]:
    """The chunks of a `collection.get` result that included documents and metadatas, in its order."""
    documents, metadatas = result["documents"] or [], result["metadatas"] or []
    return [from_metadata(text or "", metadata) for text, metadata in zip(documents, metadatas, strict=True)]


def _flat(metadata: dict) -> dict:
    """Chroma accepts no None values; LlamaIndex's ChromaVectorStore stores "" for them."""
    return {key: "" if value is None else value for key, value in metadata.items()}


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
