"""Fusion of ranked lists: weighted reciprocal rank fusion, weighted min-max and weighted z-score fusion.

A ranking is a best-first sequence of (id, score) pairs. Each function returns one best-first list of
(id, fused score); ties keep the order in which ids were first seen, so results are deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence

Ranking = Sequence[tuple[str, float]]


def reciprocal_rank_fusion(
    rankings: Sequence[Ranking], weights: Sequence[float] | None = None, k: int = 60
) -> list[tuple[str, float]]:
    """Sum of weight / (k + rank) over the rankings an id appears in (rank starts at 1)."""
    fused: dict[str, float] = {}
    for ranking, weight in zip(rankings, _weights(rankings, weights), strict=True):
        for rank, (item, _score) in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
    return _sorted(fused)


def minmax_fusion(rankings: Sequence[Ranking], weights: Sequence[float] | None = None) -> list[tuple[str, float]]:
    """Sum of weight * min-max normalised score; an id missing from a ranking gets 0 from it.

    Within one ranking the best score maps to 1 and the worst to 0; a ranking whose scores are all equal
    maps every id to 1.
    """
    fused: dict[str, float] = {}
    for ranking, weight in zip(rankings, _weights(rankings, weights), strict=True):
        for item, normalised in _normalise(ranking):
            fused[item] = fused.get(item, 0.0) + weight * normalised
    return _sorted(fused)


def zscore_fusion(rankings: Sequence[Ranking], weights: Sequence[float] | None = None) -> list[tuple[str, float]]:
    """Sum of weight * standardised score; an id missing from a ranking gets that ranking's lowest z.

    Standardising (score - mean) / standard deviation within each ranking keeps how far the best results
    stand out from the rest: a keyword ranking with one clear winner outweighs a flat dense one, and the
    other way round. That makes one weight work for questions that copy a document's words and for
    paraphrases. A missing id is treated as no better than the worst one the ranking returned.
    """
    standardised = [_standardise(ranking) for ranking in rankings]
    items = list(dict.fromkeys(item for ranking in rankings for item, _score in ranking))
    fused = dict.fromkeys(items, 0.0)
    for scores, weight in zip(standardised, _weights(rankings, weights), strict=True):
        floor = min(scores.values(), default=0.0)
        for item in items:
            fused[item] += weight * scores.get(item, floor)
    return _sorted(fused)


def _standardise(ranking: Ranking) -> dict[str, float]:
    if not ranking:
        return {}
    scores = [score for _item, score in ranking]
    mean = sum(scores) / len(scores)
    deviation = (sum((score - mean) ** 2 for score in scores) / len(scores)) ** 0.5 or 1.0
    return {item: (score - mean) / deviation for item, score in ranking}


def _weights(rankings: Sequence[Ranking], weights: Sequence[float] | None) -> Sequence[float]:
    if weights is None:
        return [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError(f"{len(weights)} weights for {len(rankings)} rankings")
    return weights


def _normalise(ranking: Ranking) -> list[tuple[str, float]]:
    if not ranking:
        return []
    scores = [score for _item, score in ranking]
    low, high = min(scores), max(scores)
    if high == low:
        return [(item, 1.0) for item, _score in ranking]
    return [(item, (score - low) / (high - low)) for item, score in ranking]


def _sorted(fused: dict[str, float]) -> list[tuple[str, float]]:
    order = {item: index for index, item in enumerate(fused)}
    return sorted(fused.items(), key=lambda pair: (-pair[1], order[pair[0]]))
