"""The Bolt app: which Slack events, commands and buttons the bot listens to, and what it ignores.

- `app_mention` in a channel: answered in a thread under the message (or in the thread it came from).
- `message` in a direct message (`channel_type` im): answered directly, in its thread when it has one.
- `/kildesvar [privat] <spørsmål>`: see `Responder.answer_command`.
- the thumbs buttons under an answer: one feedback row each.

Bolt verifies every HTTP request's signature and timestamp before any of this runs, acknowledges events
itself, and drops the bot's own events; other bots and message subtypes (edits, deletions, joins) are
dropped here. Listeners run after the acknowledgement (`process_before_response=False`), so Slack gets
its answer in milliseconds whatever the engine takes.
"""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient
from starlette.datastructures import State

from service.shared.seen import SeenKeys
from service.slack.dedup import drop_redeliveries
from service.slack.responder import Responder
from service.slack.settings import SlackSettings

SLASH_COMMAND = "/kildesvar"
VOTE_ACTION = re.compile(r"^kildesvar_vote_(up|down)$")


def build_bolt_app(settings: SlackSettings, state: State) -> AsyncApp:
    """A Bolt app for one workspace, its Web API client pointed at `settings.api_url`."""
    assert settings.bot_token is not None, "build_bolt_app needs SLACK_BOT_TOKEN"
    signing_secret = settings.signing_secret.get_secret_value() if settings.signing_secret else ""
    app = AsyncApp(
        name="kildesvar",
        token=settings.bot_token.get_secret_value(),
        signing_secret=signing_secret,
        process_before_response=False,
    )
    app.client.base_url = settings.api_url
    seen = SeenKeys(state.shared_state, namespace="slack")
    responder = Responder(state, settings, seen)
    app.middleware(drop_redeliveries(seen))

    @app.event("app_mention")
    async def answer_mention(event: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext) -> None:
        if _from_a_bot(event):
            return
        thread_ts = event.get("thread_ts") or event["ts"]
        await responder.answer_message(event, client, context.bot_user_id, context.bot_id, thread_ts)

    @app.event("message")
    async def answer_direct_message(event: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext) -> None:
        if event.get("channel_type") != "im" or event.get("subtype") or _from_a_bot(event):
            return
        await responder.answer_message(event, client, context.bot_user_id, context.bot_id, event.get("thread_ts"))

    app.command(SLASH_COMMAND)(responder.answer_command)
    app.action(VOTE_ACTION)(responder.record_vote)
    return app


def _from_a_bot(event: dict[str, Any]) -> bool:
    return bool(event.get("bot_id") or event.get("bot_profile")) or event.get("subtype") == "bot_message"
