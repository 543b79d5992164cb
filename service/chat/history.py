"""The earlier exchanges of a chat thread as the engine takes them: at most MAX_TURNS turns, oldest first,
each shortened to what a Turn holds. Slack reads them back from the thread; Teams from its thread store.
"""

from __future__ import annotations

from collections.abc import Sequence

from service.answer.contract import MAX_QUESTION_CHARS, Turn
from service.chat.rendering import truncate

MAX_TURNS = 10
MAX_ANSWER_CHARS = 20_000


def turn(question: str, answer: str) -> Turn:
    return Turn(question=truncate(question, MAX_QUESTION_CHARS), answer=truncate(answer, MAX_ANSWER_CHARS))


def latest(turns: Sequence[Turn]) -> list[Turn]:
    """The last MAX_TURNS turns, oldest first."""
    return list(turns[-MAX_TURNS:])
