"""The one place that talks to the LLM server: LlamaIndex's `OpenAILike` against any OpenAI-compatible API.

Every failure (timeout, connection error, HTTP error, malformed or empty reply) becomes `LlmUnavailable`,
so that callers fall back to the extractive answer instead of failing the request.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence

from llama_index.core.llms import ChatMessage
from llama_index.llms.openai_like import OpenAILike

from service.llm.settings import LlmSettings

logger = logging.getLogger(__name__)

# OpenAI's client insists on a key; servers that need none (vLLM, llama.cpp, Ollama) ignore this one.
_NO_KEY = "no-key"


class LlmUnavailable(Exception):
    """The LLM server did not give a usable reply."""


class LlmClient:
    """Chat completions, whole or streamed, from the configured OpenAI-compatible server."""

    def __init__(self, settings: LlmSettings) -> None:
        if not settings.enabled or not settings.model:
            raise ValueError("LlmClient needs KILDESVAR_LLM_BASE_URL and KILDESVAR_LLM_MODEL.")
        key = settings.api_key.get_secret_value() if settings.api_key else _NO_KEY
        self._llm = OpenAILike(
            model=settings.model,
            api_base=settings.base_url,
            api_key=key,
            is_chat_model=True,
            is_function_calling_model=False,
            temperature=settings.temperature,
            max_tokens=settings.max_tokens,
            timeout=settings.timeout,
            max_retries=settings.max_retries,
        )

    def complete(self, messages: Sequence[ChatMessage]) -> str:
        """The model's whole reply; raises LlmUnavailable on any failure or an empty reply."""
        try:
            reply = self._llm.chat(messages).message.content or ""
        except Exception as error:  # the optional model must never fail a request
            raise _unavailable(error) from error
        if not reply.strip():
            raise LlmUnavailable("empty reply")
        return reply

    def stream(self, messages: Sequence[ChatMessage]) -> Iterator[str]:
        """The model's reply piece by piece; raises LlmUnavailable when the call or the stream fails or is empty."""
        said = False
        try:
            for response in self._llm.stream_chat(messages):
                if response.delta:
                    said = said or bool(response.delta.strip())
                    yield response.delta
        except Exception as error:  # the optional model must never fail a request
            raise _unavailable(error) from error
        if not said:
            raise LlmUnavailable("empty reply")


def _unavailable(error: Exception) -> LlmUnavailable:
    logger.warning("LLM call failed (%s); falling back to the extractive answer", type(error).__name__)
    return LlmUnavailable(type(error).__name__)
