"""The OpenAPI document is the advisors' contract: every route lists the errors it can answer with, each with
an example in the one error shape, and the request examples are ones the sample corpus answers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ingest.pipeline import ingest_folder
from service.answer.contract import AI_NOTICE, Answer
from service.http.app import create_app
from service.http.routes import ASK_EXAMPLES, SEARCH_EXAMPLE
from service.http.settings import ServiceSettings
from tests.conftest import REPO_ROOT
from vectorstore.settings import StoreSettings
from vectorstore.store import KnowledgeStore

DOCUMENTED_ERRORS = {
    ("/v1/ask", "post"): {400, 401, 403, 413, 422, 429, 503},
    ("/v1/ask/stream", "post"): {400, 401, 403, 413, 422, 429, 503},
    ("/v1/search", "get"): {401, 422, 429, 503},
    ("/v1/feedback", "post"): {400, 401, 403, 413, 422, 429},
    ("/readyz", "get"): {503},
    ("/v1/documents", "get"): {401, 403, 422, 429},
    ("/v1/documents", "post"): {401, 403, 413, 422, 429, 503},
    ("/v1/documents/failures", "get"): {401, 403, 422, 429},
    ("/v1/documents/{document_id}", "get"): {401, 403, 404, 422, 429},
    ("/v1/documents/{document_id}", "delete"): {401, 403, 404, 409, 422, 429, 503},
    ("/v1/documents/{document_id}/reindex", "post"): {401, 403, 404, 422, 429, 503},
    ("/v1/reports/gaps", "get"): {401, 403, 422, 429},
    ("/v1/reports/feedback", "get"): {401, 403, 422, 429},
}


def test_openapi_documents_every_route_with_a_norwegian_example(client):
    schema = client.get("/openapi.json").json()
    operations = {
        (path, method): operation for path, methods in schema["paths"].items() for method, operation in methods.items()
    }
    expected = {
        ("/v1/ask", "post"),
        ("/v1/ask/stream", "post"),
        ("/v1/search", "get"),
        ("/healthz", "get"),
        ("/readyz", "get"),
    }
    assert expected <= set(operations)
    for key in expected:
        assert operations[key]["summary"]
    ask = operations[("/v1/ask", "post")]
    examples = ask["requestBody"]["content"]["application/json"]["examples"]
    assert examples == {name: {"summary": e["summary"], "value": e["value"]} for name, e in ASK_EXAMPLES.items()}
    not_ready = ask["responses"]["503"]["content"]["application/json"]["examples"]
    assert {"index_not_ready", "store_unavailable"} <= set(not_ready)
    assert ask["responses"]["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")
    assert "text/event-stream" in operations[("/v1/ask/stream", "post")]["responses"]["200"]["content"]


def test_every_route_documents_the_errors_it_can_answer_with_in_the_one_shape(client: TestClient):
    paths = client.get("/openapi.json").json()["paths"]
    for (path, method), statuses in DOCUMENTED_ERRORS.items():
        responses = paths[path][method]["responses"]
        assert {int(status) for status in responses if status.startswith(("4", "5"))} >= statuses, path
        for status in statuses:
            examples = responses[str(status)]["content"]["application/json"]["examples"]
            for example in examples.values():
                assert set(example["value"]) >= {"error", "message", "status"}
                assert example["value"]["status"] == status


def test_no_v1_route_is_left_out_of_the_documented_errors(client: TestClient):
    paths = client.get("/openapi.json").json()["paths"]
    v1_operations = {(path, method) for path, methods in paths.items() if path.startswith("/v1/") for method in methods}
    assert v1_operations <= set(DOCUMENTED_ERRORS), v1_operations - set(DOCUMENTED_ERRORS)
    for path, method in v1_operations:
        assert {"401", "403", "429"} <= set(paths[path][method]["responses"]), (method, path)


def test_the_answer_example_shows_the_whole_contract(client: TestClient):
    example = client.get("/openapi.json").json()["paths"]["/v1/ask"]["post"]["responses"]["200"]
    shown = example["content"]["application/json"]["example"]
    # FastAPI leaves null values out of the OpenAPI document; a citation of the sample corpus has no url.
    shown["citations"] = [{"page": None, "url": None, **citation} for citation in shown["citations"]]
    answer = Answer.model_validate(shown)
    assert answer.notice == AI_NOTICE and answer.composer == "extractive"
    assert {f"[{citation.n}]" for citation in answer.citations} <= set(answer.answer.split())


@pytest.fixture(scope="module")
def sample_corpus_client(tmp_path_factory: pytest.TempPathFactory):
    """The app over corpus/, ingested with the real embedding model (what `make run` serves)."""
    data_dir: Path = tmp_path_factory.mktemp("sample") / "data"
    store = KnowledgeStore.open(StoreSettings(data_dir=data_dir, chroma_url=None))
    report = ingest_folder(REPO_ROOT / "corpus", store)
    assert report.ok and report.added
    app = create_app(settings=ServiceSettings(api_key=None), store=store, clock=lambda: date(2026, 12, 1))
    with TestClient(app) as client:
        yield client


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(ASK_EXAMPLES))
def test_the_ask_examples_are_answered_by_the_sample_corpus(sample_corpus_client: TestClient, name: str):
    response = sample_corpus_client.post("/v1/ask", json=ASK_EXAMPLES[name]["value"])
    assert response.status_code == 200
    answer = Answer.model_validate(response.json())
    assert not answer.abstained and answer.citations, answer.answer


@pytest.mark.slow
def test_the_search_example_finds_the_sample_corpus(sample_corpus_client: TestClient):
    results = sample_corpus_client.get("/v1/search", params={"q": SEARCH_EXAMPLE}).json()["results"]
    assert results and results[0]["source"] == "lup-leverandorutvikling.md"
