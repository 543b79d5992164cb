"""`/v1/ask/stream` sends the same answer as `/v1/ask`, as Server-Sent Events."""

from __future__ import annotations

from tests.http.conftest import QUESTION, parse_sse


def without_timings(answer: dict) -> dict:
    return {key: value for key, value in answer.items() if key != "timings_ms"}


def test_stream_sends_text_deltas_then_the_same_answer_as_ask(client):
    asked = client.post("/v1/ask", json={"question": QUESTION}).json()
    response = client.post("/v1/ask/stream", json={"question": QUESTION})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    events = parse_sse(response.text)
    names = [name for name, _ in events]
    assert names[-1] == "answer"
    assert set(names[:-1]) == {"delta"}
    deltas = [data for _, data in events[:-1]]
    assert all(set(delta) == {"text"} and isinstance(delta["text"], str) for delta in deltas)
    streamed = events[-1][1]
    assert without_timings(streamed) == without_timings(asked)
    assert "".join(delta["text"] for delta in deltas) == streamed["answer"]


def test_stream_carries_the_conversation_history(client):
    history = [{"question": QUESTION, "answer": "62,9 millioner kroner ekskl. mva. [1]"}]
    request = {"question": "Og for vare- og tjenestekontrakter i kommunene?", "history": history}
    asked = client.post("/v1/ask", json=request).json()
    events = parse_sse(client.post("/v1/ask/stream", json=request).text)
    assert without_timings(events[-1][1]) == without_timings(asked)
