"""The routes over a store built under tmp_path with the offline HashingEmbedder."""

from __future__ import annotations

import threading

from service.answer.contract import Answer
from service.http.schemas import SearchResponse
from service.http.settings import ServiceSettings
from tests.http.conftest import CHUNKS, QUESTION, ingest
from vectorstore.store import KnowledgeStore

THRESHOLD_CHUNK = "forskrifter/anskaffelsesforskriften.md#0"


def test_ask_answers_with_citations_quoting_the_store(client, ingested_store: KnowledgeStore):
    response = client.post("/v1/ask", json={"question": QUESTION})
    assert response.status_code == 200
    answer = Answer.model_validate(response.json())
    assert not answer.abstained
    assert "62,9 millioner" in answer.answer
    assert answer.citations[0].chunk_id == THRESHOLD_CHUNK
    chunks = {chunk.id: chunk for chunk in ingested_store.all_chunks()}
    for citation in answer.citations:
        assert citation.quote in chunks[citation.chunk_id].text
        assert f"[{citation.n}]" in answer.answer


def test_search_ranks_the_matching_passage_first_and_honours_k(client):
    response = client.get("/v1/search", params={"q": "terskelverdi bygge- og anleggskontrakter", "k": 2})
    assert response.status_code == 200
    found = SearchResponse.model_validate(response.json())
    assert found.query == "terskelverdi bygge- og anleggskontrakter"
    assert 1 <= len(found.results) <= 2
    assert found.results[0].chunk_id == THRESHOLD_CHUNK
    assert [result.rank for result in found.results] == list(range(1, len(found.results) + 1))
    assert "search" in found.timings_ms


def test_search_returns_at_most_ten_results_by_default(client):
    response = client.get("/v1/search", params={"q": "kommuner anskaffelser næringslivet"})
    assert 1 <= len(response.json()["results"]) <= min(10, len(CHUNKS))


def test_healthz_is_ok_while_nothing_is_indexed(empty_client):
    response = empty_client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_turns_ready_once_documents_are_ingested(make_client, hashing_store: KnowledgeStore):
    with make_client(hashing_store) as client:
        assert client.get("/readyz").status_code == 503
        assert client.post("/v1/ask", json={"question": QUESTION}).status_code == 503
        ingest(hashing_store)
        response = client.get("/readyz")
        assert response.status_code == 200
        assert response.json() == {
            "status": "ready",
            "documents": len(CHUNKS),
            "embedding_model": "hashing:test-double",
            "llm": "off",
        }
        assert client.post("/v1/ask", json={"question": QUESTION}).status_code == 200


def test_api_key_opens_the_v1_routes_and_probes_stay_open(make_client, ingested_store: KnowledgeStore):
    with make_client(ingested_store, ServiceSettings(api_key="s3cret")) as client:
        authorized = client.get("/v1/search", params={"q": "terskelverdi"}, headers={"Authorization": "Bearer s3cret"})
        assert authorized.status_code == 200
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 200


class BlockingEngine:
    """Holds `ask` until released, to show that a slow answer does not hold up other requests."""

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.entered = threading.Event()
        self.release = threading.Event()

    def ask(self, question, history, channel="api"):
        self.entered.set()
        assert self.release.wait(timeout=10)
        return self.answer


def test_a_slow_answer_leaves_the_event_loop_free(client):
    engine = BlockingEngine(Answer(answer="Ja.", abstained=False, citations=[], warnings=[], timings_ms={}))
    client.app.state.engine = engine
    responses = []
    asking = threading.Thread(target=lambda: responses.append(client.post("/v1/ask", json={"question": QUESTION})))
    asking.start()
    try:
        assert engine.entered.wait(timeout=10)
        health: list[int] = []
        checking = threading.Thread(target=lambda: health.append(client.get("/healthz").status_code))
        checking.start()
        checking.join(timeout=5)
        assert health == [200]
    finally:
        engine.release.set()
        asking.join(timeout=10)
    assert responses[0].json()["answer"] == "Ja."
