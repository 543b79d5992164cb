"""The id of the request being handled: returned as `X-Request-ID`, put in every error body and log line.

A caller (or a proxy in front) may send its own `X-Request-ID` to follow one request through several
services; it is kept when it is a plain token of at most 64 characters, and replaced otherwise.
"""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

REQUEST_ID_HEADER = "X-Request-ID"
_ACCEPTED = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
_current: ContextVar[str | None] = ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    """The id of the request this code runs for; None outside a request."""
    return _current.get()


def begin_request(incoming: str | None) -> str:
    """Take the caller's id when it is acceptable, else a new one, as the current request's id."""
    request_id = incoming if incoming and _ACCEPTED.match(incoming) else uuid.uuid4().hex
    _current.set(request_id)
    return request_id
