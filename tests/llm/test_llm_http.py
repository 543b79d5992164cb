"""Over HTTP, LLM mode streams the model's tokens as `delta` events and ends with the checked `answer` event;
a failing model server still gives 200 with the extractive answer and a warning."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fake_openai import Reply
from fastapi.testclient import TestClient
from sources import LUP

from service.http.app import create_app
from service.http.settings import ServiceSettings
from service.llm.composer import UNAVAILABLE
from service.llm.settings import LlmSettings
from tests.e2e.conftest import free_port
from tests.http.conftest import parse_sse

QUESTION = {"question": "Hvem eier LUP?"}


@pytest.fixture
def client(store, llm_settings) -> Iterator[TestClient]:
    app = create_app(settings=ServiceSettings(api_key=None), store=store, llm_settings=llm_settings)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def cite_lup(request: dict) -> str:
    prompt = request["messages"][-1]["content"]
    number = prompt[: prompt.index(LUP.text)].rsplit('<kilde nr="', 1)[1].split('"')[0]
    return f"LUP eies av KS og NHO [{number}]. Programmet ble startet i 2010 [{number}]."


def test_stream_sends_model_tokens_then_the_checked_answer(client, fake_openai):
    fake_openai.script(cite_lup)
    response = client.post("/v1/ask/stream", json=QUESTION)
    assert response.status_code == 200
    events = parse_sse(response.text)
    assert [name for name, _ in events[:-1]] == ["delta"] * (len(events) - 1) and events[-1][0] == "answer"
    streamed = "".join(data["text"] for _, data in events[:-1])
    assert streamed == cite_lup(fake_openai.requests[0])
    assert events[-1][1]["answer"] == "LUP eies av KS og NHO. [1]"


@pytest.mark.parametrize("reply", [Reply(status=500), Reply("sent [1].", delay=2), Reply(raw="{")])
def test_failing_model_server_still_answers(client, fake_openai, reply):
    for path in ("/v1/ask", "/v1/ask/stream"):
        fake_openai.script(reply)
        response = client.post(path, json=QUESTION)
        assert response.status_code == 200
        answer = response.json() if path == "/v1/ask" else parse_sse(response.text)[-1][1]
        assert "KS og NHO" in answer["answer"] and answer["warnings"] == [UNAVAILABLE]


def test_readyz_says_whether_the_llm_server_answers(client, fake_openai, store, llm_settings):
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["llm"] == "ok"
    assert ready.json()["embedding_model"] == store.embedder.name
    assert fake_openai.authorizations[-1] == "Bearer test-key"
    gone = LlmSettings(base_url=f"http://127.0.0.1:{free_port()}/v1", model="fake-model", timeout=1.0)
    with TestClient(create_app(settings=ServiceSettings(api_key=None), store=store, llm_settings=gone)) as down:
        response = down.get("/readyz")
    assert response.status_code == 200, "answers fall back to extractive: still ready"
    assert response.json()["llm"] == "unavailable"
