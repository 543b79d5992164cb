"""Who may use the widget's endpoints (origin allow-list, per-IP rate limit) and how its files are served."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from service.http.origins import OriginPolicy
from service.http.widget_settings import WidgetSettings
from service.shared.limits import RateLimit
from tests.http.conftest import open_client
from tests.http.test_error_shape import assert_error_shape
from vectorstore.store import KnowledgeStore

ALLOWED = "https://intranett.kommune.no"
FEEDBACK = {"question": "Hva er LUP?", "answer": "Et program.", "vote": 1}


def widget_client(store: KnowledgeStore, **settings: object) -> TestClient:
    return open_client(store, widget_settings=WidgetSettings(**{"origins": [ALLOWED], "rate_limit": "", **settings}))


def test_policy_allows_listed_origins_and_the_servers_own_address_only():
    policy = OriginPolicy.of(["https://Intranett.Kommune.no/"])
    server = ("kildesvar.ks.no", 443)
    assert policy.allows("https://intranett.kommune.no", server)
    assert policy.allows("https://kildesvar.ks.no", server)
    assert not policy.allows("https://kildesvar.ks.no:8443", server)
    assert not policy.allows("https://intranett.kommune.no.evil.example", server)
    assert not policy.allows("http://intranett.kommune.no", server)
    assert not policy.allows("null", server)
    loopback = ("127.0.0.1", 8000)
    assert policy.allows("http://127.0.0.1:8000", loopback) and policy.allows("http://localhost:8000", loopback)
    assert not policy.allows("http://localhost:8001", loopback) and not policy.allows("http://evil.test:8000", loopback)


def test_an_origin_equal_to_the_host_header_is_not_the_apps_own(hashing_store: KnowledgeStore):
    """Issue 12, finding 6: an Origin equal to the request's Host header passed the allow-list (DNS rebinding)."""
    client = widget_client(hashing_store)
    rebound = {"Origin": "http://evil.test", "Host": "evil.test"}
    response = client.post("/v1/feedback", json=FEEDBACK, headers=rebound)
    assert response.status_code == 403 and response.json()["error"] == "origin_not_allowed"
    assert "access-control-allow-origin" not in client.get("/healthz", headers=rebound).headers


def test_settings_read_comma_separated_origins_and_reject_malformed_ones(monkeypatch):
    monkeypatch.setenv("KILDESVAR_WIDGET_ORIGINS", "https://a.kommune.no, http://localhost:8080/")
    assert WidgetSettings().origins == ["https://a.kommune.no", "http://localhost:8080"]
    with pytest.raises(ValidationError, match="must look like"):
        WidgetSettings(origins="a.kommune.no")
    with pytest.raises(ValidationError, match="30/minute"):
        WidgetSettings(rate_limit="30 per minute")
    assert WidgetSettings(rate_limit="").limit is None
    assert WidgetSettings(rate_limit="5/hour").limit == RateLimit(5, 3600)


def test_allowed_origin_gets_cors_headers_on_preflight_and_request(hashing_store: KnowledgeStore):
    client = widget_client(hashing_store)
    preflight = client.options(
        "/v1/feedback",
        headers={
            "Origin": ALLOWED,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == ALLOWED
    assert "Content-Type" in preflight.headers["access-control-allow-headers"]
    response = client.post("/v1/feedback", json=FEEDBACK, headers={"Origin": ALLOWED})
    assert response.status_code == 201
    assert response.headers["access-control-allow-origin"] == ALLOWED
    assert "Origin" in response.headers["vary"]


def test_other_origin_is_refused_with_403_in_the_error_shape(hashing_store: KnowledgeStore):
    client = widget_client(hashing_store)
    response = client.post("/v1/feedback", json=FEEDBACK, headers={"Origin": "https://annen.example"})
    body = assert_error_shape(response, 403, "origin_not_allowed")
    assert body["message"] == "Kildesvar er ikke åpnet for denne nettsiden. Kontakt den som drifter nettsiden."
    assert not (hashing_store.settings.data_dir / "feedback.sqlite3").exists()


def test_other_origin_gets_no_cors_headers_outside_the_widget_endpoints(hashing_store: KnowledgeStore):
    response = widget_client(hashing_store).get("/widget.js", headers={"Origin": "https://annen.example"})
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers


def test_requests_without_origin_and_from_the_apps_own_page_are_allowed(hashing_store: KnowledgeStore):
    client = widget_client(hashing_store)
    assert client.post("/v1/feedback", json=FEEDBACK).status_code == 201
    assert client.post("/v1/feedback", json=FEEDBACK, headers={"Origin": "http://testserver"}).status_code == 201


def test_too_many_requests_get_429_with_retry_after_and_preflights_are_not_counted(hashing_store: KnowledgeStore):
    client = widget_client(hashing_store, rate_limit="2/minute")
    preflight = {"Origin": ALLOWED, "Access-Control-Request-Method": "POST"}
    for _ in range(3):
        assert client.options("/v1/feedback", headers=preflight).status_code == 204
    statuses = [client.post("/v1/feedback", json=FEEDBACK, headers={"Origin": ALLOWED}) for _ in range(3)]
    assert [response.status_code for response in statuses] == [201, 201, 429]
    limited = statuses[-1]
    assert limited.json()["error"] == "rate_limited" and limited.json()["status"] == 429
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    assert limited.headers["access-control-allow-origin"] == ALLOWED
    assert "Retry-After" in limited.headers["access-control-expose-headers"]


def test_widget_files_are_served_with_cache_headers_and_revalidated_by_etag(hashing_store: KnowledgeStore):
    client = widget_client(hashing_store, cache_max_age=600)
    for path, media_type in (("/widget.js", "text/javascript"), ("/widget.css", "text/css")):
        response = client.get(path)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(media_type)
        assert response.headers["cache-control"] == "public, max-age=600"
        etag = response.headers["etag"]
        revalidated = client.get(path, headers={"If-None-Match": f"W/{etag}"})
        assert revalidated.status_code == 304 and revalidated.content == b""


def test_demo_page_embeds_the_widget_with_one_script_line(hashing_store: KnowledgeStore):
    response = widget_client(hashing_store).get("/")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-cache"
    script = '<script src="http://testserver/widget.js" data-kildesvar-url="http://testserver" defer></script>'
    assert script in response.text
    assert "Læring for næring" in response.text and "offentlige anskaffelser" in response.text.lower()
