"""Server mode: ingest into and search a real `chroma run` server through KILDESVAR_CHROMA_URL.

KILDESVAR_TEST_CHROMA_URL names a running server to use (.ci/run starts one); otherwise the fixture starts
`chroma run` on a free loopback port and stops it afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.http.app import create_app
from tests.e2e.conftest import BIN, QUESTION, free_port, kildesvar_env, run_ingest, running
from vectorstore.chroma_collection import open_client
from vectorstore.settings import StoreSettings

pytestmark = pytest.mark.slow


@pytest.fixture
def chroma_url(tmp_path: Path) -> Iterator[str]:
    external = os.environ.get("KILDESVAR_TEST_CHROMA_URL")
    if external:
        yield external
        return
    port = free_port()
    command = [str(BIN / "chroma"), "run", "--path", str(tmp_path / "chroma-server"), "--host", "127.0.0.1"]
    url = f"http://127.0.0.1:{port}"
    with running([*command, "--port", str(port)], kildesvar_env(), f"{url}/api/v2/heartbeat", tmp_path / "chroma.log"):
        yield url


@pytest.fixture
def server_settings(tmp_path: Path, chroma_url: str) -> Iterator[dict[str, str]]:
    """KILDESVAR_* settings for a collection of its own on the server, deleted afterwards."""
    settings = {
        "KILDESVAR_CHROMA_URL": chroma_url,
        "KILDESVAR_COLLECTION": f"test-{uuid.uuid4().hex[:12]}",
        "KILDESVAR_DATA_DIR": str(tmp_path / "data"),
    }
    yield settings
    store_settings = StoreSettings(chroma_url=chroma_url, collection=settings["KILDESVAR_COLLECTION"])
    open_client(store_settings).delete_collection(settings["KILDESVAR_COLLECTION"])


def test_ingest_and_search_go_through_the_chroma_server(monkeypatch, tmp_path, documents, server_settings):
    run_ingest(documents, kildesvar_env(**server_settings))
    assert not (tmp_path / "data" / "chroma").exists(), "the embedded Chroma was used instead of the server"
    for name, value in server_settings.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("KILDESVAR_API_KEY", raising=False)
    with TestClient(create_app()) as client:
        readiness = client.get("/readyz").json()
        results = client.get("/v1/search", params={"q": QUESTION, "k": 3}).json()["results"]
    assert readiness["documents"] >= 5
    assert (results[0]["source"], results[0]["page"]) == ("rapport.pdf", 2)
