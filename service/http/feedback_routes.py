"""`POST /v1/feedback`: a vote (and optional comment) on an answer, stored in the feedback store."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from service.answer.contract import MAX_QUESTION_CHARS, Citation
from service.feedback.store import FeedbackEntry, FeedbackStore
from service.http.auth import require_scope
from service.http.documented import BODY, CALLER, WIDGET, error_responses

MAX_COMMENT_CHARS = 2000


class FeedbackRequest(BaseModel):
    """What the asker thought of one answer; `citations` are the answer's own citations."""

    model_config = ConfigDict(extra="forbid")

    question: str = Field(..., min_length=1, max_length=MAX_QUESTION_CHARS, description="The question asked.")
    answer: str = Field(..., max_length=20_000, description="The answer text the vote is about.")
    citations: list[Citation] = Field(default_factory=list, max_length=50, description="The answer's citations.")
    vote: Literal[1, -1] = Field(..., description="1 for a helpful answer, -1 for an unhelpful one.")
    comment: str = Field("", max_length=MAX_COMMENT_CHARS, description="Optional free-text comment.")
    channel: Literal["widget", "api"] = Field("api", description="Where the feedback was given.")


class FeedbackReceipt(BaseModel):
    id: int
    created_at: datetime


def get_feedback_store(request: Request) -> FeedbackStore:
    return request.app.state.feedback_store


FeedbackStoreDep = Annotated[FeedbackStore, Depends(get_feedback_store)]

router = APIRouter(tags=["feedback"], dependencies=[Depends(require_scope("ask"))])


@router.post(
    "/v1/feedback",
    status_code=201,
    response_model=FeedbackReceipt,
    responses=error_responses(*BODY, *CALLER, *WIDGET),
    summary="Record a vote on an answer",
)
def record_feedback(body: FeedbackRequest, store: FeedbackStoreDep) -> FeedbackReceipt:
    entry = store.record(to_entry(body))
    assert entry.id is not None and entry.created_at is not None
    return FeedbackReceipt(id=entry.id, created_at=entry.created_at)


def to_entry(body: FeedbackRequest) -> FeedbackEntry:
    return FeedbackEntry(
        question=body.question,
        answer=body.answer,
        citations=[citation.model_dump() for citation in body.citations],
        vote=body.vote,
        comment=body.comment.strip(),
        channel=body.channel,
    )
