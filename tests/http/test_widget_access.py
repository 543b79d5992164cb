"""Who may use the widget's endpoints (origin allow-list, per-IP rate limit) and how its files are served."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import ValidationError

from service.http.errors import register_error_handlers
from service.http.origins import OriginPolicy
from service.http.rate_limit import SlidingWindowLimiter
from service.http.widget import install_widget
from service.http.widget_settings import RateLimit, WidgetSettings
from vectorstore.settings import StoreSettings

ALLOWED = "https://intranett.kommune.no"
FEEDBACK = {"question": "Hva er LUP?", "answer": "Et program.", "vote": 1}


def widget_client(tmp_path: Path, **settings: object) -> TestClient:
    app = FastAPI()
    register_error_handlers(app)
    install_widget(
        app, StoreSettings(data_dir=tmp_path), WidgetSettings(**{"origins": [ALLOWED], "rate_limit": "", **settings})
    )
    return TestClient(app)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_policy_allows_listed_origins_and_the_apps_own_host_only():
    policy = OriginPolicy.of(["https://Intranett.Kommune.no/"])
    assert policy.allows("https://intranett.kommune.no", host="kildesvar.ks.no")
    assert policy.allows("https://kildesvar.ks.no", host="kildesvar.ks.no")
    assert not policy.allows("https://intranett.kommune.no.evil.example", host="kildesvar.ks.no")
    assert not policy.allows("http://intranett.kommune.no", host="kildesvar.ks.no")
    assert not policy.allows("null", host="kildesvar.ks.no")


def test_settings_read_comma_separated_origins_and_reject_malformed_ones(monkeypatch):
    monkeypatch.setenv("KILDESVAR_WIDGET_ORIGINS", "https://a.kommune.no, http://localhost:8080/")
    assert WidgetSettings().origins == ["https://a.kommune.no", "http://localhost:8080"]
    with pytest.raises(ValidationError, match="must look like"):
        WidgetSettings(origins="a.kommune.no")
    with pytest.raises(ValidationError, match="30/minute"):
        WidgetSettings(rate_limit="30 per minute")
    assert WidgetSettings(rate_limit="").limit is None
    assert WidgetSettings(rate_limit="5/hour").limit == RateLimit(5, 3600)


def test_allowed_origin_gets_cors_headers_on_preflight_and_request(tmp_path: Path):
    client = widget_client(tmp_path)
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


def test_other_origin_is_refused_with_403_in_the_error_shape(tmp_path: Path):
    client = widget_client(tmp_path)
    response = client.post("/v1/feedback", json=FEEDBACK, headers={"Origin": "https://annen.example"})
    assert response.status_code == 403
    assert response.json() == {
        "error": "origin_not_allowed",
        "message": "Kildesvar er ikke åpnet for denne nettsiden. Kontakt den som drifter nettsiden.",
        "status": 403,
    }
    assert not (tmp_path / "feedback.sqlite3").exists()


def test_other_origin_gets_no_cors_headers_outside_the_widget_endpoints(tmp_path: Path):
    response = widget_client(tmp_path).get("/widget.js", headers={"Origin": "https://annen.example"})
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers


def test_requests_without_origin_and_from_the_apps_own_page_are_allowed(tmp_path: Path):
    client = widget_client(tmp_path)
    assert client.post("/v1/feedback", json=FEEDBACK).status_code == 201
    assert client.post("/v1/feedback", json=FEEDBACK, headers={"Origin": "http://testserver"}).status_code == 201


def test_limiter_allows_the_limit_per_window_per_key():
    clock = FakeClock()
    limiter = SlidingWindowLimiter(RateLimit(2, 60), clock=clock)
    assert limiter.acquire("a") == 0 and limiter.acquire("a") == 0
    clock.now += 10
    assert limiter.acquire("a") == pytest.approx(50)
    assert limiter.acquire("b") == 0
    clock.now += 50
    assert limiter.acquire("a") == 0


def test_too_many_requests_get_429_with_retry_after_and_preflights_are_not_counted(tmp_path: Path):
    client = widget_client(tmp_path, rate_limit="2/minute")
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


def test_widget_files_are_served_with_cache_headers_and_revalidated_by_etag(tmp_path: Path):
    client = widget_client(tmp_path, cache_max_age=600)
    for path, media_type in (("/widget.js", "text/javascript"), ("/widget.css", "text/css")):
        response = client.get(path)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(media_type)
        assert response.headers["cache-control"] == "public, max-age=600"
        etag = response.headers["etag"]
        revalidated = client.get(path, headers={"If-None-Match": f"W/{etag}"})
        assert revalidated.status_code == 304 and revalidated.content == b""


def test_demo_page_embeds_the_widget_with_one_script_line(tmp_path: Path):
    response = widget_client(tmp_path).get("/")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-cache"
    script = '<script src="http://testserver/widget.js" data-kildesvar-url="http://testserver" defer></script>'
    assert script in response.text
    assert "Læring for næring" in response.text and "offentlige anskaffelser" in response.text.lower()
