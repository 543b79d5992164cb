"""`kildesvar serve` in front of a Chroma server that is down, hung (kill -STOP) or killed (kill -9): it starts
anyway, `/healthz` says the process lives, `/readyz` and every route that needs Chroma answer 503
`store_unavailable` within a few seconds, and it recovers by itself when Chroma answers again."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import BIN, QUESTION, chroma_server, free_port, kildesvar_env, run_ingest, running
from tests.http.test_error_shape import assert_error_shape

pytestmark = pytest.mark.slow

BUDGET = 2.0
COOLDOWN = 3.0  # long enough that the requests right after a failure are refused without being embedded
SLACK = 6.0  # a loaded 2-core machine may take seconds to analyse and embed a first question


def answers_within(seconds: float, method: str, url: str, **request) -> httpx.Response:
    started = time.monotonic()
    response = httpx.request(method, url, timeout=30, **request)
    took = time.monotonic() - started
    assert took < seconds, f"{method} {url} took {took:.1f} s: {response.status_code} {response.text}"
    return response


def assert_unavailable(base: str) -> None:
    for method, path, request in (
        ("GET", "/readyz", {}),
        ("POST", "/v1/ask", {"json": {"question": QUESTION}}),
        ("GET", "/v1/search", {"params": {"q": QUESTION}}),
        ("POST", "/v1/ask/stream", {"json": {"question": QUESTION}}),
    ):
        response = answers_within(BUDGET + SLACK, method, f"{base}{path}", **request)
        assert_error_shape(response, 503, "store_unavailable", "Dokumentlageret svarer ikke")
        assert response.headers["retry-after"] == "5"
    assert answers_within(1, "GET", f"{base}/healthz").status_code == 200


def wait_until_answering(base: str, within: float = 60) -> dict:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if httpx.get(f"{base}/readyz", timeout=30).status_code == 200:
            asked = httpx.post(f"{base}/v1/ask", json={"question": QUESTION}, timeout=60)
            assert asked.status_code == 200, asked.text
            return asked.json()
        time.sleep(COOLDOWN / 2)
    pytest.fail(f"{base} did not become ready again within {within} s")


def test_serve_outlives_a_chroma_server_that_is_down_hung_and_killed(tmp_path: Path, documents: Path):
    with chroma_server(tmp_path / "chroma") as chroma:
        env = kildesvar_env(
            KILDESVAR_CHROMA_URL=chroma.url,
            KILDESVAR_COLLECTION="faults",
            KILDESVAR_DATA_DIR=str(tmp_path / "data"),
            KILDESVAR_CHROMA_TIMEOUT_SECONDS=str(BUDGET),
            KILDESVAR_CHROMA_RETRY_AFTER_SECONDS=str(COOLDOWN),
        )
        chroma.start()
        run_ingest(documents, env)
        chroma.kill()
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        serve = [str(BIN / "kildesvar"), "serve", "--host", "127.0.0.1", "--port", str(port)]
        with running(serve, env, f"{base}/healthz", tmp_path / "server.log"):
            assert_unavailable(base)  # started while Chroma was down
            chroma.start()
            assert "15. mars 2027" in wait_until_answering(base)["answer"]
            chroma.signal(signal.SIGSTOP)
            assert_unavailable(base)
            chroma.signal(signal.SIGCONT)
            assert "15. mars 2027" in wait_until_answering(base)["answer"]
            chroma.kill()
            assert_unavailable(base)
            chroma.start()
            assert "15. mars 2027" in wait_until_answering(base)["answer"]
