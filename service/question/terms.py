"""A question's key terms with weights, and how much of them a passage covers."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from service.question.kinds import AnswerType, has_number, provides_answer

_PARTIAL_MIN_CHARS = 4
PARTIAL_CREDIT = 0.5


@dataclass(frozen=True)
class QuestionTerms:
    """Stemmed key terms with weights (the new question's 1, carried-over terms less) and the number intent."""

    weights: dict[str, float]
    wants_number: bool
    expected: AnswerType | None = None
    question: str = ""

    def answered_by(self, text: str) -> bool:
        """Whether a sentence gives the kind of answer asked for (any number, when only a number is wanted)."""
        if self.expected:
            return provides_answer(self.expected, text, self.question)
        return self.wants_number and has_number(text)

    @property
    def total(self) -> float:
        return sum(self.weights.values())

    def coverage(self, terms: set[str]) -> float:
        """Share (0-1) of the question's weight found in `terms`; part of a compound counts half."""
        if not self.weights:
            return 0.0
        found = sum(weight * term_match(term, terms) for term, weight in self.weights.items())
        return found / self.total


def inverse_document_frequency(term_sets: Sequence[frozenset[str]]) -> Callable[[str], float]:
    """BM25's idf over a set of documents (here: the candidates retrieved for one question)."""
    frequencies = Counter(term for terms in term_sets for term in terms)
    count = len(term_sets)
    return lambda term: math.log(1 + (count - frequencies[term] + 0.5) / (frequencies[term] + 0.5))


def term_match(term: str, terms: set[str]) -> float:
    """1 for the term itself, PARTIAL_CREDIT when one is a prefix or suffix of the other (compounds), else 0."""
    if term in terms:
        return 1.0
    if len(term) < _PARTIAL_MIN_CHARS:
        return 0.0
    for other in terms:
        if len(other) >= _PARTIAL_MIN_CHARS and (
            other.startswith(term) or term.startswith(other) or other.endswith(term) or term.endswith(other)
        ):
            return PARTIAL_CREDIT
    return 0.0
