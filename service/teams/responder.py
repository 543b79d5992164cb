"""What the bot does with a Teams message: acknowledge it, show that it is typing, answer with a card.

The SDK answers the connector's POST only when the handler returns, and the connector gives up after 15
seconds; an answer can take longer (with an LLM), so the handler reads the message and hands it to a
background task, and the activity is acknowledged at once. The task keeps Teams' typing indicator up
while the engine works, posts the card in the question's thread, and remembers it for follow-ups.
Failures reach the user as one short Norwegian line, never as exception text.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Coroutine
from typing import Any

from microsoft_teams.api.activities.invoke.adaptive_card import AdaptiveCardInvokeActivity
from microsoft_teams.api.activities.message import MessageActivity, MessageActivityInput
from microsoft_teams.api.activities.sent_activity import SentActivity
from microsoft_teams.api.activities.typing import TypingActivityInput
from microsoft_teams.api.models.adaptive_card import AdaptiveCardActionMessageResponse
from microsoft_teams.api.models.conversation import ConversationReference
from microsoft_teams.apps import ActivityContext
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import State

from service.chat import texts, votes
from service.chat.asking import ask, failure_text
from service.shared.seen import SeenKeys
from service.teams.cards import FEEDBACK_KEY, answer_card
from service.teams.conversation import IncomingQuestion, read_question, tenant_of
from service.teams.settings import TeamsSettings
from service.teams.threads import ThreadStore

logger = logging.getLogger(__name__)

TYPING_EVERY_SECONDS = 3.0
HELP_WORDS = {"hjelp", "help", "?"}  # "hjelp" is the command the app package lists
DRAIN_SECONDS = 10.0
HELP = (
    "Spør meg om dokumentene i kunnskapsbasen, så svarer jeg med kildene svaret bygger på. "
    "I en kanal eller gruppechat: nevn meg, f.eks. «@Kildesvar hva er terskelverdien for bygge- og "
    "anleggskontrakter?». Svar i tråden, eller på svaret mitt i en chat, for å stille et oppfølgingsspørsmål."
)


class Responder:
    """Answers messages and records thumbs votes; `state` is the FastAPI app's state, read at call time."""

    def __init__(self, state: State, settings: TeamsSettings, threads: ThreadStore, seen: SeenKeys) -> None:
        assert settings.tenant_id is not None
        self.state = state
        self.tenant_id = settings.tenant_id
        self.threads = threads
        self.seen = seen
        self._tasks: set[asyncio.Task[None]] = set()

    async def on_message(self, ctx: ActivityContext[MessageActivity]) -> None:
        """Start answering in the background; the SDK then acknowledges the activity."""
        incoming = read_question(ctx.activity, self.tenant_id)
        if incoming is None or not self.seen.first_time(incoming.key):
            return
        self._spawn(self._answer(ctx, incoming))

    async def on_vote(self, ctx: ActivityContext[AdaptiveCardInvokeActivity]) -> AdaptiveCardActionMessageResponse:
        """A 👍/👎 click: one feedback row (channel `teams`), and a thank-you that only the voter sees."""
        action = ctx.activity.value.action
        try:
            if tenant_of(ctx.activity) != self.tenant_id:
                raise PermissionError("a vote from another tenant")
            if self.seen.first_time(f"vote:{ctx.activity.id}"):
                await votes.record_vote(self.state, action.verb or "", str(action.data.get(FEEDBACK_KEY)), "teams")
            message = texts.THANKS
        except Exception:
            logger.exception("Could not record Teams feedback")
            message = texts.VOTE_FAILED
        return AdaptiveCardActionMessageResponse(value=message)

    async def close(self) -> None:
        """Let the answers under way finish (for at most DRAIN_SECONDS), then cancel what is left."""
        if not self._tasks:
            return
        _, pending = await asyncio.wait(set(self._tasks), timeout=DRAIN_SECONDS)
        for task in pending:
            task.cancel()

    async def _answer(self, ctx: ActivityContext[MessageActivity], incoming: IncomingQuestion) -> None:
        if not incoming.text or incoming.text.casefold() in HELP_WORDS:
            await self._send(ctx, incoming, MessageActivityInput(text=HELP))
            return
        reference = _reference(ctx, incoming)
        await ctx.send(TypingActivityInput(), reference)
        typing = asyncio.create_task(_keep_typing(ctx, reference))
        try:
            thread = await run_in_threadpool(self._thread, incoming)
            history = await run_in_threadpool(self.threads.turns, thread)
            answer = await ask(self.state, incoming.text, history, "teams")
        except Exception as error:
            await _stop(typing)
            await self._send(ctx, incoming, MessageActivityInput(text=f"❌ {failure_text(error, 'Teams')}"))
            return
        await _stop(typing)
        sent = await self._send(ctx, incoming, MessageActivityInput().add_card(answer_card(answer, incoming.text)))
        await run_in_threadpool(
            self.threads.record, incoming.conversation_id, sent.id, thread, incoming.text, answer.answer
        )

    def _thread(self, incoming: IncomingQuestion) -> str:
        """A channel thread is known; in a chat, a reply to one of our answers continues that answer's thread."""
        if incoming.thread:
            return incoming.thread
        return self.threads.thread_of(incoming.conversation_id, incoming.replied_to) or incoming.new_thread()

    async def _send(
        self, ctx: ActivityContext[MessageActivity], incoming: IncomingQuestion, message: MessageActivityInput
    ) -> SentActivity:
        if incoming.quote:
            message.prepend_quote(incoming.quote)
        return await ctx.send(message, _reference(ctx, incoming))

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(_logged(work))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


def _reference(ctx: ActivityContext[Any], incoming: IncomingQuestion) -> ConversationReference:
    """The activity's own conversation reference, pointed at the question's thread."""
    reference = ctx.conversation_ref
    conversation = reference.conversation.model_copy(update={"id": incoming.conversation_id})
    return reference.model_copy(update={"conversation": conversation})


async def _keep_typing(ctx: ActivityContext[Any], reference: ConversationReference) -> None:
    """Teams shows the typing indicator for a few seconds per typing activity; repeat until stopped."""
    while True:
        await asyncio.sleep(TYPING_EVERY_SECONDS)
        try:
            await ctx.send(TypingActivityInput(), reference)
        except Exception:
            logger.warning("Could not show the typing indicator in Teams", exc_info=True)
            return


async def _stop(task: asyncio.Task[None]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def _logged(work: Coroutine[Any, Any, None]) -> None:
    try:
        await work
    except Exception:
        logger.exception("A Teams answer could not be sent")
