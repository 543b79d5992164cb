"""What the bot does with a question from Slack: acknowledge, show that it is searching, answer, report.

The answer engine is blocking, so it runs in the thread pool; Slack has long been acknowledged by then.
Failures reach the user as one short Norwegian line, never as exception text.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import State

from service.answer.contract import MAX_QUESTION_CHARS, Answer, Turn
from service.feedback.store import FeedbackEntry
from service.http.errors import IndexNotReady, InvalidRequest, KildesvarError
from service.shared.seen import SeenKeys
from service.slack.blocks import SEARCHING, VOTES, answer_blocks, answer_text, notice_blocks, parse_feedback_value
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
FAILED = ":x: Beklager, noe gikk galt da jeg skulle svare. Prøv igjen om litt."
TOO_LONG = f"Spørsmålet er for langt: det kan ha høyst {MAX_QUESTION_CHARS} tegn."
THANKS = "Takk for tilbakemeldingen! Den hjelper oss å forbedre kunnskapsbasen."
VOTE_FAILED = ":x: Beklager, tilbakemeldingen kunne ikke lagres. Prøv igjen senere."

Respond = Callable[..., Awaitable[Any]]


class Responder:
    """Answers mentions, direct messages and `/kildesvar`, and records thumbs votes.

    `state` is the FastAPI app's state: `engine`, `store` and `feedback_store` are opened in its lifespan
    and read at call time.
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
            answer = await self.ask(question, history)
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
            answer = await self.ask(question, [])
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
            voted = parse_feedback_value(action.get("value") or "")
            entry = FeedbackEntry(
                question=voted.question,
                answer=voted.answer,
                citations=voted.citations,
                vote=VOTES[action["action_id"]],
                channel="slack",
            )
            await run_in_threadpool(self.state.feedback_store.record, entry)
            message = THANKS
        except Exception:
            logger.exception("Could not record Slack feedback")
            message = VOTE_FAILED
        await respond(text=message, response_type="ephemeral", replace_original=False)

    async def ask(self, question: str, history: Sequence[Turn]) -> Answer:
        if len(question) > MAX_QUESTION_CHARS:
            raise InvalidRequest(TOO_LONG)
        return await run_in_threadpool(self._ask, question, history)

    def _ask(self, question: str, history: Sequence[Turn]) -> Answer:
        if self.state.store.count() == 0:
            raise IndexNotReady()
        return self.state.engine.ask(question, history)


def failure_message(error: Exception) -> str:
    """The user's line for a failure: our own errors say what happened, anything else is logged."""
    if isinstance(error, KildesvarError):
        logger.info("Slack question not answered: %s", error.code)
        return f":x: {error.message}"
    logger.exception("Slack question failed", exc_info=error)
    return FAILED
