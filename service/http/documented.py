"""OpenAPI entries for the errors a route can answer with, each with an example in the one error shape.

Every route lists what can really happen to it, so an advisor reading /docs knows every status to handle:
400 and 422 for a bad body, 401 without a key, 403 with a revoked key, the wrong scope or from a page not
allowed to embed the widget, 413 for a body over the limit, 429 over the rate limit, 503 before anything is indexed
or while the Chroma server does not answer.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from service.http.auth import InsufficientScope, KeyRevoked, RateLimited
from service.http.errors import (
    IndexNotReady,
    InvalidJson,
    InvalidRequest,
    KildesvarError,
    PayloadTooLarge,
    StoreUnavailable,
    Unauthorized,
    error_body,
)
from service.http.origins import OriginNotAllowed
from service.http.schemas import ErrorBody

Responses = dict[int | str, dict[str, Any]]


def error_responses(*errors: KildesvarError) -> Responses:
    """One OpenAPI response per status; several errors with one status become named examples."""
    by_status: dict[int, list[KildesvarError]] = defaultdict(list)
    for error in errors:
        by_status[error.status].append(error)
    return {status: _response(group) for status, group in sorted(by_status.items())}


def _response(errors: list[KildesvarError]) -> dict[str, Any]:
    examples = {error.code: {"summary": error.message, "value": error_body(error).model_dump()} for error in errors}
    return {
        "model": ErrorBody,
        "description": " / ".join(error.message for error in errors),
        "content": {"application/json": {"examples": examples}},
    }


NOT_READY = (IndexNotReady(), StoreUnavailable())
BODY = (InvalidJson(), PayloadTooLarge(), InvalidRequest("«question» kan ha høyst 2000 tegn."))
CALLER = (Unauthorized(), KeyRevoked(), InsufficientScope(), RateLimited())
WIDGET = (OriginNotAllowed(),)
