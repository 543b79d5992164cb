"""The real app over a tiny ingested corpus, for the tests of every chat front door.

`run_app(store)` enters the app's lifespan and serves it through an httpx ASGI transport; `SpyEngine`
wraps the app's engine to see what a front door asked and to hold an answer back; `poll` waits for what a
platform stand-in receives.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from ingest.pipeline import ingest_folder
from service.answer.contract import Answer
from service.http.app import create_app
from service.http.settings import ServiceSettings
from vectorstore.store import KnowledgeStore

QUESTION = "Hva er EØS-terskelverdien for bygge- og anleggskontrakter?"
FOLLOW_UP = "Og for vare- og tjenestekontrakter?"
UNANSWERABLE = "Hva er hovedstaden i Frankrike?"
DOCS = {
    "terskelverdier.md": """---
title: Terskelverdier i offentlige anskaffelser
type: veileder
---

# Terskelverdier i offentlige anskaffelser

## EØS-terskelverdier

EØS-terskelverdien for bygge- og anleggskontrakter er 62,9 millioner kroner ekskl. mva.
For vare- og tjenestekontrakter i kommunene er EØS-terskelverdien 2,3 millioner kroner ekskl. mva.
""",
    "lup.md": """---
title: LUP – Nasjonalt program for leverandørutvikling
type: notat
---

# LUP – Nasjonalt program for leverandørutvikling

## Eiere

LUP eies av KS og NHO. Programmet hjelper offentlige virksomheter med innovative anskaffelser.
""",
    "vertskommune.md": """---
title: Årets vertskommune for næringslivet
type: rapport
---

# Årets vertskommune for næringslivet

## Prisen

Årets vertskommune for næringslivet er en pris fra KS og NHO til kommuner som legger godt til rette for
næringslivet.
""",
}


def ingest_docs(store: KnowledgeStore, folder: Path) -> KnowledgeStore:
    """DOCS written to `folder` and ingested into `store`."""
    folder.mkdir()
    for name, text in DOCS.items():
        (folder / name).write_text(text, encoding="utf-8")
    report = ingest_folder(folder, store)
    assert report.ok and len(report.added) == len(DOCS)
    return store


@dataclass
class Running:
    app: FastAPI
    http: httpx.AsyncClient


class run_app:  # noqa: N801 - used like a function: `async with run_app(store) as running:`
    def __init__(self, store: KnowledgeStore) -> None:
        self.app = create_app(settings=ServiceSettings(api_key=None), store_settings=store.settings, store=store)
        self._lifespan = self.app.router.lifespan_context(self.app)

    async def __aenter__(self) -> Running:
        await self._lifespan.__aenter__()
        transport = httpx.ASGITransport(app=self.app)
        self._http = httpx.AsyncClient(transport=transport, base_url="http://kildesvar.test")
        return Running(self.app, self._http)

    async def __aexit__(self, *exc_info: object) -> None:
        await self._http.aclose()
        await self._lifespan.__aexit__(*exc_info)


def expected_answer(running: Running, question: str) -> Answer:
    """What the app's engine answers on its own, to compare with what reached the chat."""
    return running.app.state.engine.ask(question, [])


class SpyEngine:
    """Wraps the app's engine: records every (question, history) and can hold the answer back."""

    def __init__(self, engine: Any, release: threading.Event | None = None, error: Exception | None = None) -> None:
        self.engine = engine
        self.release = release
        self.error = error
        self.asked: list[tuple[str, list]] = []

    def ask(self, question: str, history: Any, channel: str = "api") -> Any:
        self.asked.append((question, list(history)))
        if self.release:
            self.release.wait(10)
        if self.error:
            raise self.error
        return self.engine.ask(question, history, channel=channel)


async def poll(condition: Callable[[], Any], timeout: float, so_far: Callable[[], object]) -> Any:
    """Poll until `condition()` is truthy and return it; after `timeout` seconds fail with what happened so far."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        await asyncio.sleep(0.02)
    raise AssertionError(f"timed out after {timeout}s; so far: {so_far()}")
