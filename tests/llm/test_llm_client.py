"""The client speaks OpenAI's chat API through LlamaIndex's OpenAILike and turns every failure into one error."""

from __future__ import annotations

import time

import pytest
from fake_openai import Reply
from llama_index.core.llms import ChatMessage

from service.llm.client import LlmClient, LlmUnavailable

MESSAGES = [ChatMessage(role="user", content="Hvem eier LUP?")]


def test_complete_sends_model_settings_and_key(fake_openai, llm_settings):
    fake_openai.script("LUP eies av KS og NHO [1].")
    assert LlmClient(llm_settings).complete(MESSAGES) == "LUP eies av KS og NHO [1]."
    request = fake_openai.requests[0]
    assert request["model"] == "fake-model" and request["temperature"] == 0.0 and request["max_tokens"] == 512
    assert request["messages"] == [{"role": "user", "content": "Hvem eier LUP?"}]
    assert fake_openai.authorizations == ["Bearer test-key"]


def test_stream_yields_the_reply_in_pieces(fake_openai, llm_settings):
    fake_openai.script("LUP eies av KS og NHO [1].")
    pieces = list(LlmClient(llm_settings).stream(MESSAGES))
    assert len(pieces) > 1 and "".join(pieces) == "LUP eies av KS og NHO [1]."
    assert fake_openai.requests[0]["stream"] is True


@pytest.mark.parametrize(
    "reply",
    [Reply(status=500), Reply(status=429), Reply(raw="{not json"), Reply(""), Reply("   ")],
    ids=["500", "429", "malformed-json", "empty", "blank"],
)
def test_failed_replies_raise_llm_unavailable(fake_openai, llm_settings, reply):
    fake_openai.script(reply)
    with pytest.raises(LlmUnavailable):
        LlmClient(llm_settings).complete(MESSAGES)


def test_slow_reply_times_out(fake_openai, llm_settings):
    fake_openai.script(Reply("for sent [1].", delay=llm_settings.timeout + 1))
    started = time.monotonic()
    with pytest.raises(LlmUnavailable):
        LlmClient(llm_settings).complete(MESSAGES)
    assert time.monotonic() - started < llm_settings.timeout + 1


@pytest.mark.parametrize(
    "reply", [Reply(status=500), Reply(raw="data: {not json\n\n"), Reply("")], ids=["500", "malformed", "empty"]
)
def test_failed_streams_raise_llm_unavailable(fake_openai, llm_settings, reply):
    fake_openai.script(reply)
    with pytest.raises(LlmUnavailable):
        list(LlmClient(llm_settings).stream(MESSAGES))


def test_unreachable_server_raises_llm_unavailable(llm_settings):
    settings = llm_settings.model_copy(update={"base_url": "http://127.0.0.1:9/v1"})
    with pytest.raises(LlmUnavailable):
        LlmClient(settings).complete(MESSAGES)
