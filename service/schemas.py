"""The answer contract: request and response models shared by the HTTP API, the widget and Slack."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from vectorstore.models import Chunk

MAX_QUESTION_CHARS = 2000


class Turn(BaseModel):
    """One earlier exchange of the conversation, oldest first."""

    model_config = ConfigDict(extra="forbid")

    question: str = Field(..., max_length=MAX_QUESTION_CHARS)
    answer: str = Field("", max_length=20_000)


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    question: str = Field(..., min_length=1, max_length=MAX_QUESTION_CHARS, description="The question, in Norwegian.")
    history: list[Turn] = Field(default_factory=list, max_length=20, description="Earlier turns, oldest first.")


class Citation(BaseModel):
    """A numbered source of an answer; `quote` is a verbatim span of the chunk's text."""

    n: int
    chunk_id: str
    title: str
    section: str
    page: int | None
    source: str
    url: str | None
    quote: str
    score: float


def source_fields(chunk: Chunk) -> dict[str, Any]:
    """The fields a Citation and a SearchResult take from the chunk they point to."""
    return {
        "chunk_id": chunk.id,
        "title": chunk.title,
        "section": chunk.section,
        "page": chunk.page,
        "source": chunk.source,
        "url": chunk.url,
    }


class Answer(BaseModel):
    answer: str
    abstained: bool
    citations: list[Citation]
    warnings: list[str]
    timings_ms: dict[str, float]


class SearchResult(BaseModel):
    """A ranked chunk with the same citation fields; `quote` holds the chunk's text."""

    rank: int
    chunk_id: str
    title: str
    section: str
    page: int | None
    source: str
    url: str | None
    quote: str
    score: float


class SearchResponse(BaseModel):
    query: str
    results: list[SearchResult]
    timings_ms: dict[str, float]


class ErrorBody(BaseModel):
    """The one error shape of every failure."""

    error: str
    message: str
    status: int


class StreamEvent(BaseModel):
    """One Server-Sent Event of `/v1/ask/stream`: `delta` pieces of answer text, then one `answer` event."""

    event: Literal["delta", "answer", "error"]
    data: str | Answer | ErrorBody
