"""The answer contract: what every front door (HTTP API, widget, Slack, Teams) gets back from the answer engine."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from vectorstore.models import Chunk

MAX_QUESTION_CHARS = 2000


class Turn(BaseModel):
    """One earlier exchange of the conversation, oldest first."""

    model_config = ConfigDict(extra="forbid")

    question: str = Field(..., max_length=MAX_QUESTION_CHARS)
    answer: str = Field("", max_length=20_000)


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
