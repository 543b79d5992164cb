"""The limits and the metrics on a real `kildesvar serve`: several workers share one limit, a forged
X-Forwarded-For does not buy a new one, and /metrics adds up every worker. Ports are free loopback ones.

Feedback needs no index, so these servers run on an empty data dir (the embedding model still loads in
every worker, which is most of the start-up time).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.e2e.conftest import free_port, kildesvar_env, running

pytestmark = pytest.mark.slow

FEEDBACK = {"question": "Hva er LUP?", "answer": "Et program.", "vote": 1}
KILDESVAR = [str(Path(sys.executable).parent / "kildesvar")]


@contextmanager
def serve(tmp_path: Path, *args: str, **settings: str) -> Iterator[tuple[str, Path]]:
    port = free_port()
    env = kildesvar_env(KILDESVAR_DATA_DIR=str(tmp_path / "data"), KILDESVAR_LOG_LEVEL="info", **settings)
    log = tmp_path / f"serve-{port}.log"
    command = [*KILDESVAR, "serve", "--host", "127.0.0.1", "--port", str(port), *args]
    with running(command, env, f"http://127.0.0.1:{port}/healthz", log):
        yield f"http://127.0.0.1:{port}", log


def post_feedback(base_url: str, count: int, headers: dict[str, str] | None = None) -> list[httpx.Response]:
    """Each on a new connection, so the kernel spreads them over the workers."""
    return [httpx.post(f"{base_url}/v1/feedback", json=FEEDBACK, headers=headers or {}) for _ in range(count)]


def access_lines(log: Path) -> list[dict]:
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    return [line for line in lines if line["logger"] == "kildesvar.access"]


def test_the_limit_holds_across_four_workers(tmp_path: Path):
    with serve(tmp_path, "--workers", "4", KILDESVAR_WIDGET_RATE_LIMIT="10/minute") as (base_url, log):
        responses = post_feedback(base_url, 40)
        metrics = httpx.get(f"{base_url}/metrics").text
    statuses = [response.status_code for response in responses]
    assert statuses.count(201) == 10 and statuses.count(429) == 30, statuses
    assert all(1 <= int(r.headers["retry-after"]) <= 60 for r in responses if r.status_code == 429)
    served_by = {line["pid"] for line in access_lines(log) if line["route"] == "/v1/feedback"}
    assert len(served_by) >= 2, "the requests all reached one worker; the test proves nothing"
    counted = {
        sample.labels["status"]: sample.value
        for family in text_string_to_metric_families(metrics)
        for sample in family.samples
        if sample.name == "kildesvar_http_requests_total" and sample.labels["route"] == "/v1/feedback"
    }
    assert counted == {"201": 10, "429": 30}, "metrics of every worker are summed"


def test_a_new_forwarded_address_per_request_does_not_get_past_the_limit(tmp_path: Path):
    """Issue 12, finding 6: 40 of 40 requests with a new X-Forwarded-For each were accepted from 127.0.0.1."""
    with serve(tmp_path, KILDESVAR_WIDGET_RATE_LIMIT="5/minute") as (base_url, log):
        statuses = [
            httpx.post(f"{base_url}/v1/feedback", json=FEEDBACK, headers={"X-Forwarded-For": f"203.0.113.{n}"})
            for n in range(10)
        ]
    assert [response.status_code for response in statuses].count(201) == 5
    assert {line["client"] for line in access_lines(log)} == {"127.0.0.1"}


def test_a_configured_proxy_is_believed(tmp_path: Path):
    settings = {"KILDESVAR_WIDGET_RATE_LIMIT": "5/minute", "KILDESVAR_FORWARDED_ALLOW_IPS": "127.0.0.1"}
    with serve(tmp_path, **settings) as (base_url, log):
        statuses = [
            httpx.post(f"{base_url}/v1/feedback", json=FEEDBACK, headers={"X-Forwarded-For": f"203.0.113.{n}"})
            for n in range(10)
        ]
    assert [response.status_code for response in statuses].count(201) == 10
    clients = {line["client"] for line in access_lines(log) if line["route"] == "/v1/feedback"}
    assert clients == {f"203.0.113.{n}" for n in range(10)}
