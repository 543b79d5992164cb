"""The hybrid against the best single method of a suite: the margin, how sure it is, and per-question wins."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from evaluation.metrics import mean, paired_bootstrap_interval
from evaluation.runner import MethodResult


@dataclass(frozen=True)
class Comparison:
    """`method` minus `baseline` on `metric`, with a 95% paired bootstrap interval of that margin."""

    method: str
    baseline: str
    metric: str
    margin: float
    low: float
    high: float
    better: int  # questions where the method scores higher than the baseline
    worse: int

    def as_dict(self) -> dict[str, object]:
        return {
            "method": self.method,
            "baseline": self.baseline,
            "metric": self.metric,
            "margin": round(self.margin, 4),
            "interval_95": [round(self.low, 4), round(self.high, 4)],
            "better_on": self.better,
            "worse_on": self.worse,
        }

    def sentence(self) -> str:
        return (
            f"{self.method} against the best single method ({self.baseline}): {self.metric} {self.margin:+.4f}, "
            f"95% interval [{self.low:+.4f}, {self.high:+.4f}] (paired bootstrap over the questions); "
            f"better on {_questions(self.better)}, worse on {self.worse}"
        )


def against_best_single(method: MethodResult, singles: Sequence[MethodResult], metric: str) -> Comparison | None:
    """`method` compared with the single method that scores best on `metric` (None without singles)."""
    if not singles:
        return None
    baseline = max(singles, key=lambda result: result.metrics[metric])
    ours = [outcome.metrics[metric] for outcome in method.outcomes]
    theirs = [outcome.metrics[metric] for outcome in baseline.outcomes]
    low, high = paired_bootstrap_interval(ours, theirs)
    return Comparison(
        method=method.method,
        baseline=baseline.method,
        metric=metric,
        margin=mean(ours) - mean(theirs),
        low=low,
        high=high,
        better=sum(a > b for a, b in zip(ours, theirs, strict=True)),
        worse=sum(a < b for a, b in zip(ours, theirs, strict=True)),
    )


def _questions(count: int) -> str:
    return f"{count} question" if count == 1 else f"{count} questions"
