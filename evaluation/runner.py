"""Runs one method over one suite's answerable questions: rankings, metrics and query latency."""

from __future__ import annotations

import time
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from evaluation.methods import Method
from evaluation.metrics import distinct, hit_at_k, mean, mrr_at_k, ndcg_at_k, percentile, recall_at_k
from evaluation.suite import EvalQuery, Suite

DEPTH = 10


@dataclass(frozen=True)
class QueryOutcome:
    """Where the first relevant document landed (1-based, None when not in the top DEPTH), the question's own
    metric values (what the suite metrics average) and how long it took."""

    id: str
    rank: int | None
    latency_ms: float
    ranking: list[str] = field(default_factory=list)
    metrics: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class MethodResult:
    method: str
    metrics: dict[str, float]
    outcomes: list[QueryOutcome]


def run_method(method: Method, suite: Suite) -> MethodResult:
    """Every answerable question once, after one untimed warm-up query (lazy loading is not latency)."""
    queries = [query for query in suite.queries if query.answerable]
    if queries:
        method.search(queries[0].text, DEPTH)
    rankings: list[list[str]] = []
    latencies: list[float] = []
    for query in queries:
        started = time.perf_counter()
        chunks = method.search(query.text, DEPTH)
        latencies.append((time.perf_counter() - started) * 1000)
        rankings.append(distinct([suite.key(chunk) for chunk in chunks])[:DEPTH])
    outcomes = [
        QueryOutcome(
            query.id,
            _first_relevant_rank(ranking, query),
            round(latency, 2),
            ranking[:3],
            query_metrics(ranking, query.relevant),
        )
        for query, ranking, latency in zip(queries, rankings, latencies, strict=True)
    ]
    return MethodResult(method.name, score(outcomes), outcomes)


def query_metrics(ranking: list[str], relevant: AbstractSet[str]) -> dict[str, float]:
    """One question's metric values for its ranking of distinct document keys."""
    metrics = {"ndcg@10": ndcg_at_k(ranking, relevant, 10), "mrr@10": mrr_at_k(ranking, relevant, 10)}
    for k in (1, 5, 10):
        metrics[f"recall@{k}"] = recall_at_k(ranking, relevant, k)
        metrics[f"hit@{k}"] = hit_at_k(ranking, relevant, k)
    return metrics


def score(outcomes: list[QueryOutcome]) -> dict[str, float]:
    """The suite metrics averaged over the questions, and latency percentiles in milliseconds."""
    names = outcomes[0].metrics if outcomes else query_metrics([], frozenset())
    metrics = {name: mean([outcome.metrics[name] for outcome in outcomes]) for name in names}
    latencies = [outcome.latency_ms for outcome in outcomes]
    metrics["p50_ms"] = percentile(latencies, 50)
    metrics["p95_ms"] = percentile(latencies, 95)
    return {name: round(value, 4) for name, value in metrics.items()}


def _first_relevant_rank(ranking: list[str], query: EvalQuery) -> int | None:
    return next((rank for rank, key in enumerate(ranking, start=1) if key in query.relevant), None)
