"""The naive pipeline the benchmark compares against: LlamaIndex's defaults behind a minimal FastAPI app.

`VectorStoreIndex.from_vector_store(ChromaVectorStore(...), embed_model=...).as_query_engine(response_mode=
"no_text")` over the same Chroma collection (embedded or server, from the same `KILDESVAR_*` settings) with the
same embedding model, wrapped as LlamaIndex expects. No LLM is configured (`no_text` never calls one). Run
with `uvicorn bench.peer:create_peer_app --factory`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import FastAPI, Query
from llama_index.core import Settings, VectorStoreIndex
from llama_index.vector_stores.chroma import ChromaVectorStore
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from evaluation.llamaindex_peer import EmbedderAdapter
from vectorstore.chroma_collection import open_client, open_collection
from vectorstore.embeddings import create_embedder
from vectorstore.settings import StoreSettings


class PeerQuestion(BaseModel):
    question: str


class PeerSource(BaseModel):
    chunk_id: str
    score: float | None


class PeerAnswer(BaseModel):
    answer: str
    sources: list[PeerSource]


def create_peer_app() -> FastAPI:
    """`/v1/ask` (the query engine), `/v1/search` (the index's retriever) and `/healthz`."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(_open_index, app)
        yield

    app = FastAPI(title="LlamaIndex peer", lifespan=lifespan)

    @app.post("/v1/ask")
    async def ask(body: PeerQuestion) -> PeerAnswer:
        response = await run_in_threadpool(app.state.query_engine.query, body.question)
        return PeerAnswer(answer=str(response), sources=_sources(response.source_nodes))

    @app.get("/v1/search")
    async def search(q: Annotated[str, Query(min_length=1)], k: int = 10) -> PeerAnswer:
        nodes = await run_in_threadpool(app.state.index.as_retriever(similarity_top_k=k).retrieve, q)
        return PeerAnswer(answer="", sources=_sources(nodes))

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


def _open_index(app: FastAPI) -> None:
    settings = StoreSettings()
    Settings.llm = None  # LlamaIndex would otherwise look for an OpenAI key; `no_text` does not use the LLM.
    store = ChromaVectorStore(chroma_collection=open_collection(open_client(settings), settings.collection))
    app.state.index = VectorStoreIndex.from_vector_store(store, embed_model=EmbedderAdapter(create_embedder(settings)))
    app.state.query_engine = app.state.index.as_query_engine(response_mode="no_text")


def _sources(nodes) -> list[PeerSource]:
    return [PeerSource(chunk_id=scored.node.node_id, score=scored.score) for scored in nodes]
