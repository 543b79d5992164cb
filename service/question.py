"""What a question asks for: its weighted key terms, and whether it wants an amount, a date or a number."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from vectorstore.analyzer import analyze

# Question words and verbs that say nothing about the topic ("Hva sier ...", "Hvilke ...", "Kva ...").
_FILLER = frozenset(
    analyze(
        "hvilke hvilken hvilket sier står står mye mange hvert betyr innebærer finnes fortell forklar kva korleis "
        "kor kven kvifor kvar kva mykje what which who how does tell"
    )
)
_NUMBER_QUESTION = re.compile(
    r"\b(?:hvor (?:mye|mange|stor|store|høy|høye|lang|lenge|ofte)|kor (?:mykje|mange|stor|lenge)|beløp\w*|"
    r"terskelverdi\w*|når|kva tid|hvilket år|dato\w*|frist\w*|prosent|kroner|antall|grense\w*|"
    r"how (?:much|many|long)|when)\b"
)
_SECTION_NUMBER = re.compile(r"§+\s*\d[\w-]*|\(\d+[a-z]?\)")
_DIGIT = re.compile(r"\d")
_PARTIAL_MIN_CHARS = 4
PARTIAL_CREDIT = 0.5


@dataclass(frozen=True)
class QuestionTerms:
    """Stemmed key terms with weights (the new question's 1, carried-over terms less) and the number intent."""

    weights: dict[str, float]
    wants_number: bool

    @property
    def total(self) -> float:
        return sum(self.weights.values())

    def coverage(self, terms: set[str]) -> float:
        """Share (0-1) of the question's weight found in `terms`; part of a compound counts half."""
        if not self.weights:
            return 0.0
        found = sum(weight * term_match(term, terms) for term, weight in self.weights.items())
        return found / self.total


def question_terms(
    question: str, carried: Sequence[str] = (), carried_weight: float = 0.5, ignore: Iterable[str] = ()
) -> QuestionTerms:
    """Key terms of the question, plus `carried` words from earlier questions at `carried_weight`.

    `ignore` holds words that should not count, such as the name of a law the question refers to.
    """
    skip = _FILLER | set(analyze(" ".join(ignore)))
    weights: dict[str, float] = {}
    for term in analyze(_SECTION_NUMBER.sub(" ", question)):
        if term not in skip:
            weights[term] = 1.0
    for term in analyze(" ".join(carried)):
        if term not in skip:
            weights.setdefault(term, carried_weight)
    return QuestionTerms(weights, bool(_NUMBER_QUESTION.search(question.lower())))


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


def has_number(text: str) -> bool:
    """Whether the text states an amount, date or count (section numbers and "(1)" markers do not count)."""
    return bool(_DIGIT.search(_SECTION_NUMBER.sub(" ", text)))
