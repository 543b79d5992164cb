"""OpenAPI entries for the errors a route can answer with, each with an example in the one error shape.

Every route lists what can really happen to it, so an advisor reading /docs knows every status to handle:
400 and 422 for a bad body, 401 without a key, 403 with a revoked key, the wrong scope or from a page not
allowed to embed the widget, 413 for a body over the limit, 429 over the rate limit, 503 before anything is indexed
or while the Chroma server does not answer.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from fastapi import FastAPI

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


def document_validation_errors_in_the_one_shape(app: FastAPI) -> None:
    """Every validation failure is answered in the one error shape (`errors.from_validation_errors`), so the
    OpenAPI document says so too: FastAPI's default 422 entry (`HTTPValidationError`) of any route that does
    not document its own is replaced by an `invalid_request` example."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            for methods in schema["paths"].values():
                for operation in methods.values():
                    responses = operation.get("responses", {})
                    if "422" in responses and "examples" not in responses["422"].get("content", {}).get(
                        "application/json", {}
                    ):
                        responses["422"] = _invalid_request_entry()
            schema["components"]["schemas"].pop("HTTPValidationError", None)
            schema["components"]["schemas"].pop("ValidationError", None)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _invalid_request_entry() -> dict[str, Any]:
    """`_response([InvalidRequest()])` as it reads in the finished OpenAPI document."""
    error = InvalidRequest()
    return {
        "description": error.message,
        "content": {
            "application/json": {
                "schema": {"$ref": "#/components/schemas/ErrorBody"},
                "examples": {error.code: {"summary": error.message, "value": error_body(error).model_dump()}},
            }
        },
    }
