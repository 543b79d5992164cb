"""The thumbs votes under a chat answer: what a button carries back, and the feedback row it becomes.

A button carries the question, the answer text and the cited chunk ids as compact JSON of at most
MAX_VALUE_CHARS characters (Slack's limit for a button value), because neither platform sends the
answered message back with the click. `VOTES` maps the button's name (Slack's action id, Teams' verb)
to the vote.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import State

from service.answer.contract import Answer
from service.chat.rendering import truncate
from service.feedback.store import Channel, FeedbackEntry, Vote

VOTE_UP = "kildesvar_vote_up"
VOTE_DOWN = "kildesvar_vote_down"
VOTES: dict[str, Vote] = {VOTE_UP: 1, VOTE_DOWN: -1}
MAX_VALUE_CHARS = 2000
MAX_VALUE_QUESTION_CHARS = 600


@dataclass(frozen=True)
class VotedAnswer:
    """What a thumbs button carries back: the question, the answer text and the cited chunks."""

    question: str
    answer: str
    citations: list[dict[str, object]]


def feedback_value(question: str, answer: Answer) -> str:
    """Compact JSON that fits a button value; the answer is shortened first, then the question."""
    cited = [[citation.n, citation.chunk_id] for citation in answer.citations]
    shown_question = truncate(question, MAX_VALUE_QUESTION_CHARS)
    shown_answer = answer.answer
    while True:
        value = json.dumps(
            {"q": shown_question, "a": shown_answer, "c": cited}, ensure_ascii=False, separators=(",", ":")
        )
        overflow = len(value) - MAX_VALUE_CHARS
        if overflow <= 0:
            return value
        if len(shown_answer) > 1:
            shown_answer = truncate(shown_answer, max(1, len(shown_answer) - overflow - 1))
        elif cited:
            cited = cited[:-1]
        else:
            shown_question = truncate(shown_question, max(1, len(shown_question) - overflow - 1))


def parse_feedback_value(value: str) -> VotedAnswer:
    """The inverse of `feedback_value`; raises ValueError on anything else."""
    data = json.loads(value)
    if not isinstance(data, dict) or not isinstance(data.get("q"), str) or not isinstance(data.get("a"), str):
        raise ValueError("not a Kildesvar feedback value")
    citations = [{"n": int(n), "chunk_id": str(chunk_id)} for n, chunk_id in data.get("c", [])]
    return VotedAnswer(question=data["q"], answer=data["a"], citations=citations)


async def record_vote(state: State, button: str, value: str, channel: Channel) -> FeedbackEntry:
    """One feedback row in the app's shared feedback store; ValueError or KeyError on a foreign button."""
    voted = parse_feedback_value(value)
    entry = FeedbackEntry(
        question=voted.question, answer=voted.answer, citations=voted.citations, vote=VOTES[button], channel=channel
    )
    return await run_in_threadpool(state.feedback_store.record, entry)
