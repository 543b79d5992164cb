"""Retrieval and abstention metrics (pure functions over ranked document keys) and the uncertainty of a difference.

A ranking is a sequence of document keys, best first. Relevance is binary: a set of relevant keys. A key
may repeat in a ranking (several chunks of one passage or one §); only its first occurrence counts, so
every metric sees the ranking of distinct documents.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from collections.abc import Set as AbstractSet
from typing import TypeVar

import numpy as np

Key = TypeVar("Key", bound=Hashable)


def distinct(ranking: Sequence[Key]) -> list[Key]:
    """The ranking with later repeats of a key removed, order kept."""
    seen: set[Key] = set()
    result = []
    for key in ranking:
        if key not in seen:
            seen.add(key)
            result.append(key)
    return result


def hit_at_k(ranking: Sequence[Key], relevant: AbstractSet[Key], k: int) -> float:
    """1.0 when a relevant key is among the first k distinct keys, else 0.0."""
    return 1.0 if any(key in relevant for key in distinct(ranking)[:k]) else 0.0


def recall_at_k(ranking: Sequence[Key], relevant: AbstractSet[Key], k: int) -> float:
    """Share of the relevant keys found among the first k distinct keys (0.0 with nothing relevant)."""
    if not relevant:
        return 0.0
    return sum(1 for key in distinct(ranking)[:k] if key in relevant) / len(relevant)


def mrr_at_k(ranking: Sequence[Key], relevant: AbstractSet[Key], k: int = 10) -> float:
    """1 / rank of the first relevant key within the first k distinct keys, 0.0 when there is none."""
    for rank, key in enumerate(distinct(ranking)[:k], start=1):
        if key in relevant:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(ranking: Sequence[Key], relevant: AbstractSet[Key], k: int = 10) -> float:
    """Binary-gain nDCG: DCG of the first k distinct keys over the DCG of a perfect ranking."""
    dcg = sum(1.0 / math.log2(rank + 1) for rank, key in enumerate(distinct(ranking)[:k], start=1) if key in relevant)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(relevant), k) + 1))
    return dcg / ideal if ideal else 0.0


def mean(values: Sequence[float]) -> float:
    """Arithmetic mean, 0.0 for no values."""
    return sum(values) / len(values) if values else 0.0


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0-100) with linear interpolation between ranks, as numpy's default; 0.0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    position = (len(ordered) - 1) * p / 100
    lower = math.floor(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def abstention_precision_recall(abstained: Sequence[bool], unanswerable: Sequence[bool]) -> tuple[float, float]:
    """(precision, recall) of abstaining, with the unanswerable questions as the positive class.

    Precision: share of abstentions that were on unanswerable questions (0.0 when nothing was abstained).
    Recall: share of unanswerable questions that were abstained on (0.0 when none is unanswerable).
    """
    if len(abstained) != len(unanswerable):
        raise ValueError("abstained and unanswerable must have the same length")
    true_positives = sum(1 for a, u in zip(abstained, unanswerable, strict=True) if a and u)
    predicted = sum(abstained)
    actual = sum(unanswerable)
    precision = true_positives / predicted if predicted else 0.0
    recall = true_positives / actual if actual else 0.0
    return precision, recall


def paired_bootstrap_interval(
    first: Sequence[float], second: Sequence[float], confidence: float = 0.95, resamples: int = 10_000, seed: int = 0
) -> tuple[float, float]:
    """Percentile bootstrap interval of mean(first) - mean(second) over paired per-question values.

    The questions are resampled with replacement, the same draw for both methods, so the interval reflects
    how much the difference depends on which questions happened to be asked. Seeded: one report, one result.
    """
    if len(first) != len(second):
        raise ValueError("first and second must have the same length")
    if not first:
        return 0.0, 0.0
    differences = np.asarray(first, dtype=float) - np.asarray(second, dtype=float)
    draws = np.random.default_rng(seed).integers(0, len(differences), size=(resamples, len(differences)))
    means = differences[draws].mean(axis=1)
    tail = (1.0 - confidence) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return float(low), float(high)


def paired_bootstrap_statistic(
    count: int,
    difference: Callable[[np.ndarray], float],
    confidence: float = 0.95,
    resamples: int = 10_000,
    seed: int = 0,
) -> tuple[float, float]:
    """Percentile bootstrap interval of a difference of two statistics over the same `count` questions.

    Each resample draws the questions with replacement, as weights (how often each question was drawn);
    `difference(weights)` computes both statistics on that draw and returns their difference. For figures
    that are not means (refusal precision, a median) where `paired_bootstrap_interval` does not apply.
    """
    if not count:
        return 0.0, 0.0
    draws = np.random.default_rng(seed).integers(0, count, size=(resamples, count))
    values = [difference(np.bincount(draw, minlength=count).astype(float)) for draw in draws]
    tail = (1.0 - confidence) / 2 * 100
    low, high = np.percentile(values, [tail, 100 - tail])
    return float(low), float(high)
