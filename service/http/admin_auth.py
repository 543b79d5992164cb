"""Who may call the admin routes (documents, feedback, reports): an admin key, or the admin page's session.

`require_admin` admits:
- a request with `Authorization: Bearer <admin key>`, checked as every other route checks keys;
- a request with the admin page's session cookie (`service.http.admin_sessions`), whose key is checked
  again (revoked: 403) and which, when it changes anything (POST, PUT, PATCH, DELETE), must come from the
  admin page's own origin and carry the session's CSRF token in `X-CSRF-Token`;
- while no key is configured at all (an open development setup), anyone, but changes still only from the
  page's own origin, so another web page open in the same browser cannot post files or delete documents.
Callers are counted against their rate limit as on every other route.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from service.http.admin_sessions import AdminSession, AdminSessions, key_fingerprint
from service.http.auth import ENV_KEY_ID, Access, Caller, KeyRevoked
from service.http.errors import KildesvarError, Unauthorized
from service.http.origins import OriginPolicy
from service.keys.store import ApiKey

SESSION_COOKIE = "kildesvar_admin"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_bearer = HTTPBearer(auto_error=False, description="En admin-nøkkel, når tjenesten er satt opp med nøkler.")


class CsrfRefused(KildesvarError):
    code = "csrf_refused"
    status = 403
    message = "Endringen ble avvist fordi den ikke kom fra admin-siden. Last siden på nytt og prøv igjen."


class SessionExpired(Unauthorized):
    code = "session_expired"
    message = "Innloggingen er utløpt. Logg inn på nytt med admin-nøkkelen."


class AdminGate:
    """The admin side's access rules: keys through `Access`, sessions, and the page's own origins."""

    def __init__(self, access: Access, sessions: AdminSessions, origins: OriginPolicy) -> None:
        self.access = access
        self.sessions = sessions
        self.origins = origins

    def session_key(self, session: AdminSession) -> ApiKey:
        """The key the session was started with, as it is now; 401 when it is gone, 403 when revoked."""
        if session.key_id == ENV_KEY_ID:
            configured = self.access.settings.api_key
            if configured is None or key_fingerprint(configured.get_secret_value()) != session.key_fingerprint:
                raise SessionExpired()
            key = self.access.verify_key(configured.get_secret_value())
        else:
            key = next((record for record in self.access.keys.records() if record.id == session.key_id), None)
        if key is None:
            raise SessionExpired()
        if key.revoked:
            raise KeyRevoked()
        return key

    def check_origin(self, request: Request) -> None:
        """A change must come from the admin page itself: its Origin (or, lacking one, its Referer) is ours."""
        origin = request.headers.get("origin")
        if origin is None:
            referer = request.headers.get("referer", "")
            origin = "/".join(referer.split("/", 3)[:3]) if referer else None
        if origin is not None and not self.origins.allows(origin, request.scope.get("server")):
            raise CsrfRefused()


def require_admin(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Caller:
    gate: AdminGate = request.app.state.admin_gate
    address = request.client.host if request.client else "unknown"
    changes = request.method not in SAFE_METHODS
    token = request.cookies.get(SESSION_COOKIE)
    if credentials is not None:
        caller = gate.access.authenticate(credentials.credentials, "admin", address)
    elif token is not None and gate.access.keys_required():
        session = gate.sessions.find(token)
        if session is None:
            raise SessionExpired()
        caller = Caller(gate.session_key(session), address)
        if changes:
            gate.check_origin(request)
            sent = request.headers.get(CSRF_HEADER, "")
            if not secrets.compare_digest(sent.encode(), session.csrf_token.encode()):
                raise CsrfRefused()
    else:
        caller = gate.access.authenticate(None, "admin", address)
        if changes:
            gate.check_origin(request)
    gate.access.admit(caller)
    request.state.caller = caller
    return caller


AdminAccess = Annotated[Caller, Depends(require_admin)]
"""A caller allowed to manage documents and read feedback and reports (see `require_admin`)."""
