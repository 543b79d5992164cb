"""Second stage: reward candidates with one sentence that holds most of the question's rare words.

Questions are usually about one statement. A chunk where a single sentence covers most of the question's
terms (weighted by rarity) is a better answer than one that scatters the same words over a page, which
BM25 and a whole-chunk embedding cannot tell apart. The coverage is standardised over the candidates and
added to their fused scores with a weight, so the first stage still decides when coverage is flat.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache

from vectorstore.analyzer import analyze
from vectorstore.sentences import split_sentences

Scored = list[tuple[str, float]]


def sentence_coverage(weights: Mapping[str, float], text: str) -> float:
    """The largest share of the terms' total weight that one sentence of `text` contains (0.0 to 1.0)."""
    total = sum(weights.values())
    if not total:
        return 0.0
    return max((sum(weights.get(term, 0.0) for term in terms) for terms in _sentence_terms(text)), default=0.0) / total


def rerank_by_sentence_coverage(
    fused: Sequence[tuple[str, float]],
    text_of: Callable[[str], str],
    weights: Mapping[str, float],
    weight: float,
) -> Scored:
    """`fused` (id, score) pairs re-sorted by score + weight * standardised sentence coverage."""
    if not fused or weight <= 0 or not weights:
        return list(fused)
    coverage = [sentence_coverage(weights, text_of(item)) for item, _score in fused]
    mean = sum(coverage) / len(coverage)
    deviation = (sum((value - mean) ** 2 for value in coverage) / len(coverage)) ** 0.5 or 1.0
    rescored = [
        (item, score + weight * (value - mean) / deviation)
        for (item, score), value in zip(fused, coverage, strict=True)
    ]
    return sorted(rescored, key=lambda pair: -pair[1])


@lru_cache(maxsize=4096)
def _sentence_terms(text: str) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(analyze(text[sentence.start : sentence.end])) for sentence in split_sentences(text))
