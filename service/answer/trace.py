"""How one answer came about, for whoever measures the service: not part of the answer contract.

The engine hands an `AnswerTrace` to its `AnswerObserver` after every answer: the seconds of each stage,
the reason it refused (the abstention reason, or `no_citation` when nothing quotable was left), what the
LLM did when one is configured (`used`, or `fallback` to the extractive answer), and for the question log
(`service.questions`) the question as asked, the sources the answer cites and the front door it came
through. Several observers share the hook through `AnswerObservers`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

LlmResult = Literal["used", "fallback"]
Channel = Literal["api", "widget", "slack", "teams"]


@dataclass(frozen=True)
class AnswerTrace:
    seconds: dict[str, float]
    refusal: str | None
    llm: LlmResult | None
    question: str = ""
    sources: tuple[str, ...] = ()  # the cited sources, in citation order, each once
    channel: Channel = "api"


class AnswerObserver(Protocol):
    def answered(self, trace: AnswerTrace) -> None:
        """Called once per answer, after it is complete."""


class IgnoreAnswers:
    """The default observer: nothing is measured."""

    def answered(self, trace: AnswerTrace) -> None:
        return None


class AnswerObservers:
    """Several observers on the one hook (metrics and the question log), called in order."""

    def __init__(self, observers: Sequence[AnswerObserver]) -> None:
        self.observers = tuple(observers)

    def answered(self, trace: AnswerTrace) -> None:
        for observer in self.observers:
            observer.answered(trace)
