"""A Chroma server that is down, hung (kill -STOP) or killed (kill -9) costs a clear `StoreUnavailable` within
the time budget, never a hang; the store opens without it and recovers by itself when it is back.

Each test runs `chroma run` of its own on a free loopback port, because it stops and starts it.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.e2e.conftest import ChromaServer, chroma_server
from vectorstore.embeddings import HashingEmbedder
from vectorstore.errors import StoreUnavailable
from vectorstore.models import Chunk
from vectorstore.settings import StoreSettings
from vectorstore.store import KnowledgeStore

pytestmark = pytest.mark.slow

BUDGET = 2.0
COOLDOWN = 0.5
COUNCIL = Chunk(source="koml.pdf", position=0, text="Kommunestyret vedtar årsbudsjettet.", title="Kommuneloven")


@pytest.fixture
def chroma(tmp_path: Path) -> Iterator[ChromaServer]:
    with chroma_server(tmp_path) as server:
        yield server


def settings_for(server: ChromaServer, tmp_path: Path) -> StoreSettings:
    return StoreSettings(
        data_dir=tmp_path / "store",
        chroma_url=server.url,
        collection="faults",
        chroma_timeout_seconds=BUDGET,
        chroma_retry_after_seconds=COOLDOWN,
    )


@contextmanager
def takes_at_most(seconds: float) -> Iterator[None]:
    started = time.monotonic()
    yield
    assert time.monotonic() - started < seconds


def search_once_back(store: KnowledgeStore, within: float = 30) -> list:
    """Dense search, retried until the server answers again (the breaker lets a probe through after its pause)."""
    deadline = time.monotonic() + within
    while True:
        try:
            return store.dense_search("kommunestyret vedtar årsbudsjettet", 1)
        except StoreUnavailable:
            if time.monotonic() > deadline:
                raise
            time.sleep(COOLDOWN)


def test_the_store_opens_while_chroma_is_down_and_serves_once_it_is_up(chroma, tmp_path):
    with takes_at_most(BUDGET):
        store = KnowledgeStore.open(settings_for(chroma, tmp_path), HashingEmbedder())
    with takes_at_most(BUDGET + 1), pytest.raises(StoreUnavailable, match="did not answer"):
        store.dense_search("kommunestyret", 1)
    chroma.start()
    assert search_once_back(store) == []
    store.replace_source(COUNCIL.source, [COUNCIL])
    store.commit()
    assert [hit.chunk for hit in store.dense_search("kommunestyret", 1)] == [COUNCIL]


def test_a_hung_chroma_server_costs_one_time_out_then_fast_errors_until_it_answers(chroma, tmp_path):
    chroma.start()
    store = KnowledgeStore.open(settings_for(chroma, tmp_path), HashingEmbedder())
    store.replace_source(COUNCIL.source, [COUNCIL])
    store.commit()
    chroma.signal(signal.SIGSTOP)
    with takes_at_most(BUDGET + 1), pytest.raises(StoreUnavailable):
        store.dense_search("kommunestyret", 1)
    with takes_at_most(0.5), pytest.raises(StoreUnavailable):
        store.dense_search("kommunestyret", 1)
    keyword = [hit.chunk for hit in store.keyword_search("kommunestyret", 1)]
    assert keyword == [COUNCIL], "keyword search needs no Chroma"
    chroma.signal(signal.SIGCONT)
    assert [hit.chunk for hit in search_once_back(store)] == [COUNCIL]


def test_a_killed_chroma_server_started_again_is_used_again(chroma, tmp_path):
    chroma.start()
    store = KnowledgeStore.open(settings_for(chroma, tmp_path), HashingEmbedder())
    store.replace_source(COUNCIL.source, [COUNCIL])
    chroma.kill()
    with takes_at_most(BUDGET + 1), pytest.raises(StoreUnavailable):
        store.dense_search("kommunestyret", 1)
    with takes_at_most(BUDGET + 1), pytest.raises(StoreUnavailable):
        store.replace_source("ny.md", [Chunk("ny.md", 0, "Ny tekst.", "Ny")])
    chroma.start()
    assert [hit.chunk for hit in search_once_back(store)] == [COUNCIL]
    assert store.sources() == {COUNCIL.source}
