"""Request dependencies as `Annotated` aliases: what a route needs, taken from the app's state."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from service.answer.engine import AnswerEngine
from service.http.auth import Caller, require_scope
from service.http.errors import IndexNotReady
from service.http.settings import ServiceSettings
from vectorstore.store import KnowledgeStore


def get_settings(request: Request) -> ServiceSettings:
    return request.app.state.settings


def get_store(request: Request) -> KnowledgeStore:
    return request.app.state.store


SettingsDep = Annotated[ServiceSettings, Depends(get_settings)]
StoreDep = Annotated[KnowledgeStore, Depends(get_store)]


def count_documents(store: StoreDep) -> int:
    """The number of indexed chunks (a counter in the store's registry, not a call to Chroma); 503
    `index_not_ready` while there are none."""
    count = store.count()
    if count == 0:
        raise IndexNotReady()
    return count


DocumentCountDep = Annotated[int, Depends(count_documents)]


def ready_documents(store: StoreDep) -> int:
    """`count_documents`, once Chroma has answered: 503 `store_unavailable` within the store's time budget
    while it cannot be reached."""
    store.ping()
    return count_documents(store)


ReadyDocumentsDep = Annotated[int, Depends(ready_documents)]


def get_engine(request: Request, _documents: DocumentCountDep) -> AnswerEngine:
    """The answer engine, once the store holds documents."""
    return request.app.state.engine


EngineDep = Annotated[AnswerEngine, Depends(get_engine)]


def get_reachable_engine(request: Request, _documents: ReadyDocumentsDep) -> AnswerEngine:
    """The answer engine, once the store holds documents and Chroma has answered: for a stream, whose status
    is sent before the answer is worked out, so that an unreachable store is still a 503 and not an error
    event after a 200."""
    return request.app.state.engine


ReachableEngineDep = Annotated[AnswerEngine, Depends(get_reachable_engine)]


AskCaller = Annotated[Caller, Depends(require_scope("ask"))]
"""A caller allowed to ask, search and vote (an ask or admin key, or no key where none is needed)."""
AdminCaller = Annotated[Caller, Depends(require_scope("admin"))]
"""A caller with an admin key (or anyone, while no key is configured)."""
