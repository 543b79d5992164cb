"""One benchmark of one tier: build or reuse its index, then several runs of ingest and serving measurements.

Within a run every configuration is measured for both systems back to back, the system that goes first
alternating from run to run, so that both meet the same machine load and the ratio of the two is fair.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from bench.index import TierIndex, open_tier_index, store_code, tier_embedder
from bench.ingest_rate import measure_ingest
from bench.machine import describe_machine, load_average
from bench.processes import free_port, peak_rss_mb
from bench.questions import QuestionPool
from bench.results import RunResult, tier_entry
from bench.serving import SYSTEMS, WARM_UP_SECONDS, Cell, CellResult, ChromaMode, chroma_server, measure_cell
from bench.tiers import Tier, TierCorpus, Vectors, tier_corpus
from bench.update_rate import measure_update
from evaluation.models import EvalModel, load_model
from vectorstore.settings import StoreSettings

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BenchOptions:
    vectors: Vectors | None  # None: each tier's own default
    runs: int
    seconds: float
    clients: list[int]
    workers: list[int]
    chroma: list[ChromaMode]
    cache_dir: Path
    shared_dir: Path
    port_base: int
    keep_index: bool  # use a tier's index even when other store code wrote it
    command: str
    env: dict[str, str]  # what servers and ingest runs get: `bench_env()` as the benchmark started

    def settings(self, pool: QuestionPool) -> dict[str, Any]:
        described: dict[str, Any] = {"runs": self.runs, "seconds_per_phase": self.seconds}
        described["warm_up_seconds_per_route"] = WARM_UP_SECONDS
        described |= {"clients": self.clients, "workers": self.workers, "chroma": self.chroma}
        threads = {name: value for name, value in self.env.items() if name.startswith(("OMP_", "MKL_", "ORT_"))}
        return described | {"questions": pool.describe(), "request_rate_limits": "off", "thread_env": threads}


def bench_tier(options: BenchOptions, tier: Tier, pool: QuestionPool, progress: Progress) -> dict[str, Any]:
    """The tier's JSON entry (see `bench.results`)."""
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    progress(f"{tier.name}: choosing files and chunking")
    corpus = tier_corpus(options.shared_dir / "data" / "lovdata", tier.target_chunks)
    vectors = options.vectors or tier.vectors
    index, cached = open_tier_index(
        options.cache_dir, tier, vectors, corpus, _model(), progress, keep_older_store_code=options.keep_index
    )
    runs = [_run(options, tier, corpus, index, pool, number, progress) for number in range(1, options.runs + 1)]
    header = {
        "command": options.command,
        "started_at": started_at,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": describe_machine(),
        "settings": options.settings(pool),
        "index": asdict(index)
        | {
            "cached": cached,
            "target_chunks": tier.target_chunks,
            "written_by_current_code": index.store_code == store_code(),
        },
    }
    return tier_entry(header, runs)


@cache
def _model() -> EvalModel:
    """The configured embedding model, loaded once (for the dimension of random vectors and for token counts)."""
    settings = StoreSettings()
    return load_model(settings.embedding_backend, settings)


def _run(
    options: BenchOptions,
    tier: Tier,
    corpus: TierCorpus,
    index: TierIndex,
    pool: QuestionPool,
    number: int,
    progress: Progress,
) -> RunResult:
    load_before = load_average()
    ingest = None
    if tier.ingest_sample_chunks:
        progress(f"{tier.name} run {number}: ingest of {tier.ingest_sample_chunks}+ chunks, then the bare embedder")
        ingest = measure_ingest(corpus.prefix(tier.ingest_sample_chunks), options.cache_dir / "ingest-run", options.env)
    progress(f"{tier.name} run {number}: one changed file re-ingested into a copy of the store")
    embedder = tier_embedder(index.vectors, _model())
    update = measure_update(index, corpus, embedder, options.cache_dir / "update-run")
    cells: list[CellResult] = []
    chroma_rss = None
    for mode in options.chroma:
        if mode == "embedded":
            cells += _serve(options, tier, index, pool, number, mode, None, progress)
            continue
        port = free_port(options.port_base, 1)
        log = options.cache_dir / "logs" / f"{tier.name}-run{number}-chroma.log"
        with chroma_server(index.data_dir, port, options.env, log) as (url, pid):
            cells += _serve(options, tier, index, pool, number, mode, url, progress)
            chroma_rss = round(peak_rss_mb(pid)[0], 1)
    return RunResult(number, load_before, load_average(), ingest, update, cells, chroma_rss)


def _serve(
    options: BenchOptions,
    tier: Tier,
    index: TierIndex,
    pool: QuestionPool,
    number: int,
    mode: ChromaMode,
    chroma_url: str | None,
    progress: Progress,
) -> list[CellResult]:
    """Both systems at every worker count; the first system alternates between runs."""
    order = SYSTEMS if number % 2 else SYSTEMS[::-1]
    results = []
    for workers in options.workers:
        for system in order:
            progress(f"{tier.name} run {number}: {system}, {mode} Chroma, {workers} worker(s)")
            cell = Cell(system, mode, workers, index.data_dir, chroma_url, free_port(options.port_base, 0))
            log = options.cache_dir / "logs" / f"{tier.name}-run{number}-{system}-{mode}-w{workers}.log"
            results.append(measure_cell(cell, options.env, options.clients, options.seconds, pool, log))
            time.sleep(1)  # let the port and the page cache settle between servers
    return results
