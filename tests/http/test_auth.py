"""Named keys with scopes on the real app: 401 without a key, 403 revoked or out of scope, a limit per key."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import Depends
from fastapi.testclient import TestClient

from service.http.auth import require_scope
from service.http.settings import ServiceSettings
from service.http.widget_settings import WidgetSettings
from service.keys.store import KeyStore
from tests.http.conftest import QUESTION, open_client
from tests.http.test_error_shape import assert_error_shape
from vectorstore.store import KnowledgeStore

FEEDBACK = {"question": "Hva er LUP?", "answer": "Et program.", "vote": 1}
ADMIN_PROBE = "/v1/admin-probe"


def keys(store: KnowledgeStore) -> KeyStore:
    return KeyStore.in_data_dir(store.settings.data_dir)


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def open_app(ingested_store: KnowledgeStore):
    def make(**settings: object) -> TestClient:
        client = open_client(ingested_store, ServiceSettings(**{"api_key": None, **settings}))
        client.app.add_api_route(ADMIN_PROBE, lambda: {"ok": True}, dependencies=[Depends(require_scope("admin"))])
        return client

    return make


@pytest.fixture
def client(open_app) -> Iterator[TestClient]:
    with open_app() as test_client:
        yield test_client


def test_without_any_key_configured_every_route_is_open(client: TestClient):
    assert client.post("/v1/ask", json={"question": QUESTION}).status_code == 200
    assert client.post("/v1/feedback", json=FEEDBACK).status_code == 201
    assert client.get(ADMIN_PROBE).status_code == 200


def test_feedback_obeys_the_configured_api_key(open_app):
    """Issue 12, finding 6: with KILDESVAR_API_KEY set, POST /v1/feedback without a key was accepted (201)."""
    with open_app(api_key="s3cret") as client:
        assert_error_shape(client.post("/v1/feedback", json=FEEDBACK), 401, "unauthorized")
        assert client.post("/v1/feedback", json=FEEDBACK, headers=bearer("s3cret")).status_code == 201
        assert client.get(ADMIN_PROBE, headers=bearer("s3cret")).status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("post", "/v1/ask", {"json": {"question": QUESTION}}),
        ("post", "/v1/ask/stream", {"json": {"question": QUESTION}}),
        ("get", "/v1/search?q=terskelverdi", {}),
        ("post", "/v1/feedback", {"json": FEEDBACK}),
    ],
)
def test_once_a_key_exists_ask_routes_need_one(client: TestClient, ingested_store, method, path, kwargs):
    _, key = keys(ingested_store).create("saksbehandling", "ask")
    response = client.request(method, path, **kwargs)
    assert_error_shape(response, 401, "unauthorized", "API-nøkkel")
    assert response.headers["www-authenticate"] == "Bearer"
    assert client.request(method, path, headers=bearer(key), **kwargs).status_code in (200, 201)
    assert_error_shape(client.request(method, path, headers=bearer(key + "x"), **kwargs), 401, "unauthorized")


def test_a_revoked_key_is_forbidden_and_revoking_the_last_key_opens_nothing(client: TestClient, ingested_store):
    store = keys(ingested_store)
    _, key = store.create("intranett", "admin")
    assert client.get("/v1/search?q=LUP", headers=bearer(key)).status_code == 200
    store.revoke("intranett")
    assert_error_shape(client.get("/v1/search?q=LUP", headers=bearer(key)), 403, "key_revoked", "trukket tilbake")
    assert_error_shape(client.get("/v1/search?q=LUP"), 401, "unauthorized")


def test_an_ask_key_cannot_use_admin_routes_and_an_admin_key_can_ask(client: TestClient, ingested_store):
    store = keys(ingested_store)
    _, ask_key = store.create("saksbehandling", "ask")
    _, admin_key = store.create("innhold", "admin")
    assert_error_shape(client.get(ADMIN_PROBE, headers=bearer(ask_key)), 403, "insufficient_scope", "tilgang")
    assert client.get(ADMIN_PROBE, headers=bearer(admin_key)).status_code == 200
    assert client.post("/v1/ask", json={"question": QUESTION}, headers=bearer(admin_key)).status_code == 200


def test_public_ask_opens_the_ask_routes_but_not_admin(open_app, ingested_store):
    _, key = keys(ingested_store).create("innhold", "admin")
    with open_app(public_ask=True) as client:
        assert client.post("/v1/ask", json={"question": QUESTION}).status_code == 200
        assert client.post("/v1/feedback", json=FEEDBACK).status_code == 201
        assert_error_shape(client.get(ADMIN_PROBE), 401, "unauthorized")
        assert client.get(ADMIN_PROBE, headers=bearer(key)).status_code == 200
        assert_error_shape(client.get("/v1/search?q=LUP", headers=bearer("ks_0_feil")), 401, "unauthorized")


def test_each_key_has_its_own_limit_with_retry_after(client: TestClient, ingested_store):
    store = keys(ingested_store)
    _, limited = store.create("skript", "ask", rate_limit="2/minute")
    _, other = store.create("intranett", "ask")
    statuses = [client.get("/v1/search?q=LUP", headers=bearer(limited)).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    refused = client.get("/v1/search?q=LUP", headers=bearer(limited))
    assert_error_shape(refused, 429, "rate_limited")
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert client.get("/v1/search?q=LUP", headers=bearer(other)).status_code == 200


def test_the_default_key_limit_comes_from_the_settings(open_app, ingested_store):
    _, key = keys(ingested_store).create("skript", "ask")
    with open_app(key_rate_limit="1/hour") as client:
        assert client.get("/v1/search?q=LUP", headers=bearer(key)).status_code == 200
        assert client.get("/v1/search?q=LUP", headers=bearer(key)).status_code == 429


def test_search_is_limited_per_client_address_like_the_other_ask_routes(ingested_store):
    """Issue 12, finding 6: /v1/search had no limit at all."""
    widget = WidgetSettings(origins=[], rate_limit="2/minute")
    with open_client(ingested_store, widget_settings=widget) as client:
        statuses = [client.get("/v1/search?q=LUP").status_code for _ in range(2)]
        statuses.append(client.post("/v1/ask", json={"question": QUESTION}).status_code)
    assert statuses == [200, 200, 429]
