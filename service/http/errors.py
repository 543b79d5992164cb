"""One error hierarchy and one renderer: every failure leaves the API as
`{"error", "message", "status", "request_id"}`, the last the same id as the response's `X-Request-ID`.

Messages are Norwegian (bokmål) and written for the caller; raw exception text never reaches a response.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from service.http.request_id import REQUEST_ID_HEADER, current_request_id
from service.http.schemas import ErrorBody
from vectorstore import errors as store_errors

logger = logging.getLogger(__name__)


class KildesvarError(Exception):
    """Base of every error the API reports; subclasses set `code`, `status` and a default `message`."""

    code: ClassVar[str] = "internal_error"
    status: int = 500
    message: str = "Det oppstod en intern feil. Prøv igjen senere."
    headers: Mapping[str, str] = {}

    def __init__(self, message: str | None = None) -> None:
        if message is not None:
            self.message = message
        super().__init__(self.message)


class InvalidRequest(KildesvarError):
    code = "invalid_request"
    status = 422
    message = "Forespørselen er ugyldig."


class InvalidJson(KildesvarError):
    code = "invalid_json"
    status = 400
    message = "Forespørselen er ikke gyldig JSON."


class BadRequest(KildesvarError):
    code = "bad_request"
    status = 400
    message = "Forespørselen kunne ikke leses."


class Unauthorized(KildesvarError):
    code = "unauthorized"
    status = 401
    message = "Mangler gyldig API-nøkkel (Authorization: Bearer <nøkkel>)."
    headers = {"WWW-Authenticate": "Bearer"}


class NotFound(KildesvarError):
    code = "not_found"
    status = 404
    message = "Fant ingenting på denne adressen."


class MethodNotAllowed(KildesvarError):
    code = "method_not_allowed"
    status = 405
    message = "Metoden er ikke tillatt på denne adressen."


class PayloadTooLarge(KildesvarError):
    code = "payload_too_large"
    status = 413
    message = "Forespørselen er for stor."


class IndexNotReady(KildesvarError):
    code = "index_not_ready"
    status = 503
    message = "Ingen dokumenter er indeksert ennå."


class StoreUnavailable(KildesvarError):
    """The document store (a Chroma server) cannot be reached or does not answer in time."""

    code = "store_unavailable"
    status = 503
    message = "Dokumentlageret svarer ikke akkurat nå. Prøv igjen om litt."
    headers = {"Retry-After": "5"}


class HttpError(KildesvarError):
    """Any other HTTP status raised by the framework."""

    code = "http_error"
    message = "Forespørselen kunne ikke behandles."

    def __init__(self, status: int) -> None:
        super().__init__()
        self.status = status


_BY_STATUS: dict[int, type[KildesvarError]] = {
    error.status: error for error in (BadRequest, Unauthorized, NotFound, MethodNotAllowed, PayloadTooLarge)
}


def as_api_error(error: BaseException) -> KildesvarError:
    """The API error for any failure: the store's unavailability is a 503, anything unknown is logged and
    reported as internal."""
    if isinstance(error, KildesvarError):
        return error
    if isinstance(error, store_errors.StoreUnavailable):
        logger.warning("The store is unavailable: %s", error)
        return StoreUnavailable()
    logger.error("Unhandled error: %s", type(error).__name__, exc_info=error)
    return KildesvarError()


def error_body(error: BaseException) -> ErrorBody:
    """The one error shape."""
    known = as_api_error(error)
    return ErrorBody(error=known.code, message=known.message, status=known.status, request_id=current_request_id())


def error_response(error: BaseException, headers: Mapping[str, str] | None = None) -> JSONResponse:
    known = as_api_error(error)
    body = error_body(known)
    extra = {**known.headers, **(headers or {})}
    if body.request_id is not None:
        extra[REQUEST_ID_HEADER] = body.request_id  # also on a 500, which leaves outside the telemetry middleware
    return JSONResponse(body.model_dump(), status_code=body.status, headers=extra)


def from_http_status(status: int) -> KildesvarError:
    known = _BY_STATUS.get(status)
    return known() if known else HttpError(status)


def from_validation_errors(errors: Sequence[Mapping[str, Any]]) -> KildesvarError:
    """The first validation error, explained in Norwegian; a JSON syntax error is a 400."""
    first = errors[0]
    if first["type"] == "json_invalid":
        return InvalidJson()
    return InvalidRequest(_describe(first["type"], _field_name(first["loc"]), first.get("ctx") or {}))


def _field_name(loc: Sequence[str | int]) -> str:
    return ".".join(str(part) for part in loc[1:])


def _describe(kind: str, field: str, ctx: Mapping[str, Any]) -> str:
    if not field:
        return "Forespørselen må være et JSON-objekt."
    match kind:
        case "missing":
            return f"Feltet «{field}» mangler."
        case "extra_forbidden":
            return f"Ukjent felt «{field}»."
        case "string_too_short":
            return f"«{field}» må ha minst {ctx['min_length']} tegn."
        case "string_too_long":
            return f"«{field}» kan ha høyst {ctx['max_length']} tegn."
        case "too_long":
            return f"«{field}» kan ha høyst {ctx['max_length']} elementer."
        case "greater_than_equal":
            return f"«{field}» må være minst {ctx['ge']}."
        case "less_than_equal":
            return f"«{field}» kan være høyst {ctx['le']}."
        case "int_parsing" | "int_type" | "int_from_float":
            return f"«{field}» må være et heltall."
        case "string_type":
            return f"«{field}» må være tekst."
        case _:
            return f"Ugyldig verdi for «{field}»."


async def _render_error(request: Request, error: Exception) -> JSONResponse:
    return error_response(error)


async def _render_validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    return error_response(from_validation_errors(error.errors()))


async def _render_http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    return error_response(from_http_status(error.status_code), headers=error.headers)


def register_error_handlers(app: FastAPI) -> None:
    """Route every kind of failure through the one renderer."""
    app.add_exception_handler(KildesvarError, _render_error)
    app.add_exception_handler(store_errors.StoreUnavailable, _render_error)
    app.add_exception_handler(RequestValidationError, _render_validation_error)
    app.add_exception_handler(StarletteHTTPException, _render_http_error)
    app.add_exception_handler(Exception, _render_error)
