"""Second stage: reward candidates with one sentence that holds most of the question's rare words.

Questions are usually about one statement. A chunk where a single sentence covers most of the question's
terms (weighted by rarity) is a better answer than one that scatters the same words over a page, which
BM25 and a whole-chunk embedding cannot tell apart. The coverage is standardised over the candidates and
added to their fused scores with a weight, so the first stage still decides when coverage is flat. The
sentences' terms come analysed from the store (`vectorstore.sentence_terms`): no text is analysed here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from vectorstore.sentence_terms import SentenceTerms

Scored = list[tuple[str, float]]


def sentence_coverage(weights: Mapping[str, float], sentences: SentenceTerms) -> float:
    """The largest share of the terms' total weight that one of the sentences contains (0.0 to 1.0)."""
    total = sum(weights.values())
    if not total:
        return 0.0
    wanted = weights.keys()
    best = max((sum(weights[term] for term in wanted & terms) for terms in sentences), default=0.0)
    return best / total


def rerank_by_sentence_coverage(
    fused: Sequence[tuple[str, float]],
    sentences_of: Callable[[str], SentenceTerms],
    weights: Mapping[str, float],
    weight: float,
) -> Scored:
    """`fused` (id, score) pairs re-sorted by score + weight * standardised sentence coverage."""
    if not fused or weight <= 0 or not weights:
        return list(fused)
    coverage = [sentence_coverage(weights, sentences_of(item)) for item, _score in fused]
    mean = sum(coverage) / len(coverage)
    deviation = (sum((value - mean) ** 2 for value in coverage) / len(coverage)) ** 0.5 or 1.0
    rescored = [
        (item, score + weight * (value - mean) / deviation)
        for (item, score), value in zip(fused, coverage, strict=True)
    ]
    return sorted(rescored, key=lambda pair: -pair[1])
