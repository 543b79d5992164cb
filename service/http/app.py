"""The FastAPI application factory. Clients (the store, its embedding model, the engine) open once, in lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import date

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline
from starlette.concurrency import run_in_threadpool

from service.answer.engine import AnswerEngine
from service.answer.settings import AnswerSettings
from service.answer.trace import AnswerObserver, AnswerObservers
from service.http.admin import install_admin
from service.http.admin_settings import AdminSettings
from service.http.auth import Access
from service.http.body_limit import BodySizeLimit
from service.http.documented import document_validation_errors_in_the_one_shape
from service.http.errors import register_error_handlers
from service.http.metrics import IndexCollector, PrometheusAnswerObserver
from service.http.metrics import router as metrics_router
from service.http.routes import router
from service.http.settings import ServiceSettings
from service.http.telemetry import RequestTelemetry
from service.http.widget import install_widget
from service.http.widget_settings import WidgetSettings
from service.keys.store import KeyStore
from service.llm.mode import create_llm_mode
from service.llm.probe import LlmProbe
from service.llm.settings import LlmSettings
from service.questions.log import QuestionLog, QuestionLogObserver
from service.questions.settings import QuestionLogSettings
from service.shared.limits import SlidingWindowLimiter
from service.shared.state import SharedState
from service.slack.mount import install_slack
from service.teams.mount import install_teams
from vectorstore.settings import StoreSettings
from vectorstore.store import KnowledgeStore

DESCRIPTION = """Korte svar på norsk med kildehenvisninger som peker på de nøyaktige tekstavsnittene svaret bygger på.

Alle feil har samme form: `{"error": "index_not_ready", "message": "Ingen dokumenter er indeksert ennå.",
"status": 503}`. Lovtekst: Kilde: Lovdata (NLOD 2.0)."""

DOCS_ASSETS = "/docs-assets"


def create_app(
    settings: ServiceSettings | None = None,
    store_settings: StoreSettings | None = None,
    answer_settings: AnswerSettings | None = None,
    store: KnowledgeStore | None = None,
    clock: Callable[[], date] | None = None,
    llm_settings: LlmSettings | None = None,
    widget_settings: WidgetSettings | None = None,
    question_log_settings: QuestionLogSettings | None = None,
    admin_settings: AdminSettings | None = None,
) -> FastAPI:
    """Build the app. Settings are read from the environment when not given, and validated here, at start-up.

    `store` replaces the store the settings describe (tests pass one built under tmp_path).
    """
    settings = settings or ServiceSettings()
    answer_settings = answer_settings or AnswerSettings()
    llm_settings = llm_settings or LlmSettings()
    store_settings = store.settings if store is not None else store_settings or StoreSettings()
    widget_settings = widget_settings or WidgetSettings()
    question_log_settings = question_log_settings or QuestionLogSettings()
    admin_settings = admin_settings or AdminSettings()
    lifespan = _lifespan(store_settings, answer_settings, llm_settings, store, clock)
    # /docs and /redoc load Swagger UI and ReDoc from the app itself (fastapi-offline ships them), not from a
    # CDN: they work on an intranet without internet.
    app = FastAPIOffline(
        title="Kildesvar", description=DESCRIPTION, version="0.1.0", lifespan=lifespan, static_url=DOCS_ASSETS
    )
    app.state.settings = settings
    app.state.llm_probe = LlmProbe(llm_settings) if llm_settings.enabled else None
    app.state.shared_state = SharedState.in_data_dir(store_settings.data_dir)
    app.state.question_log = QuestionLog.in_data_dir(store_settings.data_dir, question_log_settings.question_log_days)
    limiter = SlidingWindowLimiter(app.state.shared_state)
    app.state.access = Access(settings, KeyStore.in_data_dir(store_settings.data_dir), limiter, widget_settings.limit)
    uploads = {"/v1/documents": admin_settings.max_upload_bytes}
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes, by_path=uploads)
    register_error_handlers(app)
    document_validation_errors_in_the_one_shape(app)
    app.include_router(router)
    app.include_router(metrics_router)
    install_slack(app)
    install_teams(app, store_settings.data_dir)
    install_widget(app, store_settings.data_dir, widget_settings)
    install_admin(app, admin_settings, secure_cookie=settings.environment != "development")
    app.add_middleware(RequestTelemetry)  # added last: the outermost, so every response carries the request id
    return app


def _lifespan(
    store_settings: StoreSettings,
    answer_settings: AnswerSettings,
    llm_settings: LlmSettings,
    store: KnowledgeStore | None,
    clock: Callable[[], date] | None,
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """Open the store (and with it the embedding model) once, and the engine over it, for the app's lifetime."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = store if store is not None else await run_in_threadpool(KnowledgeStore.open, store_settings)
        app.state.store = opened
        llm = create_llm_mode(llm_settings, answer_settings)
        observer = await run_in_threadpool(_answer_observers, app.state.question_log)
        app.state.engine = AnswerEngine(opened, answer_settings, clock=clock or date.today, llm=llm, observer=observer)
        app.state.index_collector = IndexCollector(opened)
        yield

    return lifespan


def _answer_observers(question_log: QuestionLog) -> AnswerObserver:
    """Metrics, and the question log when it is on; its expired rows (all of them when off) are purged now."""
    question_log.purge()
    observers: list[AnswerObserver] = [PrometheusAnswerObserver()]
    if question_log.enabled:
        observers.append(QuestionLogObserver(question_log))
    return AnswerObservers(observers)
