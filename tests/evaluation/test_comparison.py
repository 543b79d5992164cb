"""The hybrid against the best single method: which baseline is picked, the margin and the per-question count."""

from __future__ import annotations

from evaluation.comparison import against_best_single
from evaluation.runner import MethodResult, QueryOutcome, score


def result(name: str, ndcg: list[float]) -> MethodResult:
    outcomes = [QueryOutcome(f"q{i}", None, 1.0, metrics={"ndcg@10": value}) for i, value in enumerate(ndcg)]
    return MethodResult(name, score(outcomes), outcomes)


def test_the_baseline_is_the_single_method_best_on_the_metric():
    hybrid = result("hybrid", [1.0, 1.0, 0.5, 0.0])
    bm25 = result("bm25", [1.0, 0.5, 1.0, 0.0])  # mean 0.625
    dense = result("dense", [0.5, 0.5, 0.5, 0.0])  # mean 0.375
    comparison = against_best_single(hybrid, [dense, bm25], "ndcg@10")
    assert comparison is not None
    assert (comparison.method, comparison.baseline) == ("hybrid", "bm25")
    assert comparison.margin == 0.0
    assert (comparison.better, comparison.worse) == (1, 1)
    assert comparison.low < 0.0 < comparison.high
    assert comparison.as_dict()["interval_95"] == [round(comparison.low, 4), round(comparison.high, 4)]
    assert "bm25" in comparison.sentence()


def test_a_clear_win_has_an_interval_above_zero():
    hybrid = result("hybrid", [1.0] * 40)
    bm25 = result("bm25", [0.5] * 30 + [1.0] * 10)
    comparison = against_best_single(hybrid, [bm25], "ndcg@10")
    assert comparison is not None
    assert comparison.margin == 0.375
    assert comparison.low > 0.2
    assert (comparison.better, comparison.worse) == (30, 0)


def test_no_single_method_means_no_comparison():
    assert against_best_single(result("hybrid", [1.0]), [], "ndcg@10") is None
