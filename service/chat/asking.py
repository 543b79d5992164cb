"""Asking the engine from a chat, and what the user reads when that fails.

The engine is blocking, so it runs in the thread pool. `state` is the FastAPI app's state: `engine` and
`store` are opened in its lifespan and read at call time. Failures reach the user as one short Norwegian
line, never as exception text.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import State

from service.answer.contract import MAX_QUESTION_CHARS, Answer, Turn
from service.answer.trace import Channel
from service.chat.texts import FAILED, TOO_LONG
from service.http.errors import IndexNotReady, InvalidRequest, KildesvarError

logger = logging.getLogger(__name__)


async def ask(state: State, question: str, history: Sequence[Turn], channel: Channel) -> Answer:
    """The engine's answer; InvalidRequest for a question over the limit, IndexNotReady before any ingest.

    `channel` names the front door for the question log."""
    if len(question) > MAX_QUESTION_CHARS:
        raise InvalidRequest(TOO_LONG)
    return await run_in_threadpool(_ask, state, question, history, channel)


def _ask(state: State, question: str, history: Sequence[Turn], channel: Channel) -> Answer:
    if state.store.count() == 0:
        raise IndexNotReady()
    return state.engine.ask(question, history, channel=channel)


def failure_text(error: Exception, front_door: str) -> str:
    """The user's line for a failure: our own errors say what happened, anything else is logged."""
    if isinstance(error, KildesvarError):
        logger.info("%s question not answered: %s", front_door, error.code)
        return error.message
    logger.exception("%s question failed", front_door, exc_info=error)
    return FAILED
