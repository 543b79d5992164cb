"""Request ids, the access log and /metrics, on the app in process (tests/e2e runs them on a real server)."""

from __future__ import annotations

import json
import logging

from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from service.http.json_logs import ACCESS_LOGGER, JsonFormatter
from service.http.settings import ServiceSettings
from service.keys.store import KeyStore
from tests.http.conftest import QUESTION, open_client
from vectorstore.store import KnowledgeStore


def samples(client: TestClient, **kwargs) -> dict[tuple[str, tuple], float]:
    response = client.get("/metrics", **kwargs)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(found: dict, name: str, **labels: str) -> float:
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


def test_every_response_has_a_request_id_and_a_callers_own_id_is_kept(client: TestClient):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert len(first.headers["x-request-id"]) == 32 and first.headers["x-request-id"] != second.headers["x-request-id"]
    assert client.get("/healthz", headers={"X-Request-ID": "proxy-42.a"}).headers["x-request-id"] == "proxy-42.a"
    forged = client.get("/healthz", headers={"X-Request-ID": "a b<script>" * 10}).headers["x-request-id"]
    assert len(forged) == 32 and "script" not in forged


def test_the_access_log_has_one_json_line_per_request_and_never_the_question(client: TestClient, caplog):
    with caplog.at_level(logging.INFO, logger=ACCESS_LOGGER):
        response = client.get("/v1/search", params={"q": "hemmelig spørsmål om terskelverdi"})
        client.post("/v1/ask", json={"question": "hemmelig spørsmål om terskelverdi"})
    lines = [json.loads(JsonFormatter().format(record)) for record in caplog.records if record.name == ACCESS_LOGGER]
    assert len(lines) == 2
    search = lines[0]
    assert search["request_id"] == response.headers["x-request-id"]
    assert (search["method"], search["path"], search["route"], search["status"]) == (
        "GET",
        "/v1/search",
        "/v1/search",
        200,
    )
    assert search["duration_ms"] > 0 and search["client"] == "testclient" and search["key"] is None
    assert search["level"] == "info" and isinstance(search["pid"], int)
    assert "hemmelig" not in caplog.text and all("hemmelig" not in json.dumps(line) for line in lines)


def test_the_access_log_names_the_key_not_its_secret(ingested_store: KnowledgeStore, caplog):
    _, key = KeyStore.in_data_dir(ingested_store.settings.data_dir).create("saksbehandling", "ask")
    with open_client(ingested_store) as client, caplog.at_level(logging.INFO, logger=ACCESS_LOGGER):
        client.get("/v1/search?q=LUP", headers={"Authorization": f"Bearer {key}"})
    (record,) = [record for record in caplog.records if record.name == ACCESS_LOGGER]
    assert record.key == "saksbehandling" and key not in caplog.text


def test_metrics_count_requests_answers_refusals_and_the_index(client: TestClient):
    before = samples(client)
    client.post("/v1/ask", json={"question": QUESTION})
    client.post("/v1/ask", json={"question": "Hva er hovedstaden i Frankrike?"})
    client.get("/v2/finnes-ikke")
    after = samples(client)
    ask = {"route": "/v1/ask", "method": "POST", "status": "200"}
    assert (
        value(after, "kildesvar_http_requests_total", **ask) - value(before, "kildesvar_http_requests_total", **ask)
        == 2
    )
    unmatched = {"route": "unmatched", "method": "GET", "status": "404"}
    assert value(after, "kildesvar_http_requests_total", **unmatched) > value(
        before, "kildesvar_http_requests_total", **unmatched
    )
    latency = "kildesvar_http_request_duration_seconds_count"
    assert (
        value(after, latency, route="/v1/ask", status="200") - value(before, latency, route="/v1/ask", status="200")
        == 2
    )
    for outcome in ("answered", "refused"):
        assert (
            value(after, "kildesvar_answers_total", outcome=outcome)
            - value(before, "kildesvar_answers_total", outcome=outcome)
            == 1
        )
    refusals = {name: v for (name, labels), v in after.items() if name == "kildesvar_refusals_total"}
    assert sum(refusals.values()) >= 1
    for stage in ("retrieve", "compose", "validity"):
        assert value(after, "kildesvar_answer_stage_seconds_count", stage=stage) >= 2
    assert value(after, "kildesvar_index_chunks") == 3 and value(after, "kildesvar_index_sources") == 3


def test_metrics_need_an_admin_key_once_keys_exist(ingested_store: KnowledgeStore):
    store = KeyStore.in_data_dir(ingested_store.settings.data_dir)
    _, ask_key = store.create("saksbehandling", "ask")
    _, admin_key = store.create("overvaking", "admin")
    with open_client(ingested_store, ServiceSettings(api_key=None)) as client:
        assert client.get("/metrics").status_code == 401
        assert client.get("/metrics", headers={"Authorization": f"Bearer {ask_key}"}).status_code == 403
        assert samples(client, headers={"Authorization": f"Bearer {admin_key}"})
