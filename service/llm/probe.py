"""Whether the configured LLM server answers, for `/readyz`: `GET <base_url>/models`, the OpenAI API's
cheapest call (vLLM, llama.cpp, Ollama and OpenAI serve it), with a short timeout. The answer is kept for
`ttl` seconds, so a probe every few seconds does not load the model server."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Literal

import httpx

from service.llm.settings import LlmSettings

LlmStatus = Literal["ok", "unavailable"]
PROBE_TIMEOUT_SECONDS = 3.0


class LlmProbe:
    def __init__(self, settings: LlmSettings, ttl: float = 15.0, clock: Callable[[], float] = time.monotonic) -> None:
        assert settings.base_url is not None, "LlmProbe needs KILDESVAR_LLM_BASE_URL"
        self.url = f"{settings.base_url.rstrip('/')}/models"
        self.headers = {"Authorization": f"Bearer {settings.api_key.get_secret_value()}"} if settings.api_key else {}
        self.timeout = min(settings.timeout, PROBE_TIMEOUT_SECONDS)
        self.ttl = ttl
        self.clock = clock
        self._last: tuple[float, LlmStatus] | None = None

    async def status(self) -> LlmStatus:
        now = self.clock()
        if self._last is None or now - self._last[0] >= self.ttl:
            self._last = (now, await self._ask())
        return self._last[1]

    async def _ask(self) -> LlmStatus:
        try:
            async with httpx.AsyncClient(timeout=self.timeout) as client:
                response = await client.get(self.url, headers=self.headers)
        except httpx.HTTPError:
            return "unavailable"
        return "ok" if response.status_code == 200 else "unavailable"
