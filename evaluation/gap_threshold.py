"""How similar two questions must be to share a group in the knowledge-gap report (`service.questions.gaps`).

Measured on `evaluation/gold/paraphrases.jsonl` (questions in groups of paraphrases, each group one need):
the groups are split in two halves by a hash of their name. On the validation half, every candidate
threshold from 0.70 to 0.99 groups the questions (shuffled with a fixed seed, as `group_indices` sees them
in the order asked) and is scored with B-cubed F1 against the gold groups; the best one is chosen (the
lowest of equals). The test half is grouped once with it and reported: its B-cubed F1 with a 95% bootstrap
interval over the test groups. Nothing is fitted: the embedding model is used as it is.

Run `python -m evaluation.gap_threshold` (the service's embedding model from the `KILDESVAR_EMBEDDING_*`
settings); `SIMILARITY_THRESHOLD` in `service.questions.gaps` holds the value it chooses, and
tests/questions/test_gap_threshold.py checks that it still does.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from service.questions.gaps import group_indices
from vectorstore.embeddings import Embedder

PARAPHRASES = Path(__file__).parent / "gold" / "paraphrases.jsonl"
CANDIDATES = tuple(round(0.70 + step / 100, 2) for step in range(30))
SEED = 0


@dataclass(frozen=True)
class Paraphrase:
    group: str
    question: str


@dataclass(frozen=True)
class ThresholdChoice:
    threshold: float
    validation_f1: float
    test_f1: float
    test_interval: tuple[float, float]
    validation_groups: int
    test_groups: int
    test_f1_apart: float  # every question a group of its own: the report without grouping

    def describe(self) -> str:
        low, high = self.test_interval
        return (
            f"threshold {self.threshold:.2f}: B-cubed F1 {self.validation_f1:.3f} on the validation half "
            f"({self.validation_groups} groups), {self.test_f1:.3f} on the test half ({self.test_groups} groups, "
            f"95% interval {low:.3f}-{high:.3f}, bootstrap over groups; {self.test_f1_apart:.3f} ungrouped)"
        )


def load(path: Path = PARAPHRASES) -> list[Paraphrase]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [Paraphrase(row["group"], row["question"]) for row in rows]


def split(paraphrases: Sequence[Paraphrase]) -> tuple[list[Paraphrase], list[Paraphrase]]:
    """(validation, test): each group goes wholly to one half; the groups, ordered by a hash of their name,
    alternate between the halves."""
    names = sorted({item.group for item in paraphrases}, key=lambda name: hashlib.sha256(name.encode()).digest())
    validation = set(names[::2])
    return [item for item in paraphrases if item.group in validation], [
        item for item in paraphrases if item.group not in validation
    ]


def item_f1(gold: Sequence[str], predicted: Sequence[int]) -> list[float]:
    """B-cubed F1 of each item: precision and recall of its predicted group against its gold group."""
    scores = []
    for index in range(len(gold)):
        same_predicted = {other for other, group in enumerate(predicted) if group == predicted[index]}
        same_gold = {other for other, group in enumerate(gold) if group == gold[index]}
        overlap = len(same_predicted & same_gold)
        precision, recall = overlap / len(same_predicted), overlap / len(same_gold)
        scores.append(2 * precision * recall / (precision + recall))
    return scores


def grouped(
    paraphrases: Sequence[Paraphrase], vectors: dict[str, np.ndarray], threshold: float
) -> tuple[list[float], list[Paraphrase]]:
    """Each question's B-cubed F1 when the questions, in a seeded random order, are grouped at `threshold`;
    and that order."""
    order = list(paraphrases)
    random.Random(SEED).shuffle(order)
    predicted = group_indices(np.stack([vectors[item.question] for item in order]), threshold)
    return item_f1([item.group for item in order], predicted), order


def choose_threshold(embedder: Embedder, paraphrases: Sequence[Paraphrase] | None = None) -> ThresholdChoice:
    paraphrases = list(paraphrases or load())
    questions = list(dict.fromkeys(item.question for item in paraphrases))
    vectors = dict(zip(questions, np.asarray(embedder.embed(questions, "query"), dtype=np.float32), strict=True))
    validation, test = split(paraphrases)
    scores = {threshold: float(np.mean(grouped(validation, vectors, threshold)[0])) for threshold in CANDIDATES}
    best = max(CANDIDATES, key=lambda threshold: (scores[threshold], -threshold))
    test_scores, order = grouped(test, vectors, best)
    return ThresholdChoice(
        threshold=best,
        validation_f1=scores[best],
        test_f1=float(np.mean(test_scores)),
        test_interval=group_bootstrap([item.group for item in order], test_scores),
        validation_groups=len({item.group for item in validation}),
        test_groups=len({item.group for item in test}),
        test_f1_apart=float(np.mean(item_f1([item.group for item in test], list(range(len(test)))))),
    )


def group_bootstrap(
    groups: Sequence[str], scores: Sequence[float], resamples: int = 10_000, seed: int = SEED
) -> tuple[float, float]:
    """95% percentile interval of the mean item score, resampling whole groups (their items are not
    independent)."""
    names = sorted(set(groups))
    pairs = list(zip(groups, scores, strict=True))
    sums = np.asarray([sum(score for group, score in pairs if group == name) for name in names])
    sizes = np.asarray([sum(1 for group, _ in pairs if group == name) for name in names])
    draws = np.random.default_rng(seed).integers(0, len(names), size=(resamples, len(names)))
    means = sums[draws].sum(axis=1) / sizes[draws].sum(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return float(low), float(high)


def main() -> None:
    from vectorstore.embeddings import create_embedder
    from vectorstore.settings import StoreSettings

    print(choose_threshold(create_embedder(StoreSettings())).describe())


if __name__ == "__main__":
    main()
