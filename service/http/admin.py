"""The admin side, installed with one call (`install_admin`): the admin page at `/admin` (static HTML, JS and
CSS like the widget, no build step), its sign-in session routes, and the admin routes for documents,
feedback and the knowledge-gap report."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, FastAPI, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from service.http.admin_auth import SESSION_COOKIE, AdminGate, SessionExpired
from service.http.admin_sessions import AdminSession, AdminSessions
from service.http.admin_settings import AdminSettings
from service.http.auth import Caller, InsufficientScope, KeyRevoked
from service.http.documented import error_responses
from service.http.documents import router as documents_router
from service.http.errors import Unauthorized
from service.http.origins import OriginPolicy
from service.http.reports import router as reports_router
from service.http.widget import StaticAsset

PAGE_HEADERS = {
    "Cache-Control": "no-cache",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
}


class SignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str = Field(
        ..., min_length=1, max_length=200, description="An admin key (`kildesvar keys create NAME --scope admin`)."
    )


class SessionInfo(BaseModel):
    signed_in: bool
    open: bool = Field(False, description="No key is configured: the admin routes need no sign-in.")
    key_name: str | None = None
    csrf_token: str | None = Field(None, description="Send it as `X-CSRF-Token` with every change.")
    expires_at: datetime | None = None


def session_router(secure_cookie: bool) -> APIRouter:
    router = APIRouter(prefix="/admin", tags=["admin"])

    @router.post(
        "/session",
        summary="Logg inn på admin-siden",
        description="Bytter en admin-nøkkel mot en øktcookie (HttpOnly, SameSite=Strict) og et CSRF-token.",
        responses=error_responses(Unauthorized(), KeyRevoked(), InsufficientScope()),
    )
    def sign_in(body: SignIn, request: Request, response: Response) -> SessionInfo:
        gate: AdminGate = request.app.state.admin_gate
        gate.check_origin(request)
        gate.access.admit(Caller(None, request.client.host if request.client else "unknown"))
        key = gate.access.verify_key(body.key.strip())
        if key is None:
            raise Unauthorized("Nøkkelen er ikke gyldig.")
        if key.revoked:
            raise KeyRevoked()
        if not key.allows("admin"):
            raise InsufficientScope("Nøkkelen er ikke en admin-nøkkel.")
        token, session = gate.sessions.start(key, body.key.strip())
        response.set_cookie(
            SESSION_COOKIE,
            token,
            max_age=int(gate.sessions.lifetime),
            path="/",
            secure=secure_cookie,
            httponly=True,
            samesite="strict",
        )
        return _info(session)

    @router.get("/session", summary="Innloggingen på admin-siden")
    def current_session(request: Request) -> SessionInfo:
        gate: AdminGate = request.app.state.admin_gate
        if not gate.access.keys_required():
            return SessionInfo(signed_in=False, open=True)
        token = request.cookies.get(SESSION_COOKIE)
        session = gate.sessions.find(token) if token else None
        if session is None:
            return SessionInfo(signed_in=False)
        try:
            gate.session_key(session)
        except (SessionExpired, KeyRevoked):
            return SessionInfo(signed_in=False)
        return _info(session)

    @router.delete("/session", status_code=204, summary="Logg ut av admin-siden")
    def sign_out(request: Request) -> Response:
        gate: AdminGate = request.app.state.admin_gate
        gate.check_origin(request)
        token = request.cookies.get(SESSION_COOKIE)
        if token:
            gate.sessions.end(token)
        response = Response(status_code=204)
        response.delete_cookie(SESSION_COOKIE, path="/", secure=secure_cookie, httponly=True, samesite="strict")
        return response

    return router


def _info(session: AdminSession) -> SessionInfo:
    return SessionInfo(
        signed_in=True,
        key_name=session.key_name,
        csrf_token=session.csrf_token,
        expires_at=datetime.fromtimestamp(session.expires, UTC).replace(microsecond=0),
    )


def page_router() -> APIRouter:
    """The admin page and its script and stylesheet."""
    page = StaticAsset.load("admin.html", "text/html; charset=utf-8")
    script = StaticAsset.load("admin.js", "text/javascript; charset=utf-8")
    stylesheet = StaticAsset.load("admin.css", "text/css; charset=utf-8")
    router = APIRouter(include_in_schema=False)

    for path, asset in (("/admin", page), ("/admin/admin.js", script), ("/admin/admin.css", stylesheet)):
        router.add_api_route(path, _serve(asset), methods=["GET"])
    return router


def _serve(asset: StaticAsset):
    def serve(request: Request) -> Response:
        response = asset.response(request, max_age=0)
        response.headers.update(PAGE_HEADERS)
        return response

    return serve


def install_admin(app: FastAPI, settings: AdminSettings, secure_cookie: bool) -> None:
    """Serve the admin page and its routes; `app.state.access` and `app.state.shared_state` must exist."""
    sessions = AdminSessions(app.state.shared_state, settings.admin_session_minutes * 60)
    app.state.admin_gate = AdminGate(app.state.access, sessions, OriginPolicy.of(settings.admin_origins))
    app.state.admin_settings = settings
    app.include_router(page_router())
    app.include_router(session_router(secure_cookie))
    app.include_router(documents_router)
    app.include_router(reports_router)
