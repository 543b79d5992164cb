"""Fixtures of the LLM tests: a scripted OpenAI-compatible server on loopback and settings pointing at it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# tests/ has no packages (importlib mode): make the fake server module importable by the tests beside it.
_HERE = str(Path(__file__).parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from fake_openai import FakeOpenAI  # noqa: E402
from sources import KANTINE, KULL, KURS, LUP  # noqa: E402

from service.llm.settings import LlmSettings  # noqa: E402
from vectorstore.store import KnowledgeStore  # noqa: E402


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


@pytest.fixture
def llm_settings(fake_openai: FakeOpenAI) -> LlmSettings:
    return LlmSettings(base_url=fake_openai.base_url, model="fake-model", api_key="test-key", timeout=1.0)


@pytest.fixture
def store(hashing_store: KnowledgeStore) -> KnowledgeStore:
    """Four corpus-like chunks, one of them carrying a planted prompt injection."""
    for chunk in (LUP, KULL, KURS, KANTINE):
        hashing_store.replace_source(chunk.source, [chunk])
    hashing_store.commit()
    return hashing_store
