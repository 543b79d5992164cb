"""The HTTP routes. Each one parses, calls one function and returns a response model.

Blocking work (retrieval, embedding, Chroma) runs in the thread pool so the event loop stays free.
"""

from __future__ import annotations

import time
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Query
from pydantic import BaseModel
from sse_starlette import EventSourceResponse
from starlette.concurrency import run_in_threadpool

from service.answer.contract import MAX_QUESTION_CHARS, Answer
from service.http.auth import KeyRevoked, RateLimited, require_scope
from service.http.deps import DocumentCountDep, EngineDep
from service.http.errors import IndexNotReady, InvalidJson, InvalidRequest, KildesvarError, Unauthorized, error_body
from service.http.schemas import AskRequest, ErrorBody, SearchResponse
from service.http.streaming import answer_events

MAX_SEARCH_K = 50


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class Readiness(BaseModel):
    status: Literal["ready"] = "ready"
    documents: int


def _documented(*errors: KildesvarError) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for these errors, each with its one-shape example."""
    return {
        error.status: {
            "model": ErrorBody,
            "description": error.message,
            "content": {"application/json": {"example": error_body(error).model_dump()}},
        }
        for error in errors
    }


_NOT_READY = _documented(IndexNotReady())
_INVALID = _documented(InvalidJson(), InvalidRequest("«question» kan ha høyst 2000 tegn."))

_ASK_EXAMPLES = {
    "terskelverdi": {
        "summary": "Et spørsmål om anskaffelsesregelverket",
        "value": {"question": "Hva er EØS-terskelverdien for bygge- og anleggskontrakter?"},
    },
    "oppfølging": {
        "summary": "Et oppfølgingsspørsmål med tidligere samtale",
        "value": {
            "question": "Og for varekontrakter i kommunene?",
            "history": [
                {
                    "question": "Hva er EØS-terskelverdien for bygge- og anleggskontrakter?",
                    "answer": "Terskelverdien er 62,9 millioner kroner ekskl. mva. [1]",
                }
            ],
        },
    },
}
_ANSWER_EXAMPLE = {
    "answer": "Terskelverdien for bygge- og anleggskontrakter er 62,9 millioner kroner ekskl. mva. [1]",
    "abstained": False,
    "citations": [
        {
            "n": 1,
            "chunk_id": "forskrifter/forskrift-2016-08-12-974.md#57",
            "title": "Forskrift om offentlige anskaffelser (anskaffelsesforskriften)",
            "section": "§ 5-3. EØS-terskelverdier",
            "page": None,
            "source": "forskrifter/forskrift-2016-08-12-974.md",
            "url": "https://lovdata.no/forskrift/2016-08-12-974/§5-3",
            "quote": "62,9 millioner kroner ekskl. mva. for bygge- og anleggskontrakter",
            "score": 0.82,
        }
    ],
    "warnings": [],
    "timings_ms": {"retrieve": 12.1, "compose": 1.4},
}
_STREAM_EXAMPLE = (
    'event: delta\ndata: {"text": "Terskelverdien for bygge- og anleggskontrakter er "}\n\n'
    'event: delta\ndata: {"text": "62,9 millioner kroner ekskl. mva. [1]"}\n\n'
    'event: answer\ndata: {"answer": "Terskelverdien ... [1]", "abstained": false, "citations": [...], ...}\n\n'
)

AskBody = Annotated[AskRequest, Body(openapi_examples=_ASK_EXAMPLES)]

router = APIRouter()
v1 = APIRouter(
    prefix="/v1",
    tags=["spørsmål"],
    dependencies=[Depends(require_scope("ask"))],
    responses=_documented(Unauthorized(), KeyRevoked(), RateLimited(), IndexNotReady()),
)


@v1.post(
    "/ask",
    summary="Still et spørsmål",
    description="Et kort svar på norsk med nummererte kildehenvisninger `[n]`; hvert sitat er ordrett fra kilden. "
    "Når dokumentene ikke gir grunnlag for et svar, er `abstained` sann og svaret sier det.",
    responses={200: {"content": {"application/json": {"example": _ANSWER_EXAMPLE}}}, **_INVALID},
)
async def ask(request: AskBody, engine: EngineDep) -> Answer:
    return await run_in_threadpool(engine.ask, request.question, request.history)


@v1.post(
    "/ask/stream",
    summary="Still et spørsmål, svaret strømmes",
    description='Server-Sent Events: `delta`-hendelser med JSON `{"text": ...}` mens svaret skrives, deretter én '
    "`answer`-hendelse med hele svaret (samme som `/v1/ask`). En feil underveis avslutter strømmen med en "
    "`error`-hendelse i feilformatet.",
    response_class=EventSourceResponse,
    responses={200: {"content": {"text/event-stream": {"example": _STREAM_EXAMPLE}}}, **_INVALID},
)
async def ask_stream(request: AskBody, engine: EngineDep) -> EventSourceResponse:
    return EventSourceResponse(answer_events(engine, request.question, request.history))


@v1.get(
    "/search",
    summary="Søk i dokumentene",
    description="De best rangerte tekstavsnittene for et søk, med de samme kildefeltene som i svarene.",
    responses=_INVALID,
)
async def search(
    engine: EngineDep,
    q: Annotated[
        str,
        Query(min_length=1, max_length=MAX_QUESTION_CHARS, description="Søketeksten.", examples=["terskelverdier"]),
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
    description="200 når dokumentlageret er åpent og inneholder tekstavsnitt (`documents` er antallet), ellers 503.",
    responses=_NOT_READY,
)
async def readyz(documents: DocumentCountDep) -> Readiness:
    return Readiness(documents=documents)


router.include_router(v1)
