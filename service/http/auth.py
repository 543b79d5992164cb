"""Who may call what: API keys with a scope, and a rate limit per key (or per client address without one).

Routes depend on `require_scope("ask")` or `require_scope("admin")` (aliases in `service.http.deps`): the
dependency verifies the `Authorization: Bearer` key, checks its scope, counts the request against the
caller's limit and returns the `Caller`. The rules:

- No key configured anywhere (no `KILDESVAR_API_KEY`, no key ever created): every route is open, as a
  development setup or a gateway that authenticates expects. Callers are limited per client address.
- Otherwise a request without a key gets 401, except on `ask` routes when `KILDESVAR_PUBLIC_ASK` is on
  (the widget on a public page). A wrong key is 401; a revoked key or one without the scope is 403.
- `KILDESVAR_API_KEY` is an admin key; an admin key may also do what an ask key may.

`Access.verify_key` is the same check for other ways of presenting a key (the admin page's sign-in).
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from service.http.errors import KildesvarError, Unauthorized
from service.http.settings import ServiceSettings
from service.keys.store import SCOPES, ApiKey, KeyStore, Scope
from service.shared.limits import RateLimit, SlidingWindowLimiter

ENV_KEY_ID = "env"

_bearer = HTTPBearer(auto_error=False, description="API-nøkkelen, når tjenesten er satt opp med nøkler.")


class KeyRevoked(KildesvarError):
    code = "key_revoked"
    status = 403
    message = "API-nøkkelen er trukket tilbake."


class InsufficientScope(KildesvarError):
    code = "insufficient_scope"
    status = 403
    message = "API-nøkkelen gir ikke tilgang til dette."


class RateLimited(KildesvarError):
    code = "rate_limited"
    status = 429
    message = "Du har sendt mange forespørsler på kort tid. Vent litt og prøv igjen."

    def __init__(self, retry_after: float = 1.0) -> None:
        super().__init__()
        self.headers = {"Retry-After": str(max(1, math.ceil(retry_after)))}


@dataclass(frozen=True)
class Caller:
    """Who made a request: a verified key, or nobody in particular (`key` None) at a client address."""

    key: ApiKey | None
    address: str

    @property
    def bucket(self) -> str:
        """What the rate limit counts per."""
        return f"key:{self.key.id}" if self.key else f"ip:{self.address}"


class Access:
    """The service's access rules over its key store, the configured key and the shared rate limiter."""

    def __init__(
        self,
        settings: ServiceSettings,
        keys: KeyStore,
        limiter: SlidingWindowLimiter,
        anonymous_limit: RateLimit | None,
    ) -> None:
        self.settings = settings
        self.keys = keys
        self.limiter = limiter
        self.anonymous_limit = anonymous_limit
        self.key_limit = settings.key_limit
        self._env_key = ApiKey(ENV_KEY_ID, "KILDESVAR_API_KEY", "admin", datetime.now(UTC).replace(microsecond=0))
        self._keys_exist = False

    def keys_required(self) -> bool:
        """Whether any key is configured (once one is created it stays so, revoked or not)."""
        if not self._keys_exist:
            self._keys_exist = self.settings.api_key is not None or self.keys.any_created()
        return self._keys_exist

    def verify_key(self, raw: str) -> ApiKey | None:
        """The key's record when `raw` is a genuine key (revoked ones too: check `.revoked`), else None."""
        if self.settings.api_key is not None:
            expected = self.settings.api_key.get_secret_value().encode()
            if secrets.compare_digest(raw.encode(), expected):
                return self._env_key
        return self.keys.verify(raw)

    def authenticate(self, token: str | None, scope: Scope, address: str) -> Caller:
        """The caller, or the 401/403 error that refuses them."""
        if token is None or not self.keys_required():
            if self.keys_required() and not (scope == "ask" and self.settings.public_ask):
                raise Unauthorized()
            return Caller(None, address)
        key = self.verify_key(token)
        if key is None:
            raise Unauthorized()
        if key.revoked:
            raise KeyRevoked()
        if not key.allows(scope):
            raise InsufficientScope()
        return Caller(key, address)

    def admit(self, caller: Caller) -> None:
        """Count the request against the caller's limit; 429 with Retry-After past it."""
        limit = self._limit_of(caller)
        if limit is not None:
            wait = self.limiter.acquire(caller.bucket, limit)
            if wait > 0:
                raise RateLimited(wait)

    def _limit_of(self, caller: Caller) -> RateLimit | None:
        if caller.key is None:
            return self.anonymous_limit
        return RateLimit.parse(caller.key.rate_limit) if caller.key.rate_limit else self.key_limit


def _requirement(scope: Scope, rate_limited: bool):
    def require(
        request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
    ) -> Caller:
        access: Access = request.app.state.access
        address = request.client.host if request.client else "unknown"
        caller = access.authenticate(credentials.credentials if credentials else None, scope, address)
        if rate_limited:
            access.admit(caller)
        request.state.caller = caller
        return caller

    require.__name__ = f"require_{scope}_scope" + ("" if rate_limited else "_unlimited")
    return require


_REQUIREMENTS = {(scope, limited): _requirement(scope, limited) for scope in SCOPES for limited in (True, False)}


def require_scope(scope: Scope, rate_limited: bool = True):
    """The dependency that admits callers allowed `scope` and counts them against their rate limit
    (`rate_limited=False` for probes such as /metrics, which a busy widget must not lock out). One function
    per combination, so FastAPI runs it once per request."""
    return _REQUIREMENTS[scope, rate_limited]
