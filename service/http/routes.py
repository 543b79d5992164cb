"""The HTTP routes. Each one parses, calls one function and returns a response model.

Blocking work (retrieval, embedding, Chroma) runs in the thread pool so the event loop stays free.
"""

from __future__ import annotations

import time
from typing import Annotated, Literal

from fastapi import APIRouter, Body, Depends, Query, Request
from pydantic import BaseModel, Field
from sse_starlette import EventSourceResponse
from starlette.concurrency import run_in_threadpool

from service.answer.contract import AI_NOTICE, MAX_QUESTION_CHARS, Answer
from service.http.auth import require_scope
from service.http.deps import EngineDep, ReachableEngineDep, ReadyDocumentsDep, StoreDep
from service.http.documented import BODY, CALLER, NOT_READY, WIDGET, error_responses
from service.http.errors import InvalidRequest
from service.http.schemas import AskRequest, SearchResponse
from service.http.streaming import answer_events
from service.llm.probe import LlmProbe

MAX_SEARCH_K = 50


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class Readiness(BaseModel):
    status: Literal["ready"] = "ready"
    documents: int
    embedding_model: str = Field(..., description="The embedding model loaded for questions.")
    llm: Literal["off", "ok", "unavailable"] = Field(
        ..., description="`off` without an LLM; else whether its server answers (answers fall back when not)."
    )


# The examples are asked of the sample corpus in corpus/ (`make run`), so "Try it out" answers them.
ASK_EXAMPLES = {
    "spørsmål": {
        "summary": "Et spørsmål om et program",
        "value": {"question": "Hvor mange kommuner er med i Bærekraftsløftet Viken?"},
    },
    "oppfølging": {
        "summary": "Et oppfølgingsspørsmål med tidligere samtale",
        "value": {
            "question": "Og i kull 2?",
            "history": [
                {
                    "question": "Hvor mange kommuner er med i Bærekraftsløftet Viken?",
                    "answer": "Med to kull er til sammen 16 kommuner nå med i Bærekraftsløftet Viken. [1]",
                }
            ],
        },
    },
}
SEARCH_EXAMPLE = "leverandørutvikling"
_ANSWER_EXAMPLE = {
    "answer": "Høsten 2023 kom kull 2 i gang. [1] Med to kull er til sammen 16 kommuner nå med i Bærekraftsløftet "
    "Viken. [1]",
    "abstained": False,
    "citations": [
        {
            "n": 1,
            "chunk_id": "baerekraftsloftet-viken.docx#2",
            "title": "Bærekraftsløftet Viken – programbeskrivelse",
            "section": "Kull og deltakere",
            "page": None,
            "source": "baerekraftsloftet-viken.docx",
            "url": None,
            "quote": "Høsten 2023 kom kull 2 i gang. Med to kull er til sammen 16 kommuner nå med i Bærekraftsløftet "
            "Viken.",
            "score": 7.5876,
        }
    ],
    "warnings": [],
    "timings_ms": {"retrieve": 21.3, "compose": 2.1},
    "composer": "extractive",
    "notice": AI_NOTICE,
}
_STREAM_EXAMPLE = (
    'event: delta\ndata: {"text": "Høsten 2023 kom kull 2 i gang. [1] "}\n\n'
    'event: delta\ndata: {"text": "Med to kull er til sammen 16 kommuner nå med i Bærekraftsløftet Viken. [1]"}\n\n'
    'event: answer\ndata: {"answer": "Høsten 2023 kom kull 2 i gang. [1] ...", "abstained": false, "citations": '
    "[...], ...}\n\n"
)

AskBody = Annotated[AskRequest, Body(openapi_examples=ASK_EXAMPLES)]

router = APIRouter()
v1 = APIRouter(
    prefix="/v1",
    tags=["spørsmål"],
    dependencies=[Depends(require_scope("ask"))],
)


@v1.post(
    "/ask",
    summary="Still et spørsmål",
    description="Et kort svar på norsk med nummererte kildehenvisninger `[n]`; hvert sitat er ordrett fra kilden. "
    "Når dokumentene ikke gir grunnlag for et svar, er `abstained` sann og svaret sier det.",
    responses={
        200: {"content": {"application/json": {"example": _ANSWER_EXAMPLE}}},
        **error_responses(*BODY, *CALLER, *WIDGET, *NOT_READY),
    },
)
async def ask(request: AskBody, engine: EngineDep) -> Answer:
    return await run_in_threadpool(engine.ask, request.question, request.history, channel=request.channel)


@v1.post(
    "/ask/stream",
    summary="Still et spørsmål, svaret strømmes",
    description='Server-Sent Events: `delta`-hendelser med JSON `{"text": ...}` mens svaret skrives, deretter én '
    "`answer`-hendelse med hele svaret (samme som `/v1/ask`). En feil underveis avslutter strømmen med en "
    "`error`-hendelse i feilformatet.",
    response_class=EventSourceResponse,
    responses={
        200: {"content": {"text/event-stream": {"example": _STREAM_EXAMPLE}}},
        **error_responses(*BODY, *CALLER, *WIDGET, *NOT_READY),
    },
)
async def ask_stream(request: AskBody, engine: ReachableEngineDep) -> EventSourceResponse:
    return EventSourceResponse(answer_events(engine, request.question, request.history, request.channel))


@v1.get(
    "/search",
    summary="Søk i dokumentene",
    description="De best rangerte tekstavsnittene for et søk, med de samme kildefeltene som i svarene.",
    responses=error_responses(InvalidRequest("«q» kan ha høyst 2000 tegn."), *CALLER, *NOT_READY),
)
async def search(
    engine: EngineDep,
    q: Annotated[
        str,
        Query(min_length=1, max_length=MAX_QUESTION_CHARS, description="Søketeksten.", examples=[SEARCH_EXAMPLE]),
    ],
    k: Annotated[int, Query(ge=1, le=MAX_SEARCH_K, description="Antall treff.")] = 10,
) -> SearchResponse:
    started = time.perf_counter()
    results = await run_in_threadpool(engine.search, q, k)
    return SearchResponse(query=q, results=results, timings_ms={"search": (time.perf_counter() - started) * 1000})


@router.get("/healthz", tags=["drift"], summary="Prosessen lever")
async def healthz() -> Health:
    return Health()


@router.get(
    "/readyz",
    tags=["drift"],
    summary="Klar til å svare",
    description="200 når dokumentlageret svarer og inneholder tekstavsnitt (`documents` er antallet), ellers 503: "
    "`store_unavailable` når Chroma-serveren ikke svarer, `index_not_ready` når ingenting er indeksert.",
    responses=error_responses(*NOT_READY),
)
async def readyz(request: Request, store: StoreDep, documents: ReadyDocumentsDep) -> Readiness:
    probe: LlmProbe | None = request.app.state.llm_probe
    llm = await probe.status() if probe else "off"
    return Readiness(documents=documents, embedding_model=store.embedder.name, llm=llm)


router.include_router(v1)
