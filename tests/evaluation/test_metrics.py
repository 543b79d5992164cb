"""The metric functions on hand-made rankings whose values can be worked out by hand."""

from __future__ import annotations

import math

import pytest

from evaluation.metrics import (
    abstention_precision_recall,
    distinct,
    hit_at_k,
    mean,
    mrr_at_k,
    ndcg_at_k,
    paired_bootstrap_interval,
    percentile,
    recall_at_k,
)


def test_distinct_keeps_the_first_occurrence_of_each_key():
    assert distinct(["a", "b", "a", "c", "b"]) == ["a", "b", "c"]


def test_hit_at_k_counts_only_the_first_k_distinct_keys():
    ranking = ["x", "x", "y", "gold"]
    assert hit_at_k(ranking, {"gold"}, 3) == 1.0  # the repeated "x" does not push gold out
    assert hit_at_k(ranking, {"gold"}, 2) == 0.0
    assert hit_at_k([], {"gold"}, 10) == 0.0


def test_recall_at_k_is_the_share_of_relevant_keys_found():
    assert recall_at_k(["a", "b", "c"], {"a", "c", "z"}, 3) == pytest.approx(2 / 3)
    assert recall_at_k(["a", "b", "c"], {"a", "c"}, 1) == 0.5
    assert recall_at_k(["a"], set(), 1) == 0.0


def test_mrr_is_the_reciprocal_rank_of_the_first_relevant_key():
    assert mrr_at_k(["gold", "b"], {"gold"}) == 1.0
    assert mrr_at_k(["a", "b", "gold"], {"gold"}) == pytest.approx(1 / 3)
    assert mrr_at_k(["a", "a", "gold"], {"gold"}) == 0.5


def test_mrr_ignores_relevant_keys_below_the_cutoff():
    ranking = [f"d{i}" for i in range(10)] + ["gold"]
    assert mrr_at_k(ranking, {"gold"}, 10) == 0.0


def test_ndcg_of_a_single_relevant_document_is_one_over_log2_of_rank_plus_one():
    assert ndcg_at_k(["gold"], {"gold"}) == 1.0
    assert ndcg_at_k(["a", "gold"], {"gold"}) == pytest.approx(1 / math.log2(3))
    assert ndcg_at_k(["a", "b", "c", "gold"], {"gold"}) == pytest.approx(1 / math.log2(5))
    assert ndcg_at_k(["a"], {"gold"}) == 0.0


def test_ndcg_with_two_relevant_documents_normalises_by_the_ideal_ranking():
    dcg = 1.0 + 1 / math.log2(4)  # relevant at ranks 1 and 3
    ideal = 1.0 + 1 / math.log2(3)
    assert ndcg_at_k(["a", "x", "b"], {"a", "b"}) == pytest.approx(dcg / ideal)


def test_ndcg_cuts_the_ranking_at_k():
    assert ndcg_at_k(["x", "y", "gold"], {"gold"}, k=2) == 0.0


def test_percentile_interpolates_linearly_like_numpy():
    values = [10.0, 20.0, 30.0, 40.0]
    assert percentile(values, 50) == 25.0
    assert percentile(values, 95) == pytest.approx(38.5)
    assert percentile(values, 0) == 10.0
    assert percentile(values, 100) == 40.0
    assert percentile([7.0], 95) == 7.0
    assert percentile([], 50) == 0.0


def test_mean_of_nothing_is_zero():
    assert mean([]) == 0.0
    assert mean([1.0, 0.0, 0.5]) == 0.5


def test_abstention_precision_and_recall_treat_unanswerable_as_positive():
    abstained = [True, True, False, False, True]
    unanswerable = [True, False, True, False, True]
    precision, recall = abstention_precision_recall(abstained, unanswerable)
    assert precision == pytest.approx(2 / 3)
    assert recall == pytest.approx(2 / 3)


def test_abstention_metrics_are_zero_without_abstentions_or_unanswerable_questions():
    assert abstention_precision_recall([False, False], [True, False]) == (0.0, 0.0)
    assert abstention_precision_recall([True], [False]) == (0.0, 0.0)


def test_abstention_metrics_refuse_lists_of_different_length():
    with pytest.raises(ValueError):
        abstention_precision_recall([True], [True, False])


def test_bootstrap_interval_of_a_constant_difference_is_that_difference():
    low, high = paired_bootstrap_interval([0.75, 0.5, 1.0], [0.5, 0.25, 0.75])
    assert low == pytest.approx(0.25)
    assert high == pytest.approx(0.25)


def test_bootstrap_interval_of_a_margin_won_on_one_question_reaches_zero():
    low, high = paired_bootstrap_interval([1.0] + [0.0] * 99, [0.0] * 100)
    assert low == 0.0  # a third of the resamples leave that one question out
    assert high > 0.01


def test_bootstrap_interval_of_a_broad_win_is_near_its_normal_approximation():
    first, second = [1.0] * 50 + [0.0] * 50, [0.0] * 100  # mean 0.5, standard error 0.05
    low, high = paired_bootstrap_interval(first, second)
    assert 0.38 < low < 0.43
    assert 0.57 < high < 0.62


def test_bootstrap_interval_is_reproducible_and_refuses_unpaired_values():
    values = [0.1, 0.9, 0.4, 0.0, 0.7]
    assert paired_bootstrap_interval(values, values[::-1]) == paired_bootstrap_interval(values, values[::-1])
    assert paired_bootstrap_interval([], []) == (0.0, 0.0)
    with pytest.raises(ValueError):
        paired_bootstrap_interval([1.0], [1.0, 0.0])
