"""Closed-loop HTTP load: N clients, each sending its next question as soon as the last one was answered.

Latencies are measured per request on the client; answers per second are the successful requests over the
time from the first request to the last answer.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

import httpx
import numpy as np

Route = Literal["ask", "search"]
ROUTES: tuple[Route, ...] = ("ask", "search")
_TIMEOUT = httpx.Timeout(120.0)


@dataclass(frozen=True)
class PhaseResult:
    route: Route
    clients: int
    requests: int
    errors: int
    seconds: float
    per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    first_error: str | None


def run_phase(base_url: str, route: Route, clients: int, seconds: float, questions: Iterator[str]) -> PhaseResult:
    """`clients` concurrent clients on `route` for `seconds` (requests in flight at the end are awaited)."""
    return asyncio.run(_phase(base_url, route, clients, seconds, questions))


async def send(client: httpx.AsyncClient, route: Route, question: str) -> httpx.Response:
    """One request in the same shape on both systems: POST /v1/ask {"question"} or GET /v1/search?q=...&k=10."""
    if route == "ask":
        return await client.post("/v1/ask", json={"question": question})
    return await client.get("/v1/search", params={"q": question, "k": 10})


async def _phase(base_url: str, route: Route, clients: int, seconds: float, questions: Iterator[str]) -> PhaseResult:
    latencies: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base_url, timeout=_TIMEOUT, limits=limits) as client:
        started = time.perf_counter()
        deadline = started + seconds

        async def one_client() -> None:
            while time.perf_counter() < deadline:
                sent = time.perf_counter()
                try:
                    response = await send(client, route, next(questions))
                except httpx.HTTPError as error:
                    errors.append(f"{type(error).__name__}: {error}")
                    await asyncio.sleep(0.05)  # a server that is gone must not be hammered in a tight loop
                    continue
                if response.status_code == 200:
                    latencies.append(time.perf_counter() - sent)
                else:
                    errors.append(f"{response.status_code}: {response.text[:200]}")

        await asyncio.gather(*(one_client() for _ in range(clients)))
        elapsed = time.perf_counter() - started
    return _result(route, clients, latencies, errors, elapsed)


def _result(route: Route, clients: int, latencies: list[float], errors: list[str], elapsed: float) -> PhaseResult:
    p50, p95, p99 = (np.percentile(latencies, [50, 95, 99]) * 1000).tolist() if latencies else (0.0, 0.0, 0.0)
    return PhaseResult(
        route=route,
        clients=clients,
        requests=len(latencies),
        errors=len(errors),
        seconds=round(elapsed, 2),
        per_second=round(len(latencies) / elapsed, 2) if elapsed else 0.0,
        p50_ms=round(p50, 1),
        p95_ms=round(p95, 1),
        p99_ms=round(p99, 1),
        first_error=errors[0] if errors else None,
    )
