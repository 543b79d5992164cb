"""How one answer came about, for whoever measures the service: not part of the answer contract.

The engine hands an `AnswerTrace` to its `AnswerObserver` after every answer: the seconds of each stage,
the reason it refused (the abstention reason, or `no_citation` when nothing quotable was left), and
what the LLM did when one is configured (`used`, or `fallback` to the extractive answer).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

LlmResult = Literal["used", "fallback"]


@dataclass(frozen=True)
class AnswerTrace:
    seconds: dict[str, float]
    refusal: str | None
    llm: LlmResult | None


class AnswerObserver(Protocol):
    def answered(self, trace: AnswerTrace) -> None:
        """Called once per answer, after it is complete."""


class IgnoreAnswers:
    """The default observer: nothing is measured."""

    def answered(self, trace: AnswerTrace) -> None:
        return None
