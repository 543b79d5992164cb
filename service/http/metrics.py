"""`GET /metrics` in Prometheus' text format (prometheus-client), summed over every worker process.

Requests are counted and timed per route, method and status (`service.http.telemetry`); each answer's
stage timings, refusal reason and LLM outcome come from the engine's trace (`AnswerTrace`), whichever
front door asked; the index size is read when scraped. With several workers, `kildesvar serve` points
`PROMETHEUS_MULTIPROC_DIR` at a fresh folder, every worker writes its values there, and a scrape of any
worker adds them up (prometheus-client's multiprocess mode).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from fastapi import APIRouter, Depends, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from starlette.concurrency import run_in_threadpool

from ingest.runs import IngestRuns
from service.answer.trace import AnswerTrace
from service.http.auth import require_scope
from vectorstore.store import KnowledgeStore

MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"  # set by `kildesvar serve` (service.http.cli)
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)

_METRICS = CollectorRegistry(auto_describe=True)
REQUESTS = Counter(
    "kildesvar_http_requests",
    "HTTP requests by route, method and status.",
    ["route", "method", "status"],
    registry=_METRICS,
)
REQUEST_SECONDS = Histogram(
    "kildesvar_http_request_duration_seconds",
    "Time to the last byte of the response, by route and status.",
    ["route", "status"],
    buckets=_LATENCY_BUCKETS,
    registry=_METRICS,
)
STAGE_SECONDS = Histogram(
    "kildesvar_answer_stage_seconds",
    "Time of each stage of an answer: retrieve, compose, validity.",
    ["stage"],
    buckets=_LATENCY_BUCKETS,
    registry=_METRICS,
)
ANSWERS = Counter("kildesvar_answers", "Answers by outcome: answered or refused.", ["outcome"], registry=_METRICS)
REFUSALS = Counter("kildesvar_refusals", "Refused questions by the engine's reason.", ["reason"], registry=_METRICS)
LLM_CALLS = Counter(
    "kildesvar_llm_calls",
    "Answers the LLM was asked to write: used, or fallback to the extractive answer.",
    ["result"],
    registry=_METRICS,
)


def observe_request(route: str, method: str, status: int, seconds: float) -> None:
    REQUESTS.labels(route, method, str(status)).inc()
    REQUEST_SECONDS.labels(route, str(status)).observe(seconds)


class PrometheusAnswerObserver:
    """The engine's observer: what each answer took and how it ended, as metrics."""

    def answered(self, trace: AnswerTrace) -> None:
        for stage, seconds in trace.seconds.items():
            STAGE_SECONDS.labels(stage).observe(seconds)
        ANSWERS.labels("refused" if trace.refusal else "answered").inc()
        if trace.refusal:
            REFUSALS.labels(trace.refusal).inc()
        if trace.llm is not None:
            LLM_CALLS.labels(trace.llm).inc()


class IndexCollector(Collector):
    """Chunks and sources in the store when scraped. Chunks are Chroma's count; sources are listed again
    only when that count has changed since the last scrape. Ingest runs and failed files are read from the
    data dir's run record (`ingest.runs`), which every writer (`kildesvar ingest`, uploads) adds to."""

    def __init__(self, store: KnowledgeStore) -> None:
        self.store = store
        self.runs = IngestRuns.in_data_dir(store.settings.data_dir)
        self._sources_at: tuple[int, int] | None = None  # (chunks, sources)

    def collect(self) -> Iterator[Metric]:
        chunks = self.store.count()
        if self._sources_at is None or self._sources_at[0] != chunks:
            self._sources_at = (chunks, len(self.store.sources()))
        yield GaugeMetricFamily("kildesvar_index_chunks", "Chunks in the index.", value=chunks)
        yield GaugeMetricFamily("kildesvar_index_sources", "Sources (files) in the index.", value=self._sources_at[1])
        yield from self._ingest_metrics()

    def _ingest_metrics(self) -> Iterator[Metric]:
        totals = self.runs.totals()
        runs = CounterMetricFamily(
            "kildesvar_ingest_runs",
            "Ingest runs by kind (folder, upload, reindex, delete) and result (ok, or failed: a file failed).",
            labels=["kind", "result"],
        )
        for (kind, result), count in sorted(totals.runs.items()):
            runs.add_metric([kind, result], count)
        failed = CounterMetricFamily(
            "kildesvar_ingest_failed_files", "Files that failed to ingest, by kind.", labels=["kind"]
        )
        for kind, count in sorted(totals.failed_files.items()):
            failed.add_metric([kind], count)
        yield runs
        yield failed


class _ThisProcess(Collector):
    def collect(self) -> Iterator[Metric]:
        yield from _METRICS.collect()


def scrape(index: IndexCollector | None) -> bytes:
    registry = CollectorRegistry()
    if os.environ.get(MULTIPROCESS_DIR):
        MultiProcessCollector(registry)
    else:
        registry.register(_ThisProcess())
    if index is not None:
        registry.register(index)
    return generate_latest(registry)


router = APIRouter()


@router.get(
    "/metrics",
    tags=["drift"],
    summary="Målinger for Prometheus",
    description="Forespørsler, svartider, avslag etter årsak, språkmodellkall og indeksens størrelse, i "
    "Prometheus' tekstformat. Krever en admin-nøkkel når tjenesten har nøkler.",
    dependencies=[Depends(require_scope("admin", rate_limited=False))],
    response_class=Response,
)
async def metrics(request: Request) -> Response:
    index = getattr(request.app.state, "index_collector", None)
    body = await run_in_threadpool(scrape, index)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
