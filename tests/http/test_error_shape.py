"""Every failure leaves the API in the one shape `{"error", "message", "status", "request_id"}` (datasette's
test_error_shape habit); the request id is the one in the response's `X-Request-ID` header.

Each case names the status, the error code and a fragment of the Norwegian message that must explain it.
"""

from __future__ import annotations

import logging

import httpx
import pytest

from service.http.settings import ServiceSettings
from tests.http.conftest import parse_sse

TOO_LARGE = 1_048_576 + 1


def assert_error_shape(response: httpx.Response, status: int, code: str, fragment: str = "") -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"error", "message", "status", "request_id"}
    assert body["request_id"] and body["request_id"] == response.headers["x-request-id"]
    assert body["status"] == status
    assert body["error"] == code
    assert isinstance(body["message"], str) and body["message"]
    assert fragment in body["message"]
    return body


def chunked(body: bytes):
    yield from (body[start : start + 65536] for start in range(0, len(body), 65536))


REQUEST_ERRORS = [
    pytest.param(
        "post", "/v1/ask", {"json": {"question": ""}}, 422, "invalid_request", "«question»", id="empty-question"
    ),
    pytest.param(
        "post", "/v1/ask", {"json": {"question": "  \n "}}, 422, "invalid_request", "«question»", id="blank-question"
    ),
    pytest.param(
        "post", "/v1/ask", {"json": {"question": "a" * 2001}}, 422, "invalid_request", "2000", id="question-too-long"
    ),
    pytest.param("post", "/v1/ask", {"json": {}}, 422, "invalid_request", "mangler", id="missing-question"),
    pytest.param(
        "post",
        "/v1/ask",
        {"json": {"question": "Hei", "tema": "anskaffelser"}},
        422,
        "invalid_request",
        "Ukjent felt «tema»",
        id="unknown-field",
    ),
    pytest.param(
        "post",
        "/v1/ask",
        {"json": {"question": "Hei", "history": [{"question": "Hei", "svar": "Hallo"}]}},
        422,
        "invalid_request",
        "«history.0.svar»",
        id="unknown-field-in-history",
    ),
    pytest.param(
        "post",
        "/v1/ask",
        {"json": {"question": "Hei", "history": [{"question": "Hei"}] * 21}},
        422,
        "invalid_request",
        "20",
        id="history-too-long",
    ),
    pytest.param(
        "post",
        "/v1/ask",
        {"content": b'{"question": "Hei"', "headers": {"content-type": "application/json"}},
        400,
        "invalid_json",
        "JSON",
        id="malformed-json",
    ),
    pytest.param("post", "/v1/ask", {"json": ["Hei"]}, 422, "invalid_request", "JSON-objekt", id="json-not-an-object"),
    pytest.param(
        "post",
        "/v1/ask",
        {"content": b"Hei", "headers": {"content-type": "text/plain"}},
        422,
        "invalid_request",
        "JSON-objekt",
        id="not-json",
    ),
    pytest.param(
        "post",
        "/v1/ask/stream",
        {"json": {"question": ""}},
        422,
        "invalid_request",
        "«question»",
        id="stream-empty-question",
    ),
    pytest.param("get", "/v1/search?q=anskaffelse&k=0", {}, 422, "invalid_request", "«k» må være minst 1", id="k-zero"),
    pytest.param(
        "get", "/v1/search?q=anskaffelse&k=51", {}, 422, "invalid_request", "«k» kan være høyst 50", id="k-above-50"
    ),
    pytest.param("get", "/v1/search?q=anskaffelse&k=mange", {}, 422, "invalid_request", "heltall", id="k-not-a-number"),
    pytest.param("get", "/v1/search", {}, 422, "invalid_request", "«q»", id="missing-query"),
    pytest.param("get", "/v1/search?q=", {}, 422, "invalid_request", "«q»", id="empty-query"),
    pytest.param("get", "/v2/ask", {}, 404, "not_found", "", id="unknown-route"),
    pytest.param("get", "/v1/ask", {}, 405, "method_not_allowed", "", id="wrong-method"),
    pytest.param("delete", "/healthz", {}, 405, "method_not_allowed", "", id="wrong-method-on-probe"),
    pytest.param(
        "post",
        "/v1/ask",
        {"content": b"x" * TOO_LARGE, "headers": {"content-type": "application/json"}},
        413,
        "payload_too_large",
        "for stor",
        id="declared-body-too-large",
    ),
    pytest.param(
        "post",
        "/v1/ask",
        {"content": chunked(b"x" * TOO_LARGE), "headers": {"content-type": "application/json"}},
        413,
        "payload_too_large",
        "for stor",
        id="chunked-body-too-large",
    ),
]


@pytest.mark.parametrize(("method", "path", "kwargs", "status", "code", "fragment"), REQUEST_ERRORS)
def test_request_errors_have_the_one_shape(client, method, path, kwargs, status, code, fragment):
    assert_error_shape(client.request(method, path, **kwargs), status, code, fragment)


def test_method_not_allowed_names_the_allowed_method(client):
    response = client.get("/v1/ask")
    assert response.headers["allow"] == "POST"


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("post", "/v1/ask", {"json": {"question": "Hva er terskelverdien?"}}),
        ("post", "/v1/ask/stream", {"json": {"question": "Hva er terskelverdien?"}}),
        ("get", "/v1/search?q=terskelverdi", {}),
        ("get", "/readyz", {}),
    ],
)
def test_routes_are_index_not_ready_before_anything_is_ingested(empty_client, method, path, kwargs):
    body = assert_error_shape(empty_client.request(method, path, **kwargs), 503, "index_not_ready")
    assert body["message"] == "Ingen dokumenter er indeksert ennå."


class FailingEngine:
    """Fails the way a broken dependency does, with text that must never reach a caller."""

    SECRET = "connection refused by /var/lib/chroma at 10.0.0.7"

    def ask(self, question, history, channel="api"):
        raise RuntimeError(self.SECRET)

    def ask_stream(self, question, history, channel="api"):
        yield "Terskelverdien er "
        raise RuntimeError(self.SECRET)

    def search(self, query, k):
        raise RuntimeError(self.SECRET)


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [("post", "/v1/ask", {"json": {"question": "Hva er terskelverdien?"}}), ("get", "/v1/search?q=terskel", {})],
)
def test_internal_errors_are_logged_never_shown(client, caplog, method, path, kwargs):
    client.app.state.engine = FailingEngine()
    with caplog.at_level(logging.ERROR, logger="service.http.errors"):
        response = client.request(method, path, **kwargs)
    assert_error_shape(response, 500, "internal_error")
    assert FailingEngine.SECRET not in response.text
    assert any(FailingEngine.SECRET in str(record.exc_info[1]) for record in caplog.records if record.exc_info)


def test_stream_failure_ends_with_an_error_event_in_the_one_shape(client, caplog):
    client.app.state.engine = FailingEngine()
    with caplog.at_level(logging.ERROR, logger="service.http.errors"):
        response = client.post("/v1/ask/stream", json={"question": "Hva er terskelverdien?"})
    assert response.status_code == 200
    events = parse_sse(response.text)
    assert [name for name, _ in events] == ["delta", "error"]
    error = events[-1][1]
    assert error == {
        "error": "internal_error",
        "message": error["message"],
        "status": 500,
        "request_id": error["request_id"],
    }
    assert error["request_id"] == response.headers["x-request-id"]
    assert FailingEngine.SECRET not in response.text
    assert caplog.records


@pytest.mark.parametrize("authorization", [None, "Bearer feil", "Basic czNjcmV0"])
def test_missing_or_wrong_api_key_is_unauthorized(make_client, ingested_store, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    with make_client(ingested_store, ServiceSettings(api_key="s3cret")) as client:
        response = client.get("/v1/search?q=terskel", headers=headers)
    assert_error_shape(response, 401, "unauthorized", "API-nøkkel")
    assert response.headers["www-authenticate"] == "Bearer"
