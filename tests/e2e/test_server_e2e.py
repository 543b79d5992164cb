"""End to end: ingest a folder of every format with the CLI, start `kildesvar serve`, ask over HTTP."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import BIN, PDF_PAGE_2, QUESTION, free_port, kildesvar_env, run_ingest, running
from tests.http.conftest import parse_sse

pytestmark = pytest.mark.slow


def test_server_answers_from_page_two_of_the_pdf(tmp_path: Path, documents: Path):
    env = kildesvar_env(KILDESVAR_DATA_DIR=str(tmp_path / "data"))
    run_ingest(documents, env)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    serve = [str(BIN / "kildesvar"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    with running(serve, env, f"{base}/readyz", tmp_path / "server.log"):
        readiness = httpx.get(f"{base}/readyz").json()
        asked = httpx.post(f"{base}/v1/ask", json={"question": QUESTION}, timeout=60).json()
        streamed = httpx.post(f"{base}/v1/ask/stream", json={"question": QUESTION}, timeout=60)
    assert readiness["status"] == "ready" and readiness["documents"] >= 5
    assert not asked["abstained"], asked
    assert "15. mars 2027" in asked["answer"]
    citation = next(c for c in asked["citations"] if c["source"] == "rapport.pdf")
    assert citation["page"] == 2
    assert "15. mars 2027" in citation["quote"]
    assert " ".join(citation["quote"].split()) in " ".join(PDF_PAGE_2)
    name, final = parse_sse(streamed.text)[-1]
    assert name == "answer"
    assert final["answer"] == asked["answer"] and final["citations"] == asked["citations"]
