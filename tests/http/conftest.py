"""Fixtures for the HTTP API: an app over a store under tmp_path, built with the offline HashingEmbedder."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from service.http.admin_settings import AdminSettings
from service.http.app import create_app
from service.http.settings import ServiceSettings
from service.http.widget_settings import WidgetSettings
from service.questions.settings import QuestionLogSettings
from vectorstore.models import Chunk
from vectorstore.store import KnowledgeStore

CHUNKS = (
    Chunk(
        source="forskrifter/anskaffelsesforskriften.md",
        position=0,
        text="EØS-terskelverdien for bygge- og anleggskontrakter er 62,9 millioner kroner ekskl. mva. "
        "For vare- og tjenestekontrakter i kommunene er terskelverdien 2,3 millioner kroner ekskl. mva.",
        title="Forskrift om offentlige anskaffelser (anskaffelsesforskriften)",
        section="Kapittel 5 > § 5-3. EØS-terskelverdier",
        doc_type="forskrift",
        paragraph="5-3",
        chapter="5",
    ),
    Chunk(
        source="lup-leverandorutvikling.md",
        position=0,
        text="Nasjonalt program for leverandørutvikling (LUP) eies av KS og NHO. Programmet hjelper offentlige "
        "virksomheter med å bruke innovative anskaffelser til å utvikle nye løsninger sammen med leverandørene.",
        title="Leverandørutviklingsprogrammet",
        section="Om programmet",
        doc_type="programbeskrivelse",
    ),
    Chunk(
        source="arets-vertskommune.md",
        position=0,
        text="Årets vertskommune for næringslivet er en pris til kommuner som legger godt til rette for "
        "næringslivet, med rask saksbehandling og god dialog med bedriftene.",
        title="Årets vertskommune for næringslivet",
        section="Prisen",
        doc_type="rapport",
    ),
)

QUESTION = "Hva er EØS-terskelverdien for bygge- og anleggskontrakter?"


def ingest(store: KnowledgeStore, chunks: tuple[Chunk, ...] = CHUNKS) -> None:
    for source in sorted({chunk.source for chunk in chunks}):
        store.replace_source(source, [chunk for chunk in chunks if chunk.source == source])
    store.commit()


def open_client(
    store: KnowledgeStore,
    settings: ServiceSettings | None = None,
    widget_settings: WidgetSettings | None = None,
    question_log_settings: QuestionLogSettings | None = None,
    admin_settings: AdminSettings | None = None,
) -> TestClient:
    """A TestClient that reports server errors as responses (the way a real client sees them)."""
    app = create_app(
        settings=settings or ServiceSettings(api_key=None),
        store=store,
        clock=lambda: date(2026, 8, 1),
        widget_settings=widget_settings or WidgetSettings(origins=[], rate_limit=""),
        question_log_settings=question_log_settings or QuestionLogSettings(question_log_days=30),
        admin_settings=admin_settings or AdminSettings(),
    )
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture
def make_client() -> Callable[..., TestClient]:
    """`open_client` for tests that need their own settings; use it as a context manager."""
    return open_client


@pytest.fixture
def ingested_store(hashing_store: KnowledgeStore) -> KnowledgeStore:
    ingest(hashing_store)
    return hashing_store


@pytest.fixture
def client(ingested_store: KnowledgeStore) -> Iterator[TestClient]:
    with open_client(ingested_store) as test_client:
        yield test_client


@pytest.fixture
def empty_client(hashing_store: KnowledgeStore) -> Iterator[TestClient]:
    with open_client(hashing_store) as test_client:
        yield test_client


def parse_sse(body: str) -> list[tuple[str, dict]]:
    """A text/event-stream body as (event, JSON data) pairs; comments (pings) are skipped."""
    events = []
    for block in body.replace("\r\n", "\n").split("\n\n"):
        fields = [line.split(": ", 1) for line in block.split("\n") if line and not line.startswith(":")]
        if fields:
            event = next(value for name, value in fields if name == "event")
            data = "\n".join(value for name, value in fields if name == "data")
            events.append((event, json.loads(data)))
    return events
