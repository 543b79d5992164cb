"""A thread's earlier exchanges, read back from Slack so follow-ups keep working across restarts.

Each answer the bot posts carries message metadata with the question it answers (`kildesvar_answer`);
a placeholder still being answered carries `kildesvar_pending`. The history of a thread is the bot's own
answered messages in it, oldest first, each as a Turn of (question from metadata, answer text).
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from service.answer.contract import MAX_QUESTION_CHARS, Turn
from service.chat.history import latest, turn
from service.chat.rendering import truncate
from service.slack.mrkdwn import unescape

logger = logging.getLogger(__name__)

ANSWER_EVENT = "kildesvar_answer"
PENDING_EVENT = "kildesvar_pending"
MAX_PAGES = 5


def answer_metadata(question: str, *, answered: bool) -> dict[str, Any]:
    return {
        "event_type": ANSWER_EVENT if answered else PENDING_EVENT,
        "event_payload": {"question": truncate(question, MAX_QUESTION_CHARS)},
    }


async def thread_history(
    client: AsyncWebClient, channel: str, thread_ts: str, before_ts: str, bot_id: str | None
) -> list[Turn]:
    """The bot's answers in the thread posted before `before_ts`, as the latest turns (`service.chat.history`).

    Slack errors (a missing history scope, a deleted thread) leave the history empty rather than
    failing the answer.
    """
    try:
        messages = await _thread_messages(client, channel, thread_ts)
    except SlackApiError as error:
        logger.warning("Could not read Slack thread %s: %s", thread_ts, error.response.get("error"))
        return []
    before = Decimal(before_ts)
    turns = [
        turn(message["metadata"]["event_payload"]["question"], unescape(message.get("text") or ""))
        for message in messages
        if bot_id and message.get("bot_id") == bot_id and _is_answer(message) and Decimal(message["ts"]) < before
    ]
    return latest(turns)


async def _thread_messages(client: AsyncWebClient, channel: str, thread_ts: str) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = []
    cursor = None
    for _ in range(MAX_PAGES):
        page = await client.conversations_replies(
            channel=channel, ts=thread_ts, include_all_metadata=True, limit=200, cursor=cursor
        )
        messages.extend(page.get("messages") or [])
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            break
    return messages


def _is_answer(message: dict[str, Any]) -> bool:
    metadata = message.get("metadata") or {}
    payload = metadata.get("event_payload") or {}
    return metadata.get("event_type") == ANSWER_EVENT and isinstance(payload.get("question"), str)
