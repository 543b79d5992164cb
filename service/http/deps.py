"""Request dependencies as `Annotated` aliases: what a route needs, taken from the app's state."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from service.answer.engine import AnswerEngine
from service.http.errors import IndexNotReady, Unauthorized
from service.http.settings import ServiceSettings
from vectorstore.store import KnowledgeStore

_bearer = HTTPBearer(auto_error=False, description="API-nøkkelen, når tjenesten er satt opp med en.")


def get_settings(request: Request) -> ServiceSettings:
    return request.app.state.settings


def get_store(request: Request) -> KnowledgeStore:
    return request.app.state.store


SettingsDep = Annotated[ServiceSettings, Depends(get_settings)]
StoreDep = Annotated[KnowledgeStore, Depends(get_store)]


def count_documents(store: StoreDep) -> int:
    """The number of indexed chunks; 503 `index_not_ready` while there are none."""
    count = store.count()
    if count == 0:
        raise IndexNotReady()
    return count


DocumentCountDep = Annotated[int, Depends(count_documents)]


def get_engine(request: Request, _documents: DocumentCountDep) -> AnswerEngine:
    """The answer engine, once the store holds documents."""
    return request.app.state.engine


EngineDep = Annotated[AnswerEngine, Depends(get_engine)]


def require_api_key(
    settings: SettingsDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> None:
    """401 unless the request carries the configured API key; a no-op when no key is configured."""
    if settings.api_key is None:
        return
    expected = settings.api_key.get_secret_value().encode()
    if credentials is None or not secrets.compare_digest(credentials.credentials.encode(), expected):
        raise Unauthorized()
