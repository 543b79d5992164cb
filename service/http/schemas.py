"""Request and response models of the HTTP API that are not part of the answer contract itself."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from service.answer.contract import MAX_QUESTION_CHARS, SearchResult, Turn


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    question: str = Field(..., min_length=1, max_length=MAX_QUESTION_CHARS, description="The question, in Norwegian.")
    history: list[Turn] = Field(default_factory=list, max_length=20, description="Earlier turns, oldest first.")


class SearchResponse(BaseModel):
    query: str
    results: list[SearchResult]
    timings_ms: dict[str, float]


class ErrorBody(BaseModel):
    """The one error shape of every failure."""

    error: str
    message: str
    status: int
