"""The embeddable widget: serves /widget.js, /widget.css and the demo page at `/`, and installs what the
widget needs in the app (feedback route, origin allow-list) with one call, `install_widget`. Its rate limit
is the one every caller without a key has (`service.http.auth`)."""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, Response

from service.feedback.store import FeedbackStore
from service.http.feedback_routes import router as feedback_router
from service.http.origins import OriginGuard, OriginPolicy
from service.http.widget_settings import WidgetSettings

STATIC_DIR = Path(__file__).parent / "static"
DEMO_URL_PLACEHOLDER = "%%KILDESVAR_URL%%"


@dataclass(frozen=True)
class StaticAsset:
    body: bytes
    media_type: str
    etag: str

    @classmethod
    def load(cls, name: str, media_type: str) -> StaticAsset:
        body = (STATIC_DIR / name).read_bytes()
        return cls(body, media_type, f'"{hashlib.sha256(body).hexdigest()[:32]}"')

    def response(self, request: Request, max_age: int) -> Response:
        """The asset, or 304 when the browser's copy (If-None-Match) is current."""
        headers = {"Cache-Control": f"public, max-age={max_age}", "ETag": self.etag}
        if self.etag in _etags(request.headers.get("if-none-match", "")):
            return Response(status_code=304, headers=headers)
        return Response(self.body, media_type=self.media_type, headers=headers)


def _etags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def widget_router(max_age: int) -> APIRouter:
    """Routes for the script, its stylesheet and the demo page that embeds them."""
    script = StaticAsset.load("widget.js", "text/javascript; charset=utf-8")
    stylesheet = StaticAsset.load("widget.css", "text/css; charset=utf-8")
    demo = (STATIC_DIR / "demo.html").read_text(encoding="utf-8")
    router = APIRouter(include_in_schema=False)

    @router.get("/widget.js")
    def widget_js(request: Request) -> Response:
        return script.response(request, max_age)

    @router.get("/widget.css")
    def widget_css(request: Request) -> Response:
        return stylesheet.response(request, max_age)

    @router.get("/")
    def demo_page(request: Request) -> HTMLResponse:
        base_url = html.escape(str(request.base_url).rstrip("/"), quote=True)
        return HTMLResponse(demo.replace(DEMO_URL_PLACEHOLDER, base_url), headers={"Cache-Control": "no-cache"})

    return router


def install_widget(app: FastAPI, data_dir: Path, settings: WidgetSettings) -> None:
    """Serve the widget and its demo page, record feedback in the data dir, guard the widget's endpoints."""
    app.state.feedback_store = FeedbackStore.in_data_dir(data_dir)
    app.include_router(widget_router(settings.cache_max_age))
    app.include_router(feedback_router)
    app.add_middleware(OriginGuard, policy=OriginPolicy.of(settings.origins))
