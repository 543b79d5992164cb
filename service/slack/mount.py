"""Mounting the bot in the FastAPI app: `POST /slack/events`, and Socket Mode in the app's lifespan.

`install_slack(app)` is the one call `create_app` makes. Without `SLACK_SIGNING_SECRET` and
`SLACK_BOT_TOKEN` (and without Socket Mode) it adds nothing (and does not import Bolt): `/slack/events` is
a 404 in the one error shape and the rest of the service runs.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import APIRouter, FastAPI, Request, Response

from service.http.errors import KildesvarError, error_response, from_http_status
from service.slack.settings import SlackSettings

if TYPE_CHECKING:
    from slack_bolt.async_app import AsyncApp

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


class InvalidSlackSignature(KildesvarError):
    code = "invalid_slack_signature"
    status = 401
    message = "Forespørselen er ikke signert av Slack, eller signaturen er for gammel."


def install_slack(app: FastAPI, settings: SlackSettings | None = None) -> None:
    """Serve the Slack bot from `app` when it is configured; a no-op otherwise."""
    settings = settings or SlackSettings()
    if not settings.enabled:
        logger.info("Slack bot off: SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN are not both set")
        return
    settings.refuse_placeholders(app.state.settings.environment)
    from service.slack.bot import build_bolt_app

    bolt = build_bolt_app(settings, app.state)
    router = APIRouter(lifespan=_socket_mode(bolt, settings) if settings.socket_mode else None)
    if settings.http_enabled:
        router.add_api_route(EVENTS_PATH, _events_endpoint(bolt), methods=["POST"], include_in_schema=False)
    app.include_router(router)


def _events_endpoint(bolt: AsyncApp) -> Callable[[Request], Awaitable[Response]]:
    from slack_bolt.adapter.fastapi.async_handler import AsyncSlackRequestHandler

    handler = AsyncSlackRequestHandler(bolt)

    async def slack_events(request: Request) -> Response:
        """Events API, slash commands and interactivity, all verified by Bolt; 401 when unsigned or stale."""
        if not request.headers.get("x-slack-request-timestamp", "").isdigit():
            return error_response(InvalidSlackSignature())
        response = await handler.handle(request)
        if response.status_code == 401:
            return error_response(InvalidSlackSignature())
        if response.status_code >= 400:
            return error_response(from_http_status(response.status_code))
        return response

    return slack_events


def _socket_mode(bolt: AsyncApp, settings: SlackSettings) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    assert settings.app_token is not None
    app_token = settings.app_token.get_secret_value()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        """Connect in the background (the client retries until Slack answers), so start-up never waits."""
        from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

        handler = AsyncSocketModeHandler(bolt, app_token=app_token)
        connecting = asyncio.create_task(handler.connect_async())
        try:
            yield
        finally:
            await handler.close_async()
            connecting.cancel()

    return lifespan
