"""The answer contract: what every front door (HTTP API, widget, Slack, Teams) gets back from the answer engine."""

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


# Shown with every answer, in every front door: the AI Act's transparency duty (art. 50) and Digdir's guidance
# for public services say a person must know they are talking to an AI system and what it rests on.
AI_NOTICE = (
    "Svaret er laget av Kildesvar, en KI-assistent som svarer ut fra dokumentene i kunnskapsbasen. "
    "Det kan være feil: sjekk kildene."
)


class Answer(BaseModel):
    answer: str
    abstained: bool
    citations: list[Citation]
    warnings: list[str]
    timings_ms: dict[str, float]
    composer: Literal["extractive", "llm"] = Field(
        "extractive",
        description="Who wrote `answer`: `extractive` (sentences copied word for word from the sources) or `llm` "
        "(a language model, every sentence checked against the sources it cites).",
    )
    notice: str = Field(AI_NOTICE, description="That the answer comes from an AI assistant and can be wrong.")


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
