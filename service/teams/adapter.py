"""Where the Teams SDK meets the FastAPI app: `POST /teams/messages`.

The SDK speaks to web frameworks through an `HttpServerAdapter` (its protocol in
`microsoft_teams.apps.http.adapter`): `App.initialize()` registers its messaging handler here, which
validates the JWT of every request and runs the activity through the bot's handlers. This adapter serves
that handler as a route of our app, so the SDK's own server and its `/api/messages` never start, and turns
what the handler refuses into the one error shape: 401 `invalid_teams_token`, nothing sent.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import Request, Response
from fastapi.responses import JSONResponse
from microsoft_teams.apps.http.adapter import HttpMethod, HttpRequest, HttpRouteHandler

from service.http.errors import InvalidJson, KildesvarError, error_response, from_http_status

logger = logging.getLogger(__name__)

MESSAGES_PATH = "/teams/messages"


class InvalidTeamsToken(KildesvarError):
    code = "invalid_teams_token"
    status = 401
    message = "Forespørselen har ikke et gyldig token fra Microsoft Teams (Bot Framework)."


class TeamsNotReady(KildesvarError):
    code = "teams_not_ready"
    status = 503
    message = "Teams-boten starter fortsatt. Prøv igjen om litt."


class MessagesEndpoint:
    """The SDK's HTTP server adapter, served by `handle` at MESSAGES_PATH of the FastAPI app."""

    def __init__(self) -> None:
        self._handler: HttpRouteHandler | None = None

    def register_route(self, method: HttpMethod, path: str, handler: HttpRouteHandler) -> None:
        if (method, path) != ("POST", MESSAGES_PATH):
            raise ValueError(f"The Teams bot serves only POST {MESSAGES_PATH}, not {method} {path}")
        self._handler = handler

    def serve_static(self, path: str, directory: str) -> None:
        raise NotImplementedError("The Teams bot serves no static pages")

    async def start(self, port: int) -> None:
        raise NotImplementedError("The Teams bot runs inside the Kildesvar app; start that with `kildesvar serve`")

    async def stop(self) -> None:
        return None

    async def handle(self, request: Request) -> Response:
        """An activity from the Bot Framework connector, authenticated and processed by the SDK."""
        if self._handler is None:
            return error_response(TeamsNotReady())
        try:
            body: Any = await request.json()
        except ValueError:
            return error_response(InvalidJson())
        if not isinstance(body, dict):
            return error_response(InvalidJson("En aktivitet fra Teams må være et JSON-objekt."))
        result = await self._handler(HttpRequest(body=body, headers=dict(request.headers)))
        status = result["status"]
        if status == 401:
            return error_response(InvalidTeamsToken())
        if status >= 400:
            logger.warning("The Teams SDK answered an activity with HTTP %s", status)
            return error_response(from_http_status(status))
        content = result.get("body")
        return Response(status_code=status) if content is None else JSONResponse(content, status_code=status)
