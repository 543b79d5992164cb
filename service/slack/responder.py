"""What the bot does with a question from Slack: acknowledge, show that it is searching, answer, report.

The answer engine runs in the thread pool (`service.chat.asking`); Slack has long been acknowledged by
then. Failures reach the user as one short Norwegian line, never as exception text.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient
from starlette.datastructures import State

from service.chat import texts, votes
from service.chat.asking import ask, failure_text
from service.shared.seen import SeenKeys
from service.slack.blocks import SEARCHING, answer_blocks, answer_text, notice_blocks
from service.slack.history import answer_metadata, thread_history
from service.slack.mrkdwn import plain_text, split_private
from service.slack.settings import SlackSettings

logger = logging.getLogger(__name__)

HELP = (
    "Spør meg om dokumentene i kunnskapsbasen, så svarer jeg med kildene svaret bygger på. "
    "I en kanal: nevn meg, f.eks. `@Kildesvar hva er terskelverdien for bygge- og anleggskontrakter?` "
    "Som kommando: `/kildesvar <spørsmål>`, eller `/kildesvar privat <spørsmål>` for et svar bare du ser. "
    "Svar i tråden for å stille et oppfølgingsspørsmål."
)
VOTE_FAILED = f":x: {texts.VOTE_FAILED}"

Respond = Callable[..., Awaitable[Any]]


class Responder:
    """Answers mentions, direct messages and `/kildesvar`, and records thumbs votes.

    `state` is the FastAPI app's state: `engine`, `store` and `feedback_store` are read at call time.
    """

    def __init__(self, state: State, settings: SlackSettings, seen: SeenKeys) -> None:
        self.state = state
        self.settings = settings
        self.seen = seen

    async def answer_message(
        self,
        event: dict[str, Any],
        client: AsyncWebClient,
        bot_user_id: str | None,
        bot_id: str | None,
        thread_ts: str | None,
    ) -> None:
        """Post "Søker ..." (in `thread_ts`, or top level when None), then replace it with the answer."""
        channel, ts = event["channel"], event["ts"]
        if not self.seen.first_time(f"message:{channel}:{ts}"):
            return
        question = plain_text(event.get("text") or "", bot_user_id)
        if not question:
            await client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=HELP, blocks=notice_blocks(HELP))
            return
        placeholder = await client.chat_postMessage(
            channel=channel,
            thread_ts=thread_ts,
            text=SEARCHING,
            blocks=notice_blocks(SEARCHING),
            metadata=answer_metadata(question, answered=False),
        )
        reply = functools.partial(client.chat_update, channel=channel, ts=placeholder["ts"])
        try:
            parent = event.get("thread_ts")
            history = await thread_history(client, channel, parent, ts, bot_id) if parent else []
            answer = await ask(self.state, question, history, "slack")
            await reply(
                text=answer_text(answer),
                blocks=answer_blocks(answer, question),
                metadata=answer_metadata(question, answered=True),
            )
        except Exception as error:
            message = failure_message(error)
            await reply(text=message, blocks=notice_blocks(message))

    async def answer_command(self, ack: Respond, command: dict[str, Any], respond: Respond) -> None:
        """`/kildesvar [privat] <question>`: acknowledged at once, answered through the response URL."""
        private, question = split_private(plain_text(command.get("text") or ""))
        private = private or self.settings.private_slash
        if not question:
            await ack(text=HELP, response_type="ephemeral")
            return
        await ack(text=SEARCHING, response_type="ephemeral")
        try:
            answer = await ask(self.state, question, [], "slack")
            asker = None if private else command.get("user_id")
            await respond(
                text=answer_text(answer),
                blocks=answer_blocks(answer, question, asker),
                response_type="ephemeral" if private else "in_channel",
                replace_original=False,
            )
        except Exception as error:
            await respond(text=failure_message(error), response_type="ephemeral", replace_original=False)

    async def record_vote(self, ack: Respond, action: dict[str, Any], respond: Respond) -> None:
        """A thumbs button: one feedback row (channel `slack`), then a thank-you only the voter sees."""
        await ack()
        try:
            await votes.record_vote(self.state, action["action_id"], action.get("value") or "", "slack")
            message = texts.THANKS
        except Exception:
            logger.exception("Could not record Slack feedback")
            message = VOTE_FAILED
        await respond(text=message, response_type="ephemeral", replace_original=False)


def failure_message(error: Exception) -> str:
    return f":x: {failure_text(error, 'Slack')}"
