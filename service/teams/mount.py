"""Mounting the Teams bot in the FastAPI app: `POST /teams/messages`.

`install_teams(app, data_dir)` is the one call `create_app` makes. Without the app id, the tenant id and a
credential it adds nothing (and does not import the Teams SDK): `/teams/messages` is a 404 in the one
error shape and the rest of the service runs. With them, the SDK's App is built at once and initialised
in the app's lifespan, which also lets answers under way finish when the service stops.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import APIRouter, FastAPI

from service.teams.settings import TeamsSettings

if TYPE_CHECKING:
    from microsoft_teams.apps import App

    from service.teams.responder import Responder

logger = logging.getLogger(__name__)


def install_teams(app: FastAPI, data_dir: Path, settings: TeamsSettings | None = None) -> None:
    """Serve the Teams bot from `app` when it is configured, its threads kept in `data_dir`; a no-op otherwise."""
    settings = settings or TeamsSettings()
    if not settings.enabled:
        unset = settings.missing()
        if len(unset) < 3:
            logger.warning("Teams bot off: %s not set", ", ".join(unset))
        else:
            logger.info("Teams bot off: KILDESVAR_TEAMS_APP_ID, _TENANT_ID and a credential are not set")
        return
    settings.refuse_placeholders(app.state.settings.environment)
    from service.teams.adapter import MESSAGES_PATH, MessagesEndpoint
    from service.teams.bot import build_teams_app

    endpoint = MessagesEndpoint()
    teams, responder = build_teams_app(settings, app.state, endpoint, data_dir)
    router = APIRouter(lifespan=_lifespan(teams, responder))
    router.add_api_route(MESSAGES_PATH, endpoint.handle, methods=["POST"], include_in_schema=False)
    app.include_router(router)


def _lifespan(teams: App, responder: Responder) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await teams.initialize()
        try:
            yield
        finally:
            await responder.close()

    return lifespan
