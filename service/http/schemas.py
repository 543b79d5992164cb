"""Request and response models of the HTTP API that are not part of the answer contract itself."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from service.answer.contract import MAX_QUESTION_CHARS, SearchResult, Turn


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    question: str = Field(..., min_length=1, max_length=MAX_QUESTION_CHARS, description="The question, in Norwegian.")
    history: list[Turn] = Field(default_factory=list, max_length=20, description="Earlier turns, oldest first.")
    channel: Literal["api", "widget"] = Field(
        "api", description="Where the question was asked (`widget` from the chat widget), for the question log."
    )


class SearchResponse(BaseModel):
    query: str
    results: list[SearchResult]
    timings_ms: dict[str, float]


class ErrorBody(BaseModel):
    """The one error shape of every failure."""

    error: str = Field(..., description="A stable code for programs, e.g. `index_not_ready`.")
    message: str = Field(..., description="What went wrong, in Norwegian, for people.")
    status: int = Field(..., description="The HTTP status code.")
    request_id: str | None = Field(
        None,
        description="The request's id, as in the `X-Request-ID` response header and the server's log line.",
        examples=["6f1c2b9e0d7a4c3e8b5a9f0e1d2c3b4a"],
    )
