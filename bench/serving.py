"""One serving measurement: a system's server over a tier's index, cold start, load phases, peak memory.

Kildesvar runs as a user runs it, `kildesvar serve --workers N` (uvicorn); the peer runs under uvicorn from
`bench.peer`, with the same number of workers. Both read the same data dir and Chroma (embedded, or the
`chroma run` server the caller started) and embed questions with the same model.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import httpx

from bench.load import ROUTES, PhaseResult, run_phase
from bench.machine import load_average
from bench.processes import BIN, answers, peak_rss_mb, running, wait_until
from bench.questions import QuestionPool

System = Literal["kildesvar", "llamaindex"]
SYSTEMS: tuple[System, ...] = ("kildesvar", "llamaindex")
ChromaMode = Literal["embedded", "server"]
_START_TIMEOUT = 900.0
WARM_UP_SECONDS = 2.0
# Settings that describe the store and the model pass through to both servers; every other KILDESVAR_*
# setting (an API key, an LLM) is left out so both systems answer alike.
_PASSED_SETTINGS = ("KILDESVAR_EMBEDDING_", "KILDESVAR_COLLECTION", "KILDESVAR_INGEST_")


@dataclass(frozen=True)
class Cell:
    """Which server to measure and where its data is."""

    system: System
    chroma: ChromaMode
    workers: int
    data_dir: Path
    chroma_url: str | None
    port: int


@dataclass(frozen=True)
class CellResult:
    system: System
    chroma: ChromaMode
    workers: int
    cold_start_s: float
    rss_peak_mb: float  # the largest process of the server (one worker)
    rss_total_mb: float  # the peaks of all its processes added up
    load_before: list[float]
    load_after: list[float]
    phases: list[PhaseResult]


def measure_cell(
    cell: Cell, env: dict[str, str], clients: list[int], seconds: float, pool: QuestionPool, log: Path
) -> CellResult:
    """Start the server in `env` (see `bench_env`), time the first answer, run every route at every client
    count, read its memory."""
    load_before = load_average()
    url = f"http://127.0.0.1:{cell.port}"
    questions = pool.walk()
    with running(server_command(cell.system, cell.port, cell.workers), server_env(cell, env), log) as process:
        first = next(questions)
        cold_start = wait_until(
            lambda: httpx.post(f"{url}/v1/ask", json={"question": first}, timeout=_START_TIMEOUT).status_code == 200,
            process,
            log,
            _START_TIMEOUT,
        )
        phases = []
        for route in ROUTES:
            run_phase(url, route, max(clients), min(seconds, WARM_UP_SECONDS), questions)  # not recorded
            phases += [run_phase(url, route, count, seconds, questions) for count in clients]
        rss = peak_rss_mb(process.pid)
    return CellResult(
        system=cell.system,
        chroma=cell.chroma,
        workers=cell.workers,
        cold_start_s=round(cold_start, 2),
        rss_peak_mb=round(rss[0], 1),
        rss_total_mb=round(sum(rss), 1),
        load_before=load_before,
        load_after=load_average(),
        phases=phases,
    )


def server_command(system: System, port: int, workers: int) -> list[str]:
    listen = ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    if system == "kildesvar":
        return [str(BIN / "kildesvar"), "serve", *listen]
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "bench.peer:create_peer_app",
        "--factory",
        *listen,
        "--log-level",
        "warning",
    ]


def bench_env() -> dict[str, str]:
    """This environment without the KILDESVAR_* settings that would make the two systems answer differently.

    Taken when the benchmark starts, before it changes its own environment: servers and ingest runs get the
    thread settings (OMP_*) the user started it with, as a deployment would.
    """
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("KILDESVAR_") or name.startswith(_PASSED_SETTINGS)
    }
    return env | {"HF_HUB_OFFLINE": "1"}


def server_env(cell: Cell, env: dict[str, str]) -> dict[str, str]:
    """The environment both servers get: `env` plus the tier's data dir and Chroma URL."""
    env = env | {"KILDESVAR_DATA_DIR": str(cell.data_dir), "KILDESVAR_LOG_LEVEL": "warning"}
    # Kildesvar's request limits would turn the load into 429s.
    env |= {"KILDESVAR_WIDGET_RATE_LIMIT": "", "KILDESVAR_KEY_RATE_LIMIT": ""}
    if cell.chroma_url:
        env["KILDESVAR_CHROMA_URL"] = cell.chroma_url
    return env


@contextmanager
def chroma_server(data_dir: Path, port: int, env: dict[str, str], log: Path) -> Iterator[tuple[str, int]]:
    """`chroma run` over the tier's Chroma files; yields its URL and pid."""
    url = f"http://127.0.0.1:{port}"
    command = [str(BIN / "chroma"), "run", "--path", str(data_dir / "chroma"), "--host", "127.0.0.1"]
    with running([*command, "--port", str(port)], env, log) as process:
        wait_until(answers(f"{url}/api/v2/heartbeat"), process, log, _START_TIMEOUT)
        yield url, process.pid
