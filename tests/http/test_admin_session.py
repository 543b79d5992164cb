"""The admin page's sign-in: an admin key buys an HttpOnly, SameSite=Strict session cookie (Secure outside
development); changes need the session's CSRF token and the page's own origin; a revoked key ends it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from service.http.settings import ServiceSettings
from service.keys.store import KeyStore
from tests.http.conftest import ingest, open_client
from vectorstore.store import KnowledgeStore

ADMIN_KEY = "miljo-admin-nokkel-0123456789"
OWN_ORIGIN = {"Origin": "http://testserver"}


@pytest.fixture
def client(hashing_store: KnowledgeStore) -> Iterator[TestClient]:
    ingest(hashing_store)
    with open_client(hashing_store, settings=ServiceSettings(api_key=ADMIN_KEY)) as test_client:
        yield test_client


def sign_in(client: TestClient, key: str = ADMIN_KEY):
    return client.post("/admin/session", json={"key": key}, headers=OWN_ORIGIN)


def test_sign_in_sets_a_strict_http_only_cookie_and_gives_a_csrf_token(client: TestClient):
    response = sign_in(client)
    assert response.status_code == 200, response.text
    cookie = response.headers["set-cookie"].lower()
    assert "kildesvar_admin=" in cookie and "httponly" in cookie and "samesite=strict" in cookie
    assert "secure" not in cookie  # development: the page works on http://127.0.0.1
    session = client.get("/admin/session").json()
    assert session["signed_in"] and session["key_name"] == "KILDESVAR_API_KEY"
    assert session["csrf_token"] == response.json()["csrf_token"]
    assert client.get("/v1/documents").status_code == 200  # the cookie alone is enough to read


def test_the_cookie_is_secure_outside_development(hashing_store: KnowledgeStore):
    settings = ServiceSettings(api_key=ADMIN_KEY, environment="production")
    with open_client(hashing_store, settings=settings) as client:
        cookie = sign_in(client).headers["set-cookie"].lower()
    assert "secure" in cookie


def test_a_wrong_or_ask_key_does_not_sign_in(client: TestClient, hashing_store: KnowledgeStore):
    assert sign_in(client, "feil-nokkel").status_code == 401
    _, ask_key = KeyStore.in_data_dir(hashing_store.settings.data_dir).create("spor", "ask")
    refused = sign_in(client, ask_key)
    assert (refused.status_code, refused.json()["error"]) == (403, "insufficient_scope")
    assert "set-cookie" not in refused.headers
    assert client.get("/v1/documents").status_code == 401


def test_changes_without_the_csrf_token_or_from_another_origin_are_refused(client: TestClient):
    csrf = sign_in(client).json()["csrf_token"]
    files = [("files", ("notat.txt", "Næringsrådet møtes fire ganger i året.".encode()))]
    missing = client.post("/v1/documents", files=files, headers=OWN_ORIGIN)
    assert (missing.status_code, missing.json()["error"]) == (403, "csrf_refused")
    wrong = client.post("/v1/documents", files=files, headers={**OWN_ORIGIN, "X-CSRF-Token": "gjettet"})
    assert wrong.status_code == 403
    foreign = client.post(
        "/v1/documents", files=files, headers={"Origin": "https://angriper.example", "X-CSRF-Token": csrf}
    )
    assert (foreign.status_code, foreign.json()["error"]) == (403, "csrf_refused")
    assert client.get("/v1/documents").json()["total"] == 3
    accepted = client.post("/v1/documents", files=files, headers={**OWN_ORIGIN, "X-CSRF-Token": csrf})
    assert accepted.status_code == 200, accepted.text
    assert client.get("/v1/documents").json()["total"] == 4


def test_revoking_the_key_ends_its_sessions(client: TestClient, hashing_store: KnowledgeStore):
    keys = KeyStore.in_data_dir(hashing_store.settings.data_dir)
    _, raw = keys.create("innhold", "admin")
    assert sign_in(client, raw).status_code == 200
    assert client.get("/v1/documents").status_code == 200
    keys.revoke("innhold")
    refused = client.get("/v1/documents")
    assert (refused.status_code, refused.json()["error"]) == (403, "key_revoked")
    assert client.get("/admin/session").json()["signed_in"] is False


def test_signing_out_ends_the_session(client: TestClient):
    csrf = sign_in(client).json()["csrf_token"]
    assert client.delete("/admin/session", headers={**OWN_ORIGIN, "X-CSRF-Token": csrf}).status_code == 204
    client.cookies.clear()
    assert client.get("/v1/documents").status_code == 401


def test_a_stolen_cookie_token_is_useless_after_sign_out(client: TestClient):
    sign_in(client)
    token = client.cookies["kildesvar_admin"]
    client.delete("/admin/session", headers=OWN_ORIGIN)
    client.cookies.set("kildesvar_admin", token)
    refused = client.get("/v1/documents")
    assert (refused.status_code, refused.json()["error"]) == (401, "session_expired")


def test_the_admin_page_forbids_framing(client: TestClient):
    page = client.get("/admin")
    assert page.status_code == 200
    assert page.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
