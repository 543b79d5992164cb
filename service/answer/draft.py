"""What a composer hands back: statements, each resting on verbatim quotes of retrieved chunks.

The `Composer` protocol is the seam between retrieval and the answer: the extractive composer picks
sentences; an LLM composer may write its own statements, but must still tie each one to quotes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from service.question.analysis import Question
from service.retrieval.retriever import Retrieval
from vectorstore.models import Chunk

ComposerKind = Literal["extractive", "llm"]


@dataclass(frozen=True)
class Quote:
    """chunk.text[start:end], the exact passage a statement rests on."""

    chunk: Chunk
    start: int
    end: int
    score: float

    @property
    def text(self) -> str:
        return self.chunk.text[self.start : self.end]


@dataclass(frozen=True)
class Statement:
    """One sentence of the answer and every quote that supports it (several documents may say the same)."""

    text: str
    quotes: tuple[Quote, ...]
    support: float = 1.0  # share (0-1) of the question's key terms the statement covers with its heading
    context: str = ""  # the start of `text` shown only so that the rest reads ("Helt siden 2020 ... . I vår ...")

    @property
    def claim(self) -> str:
        """What the statement itself says: its text without the context it brings along."""
        return self.text[len(self.context) :].lstrip()


@dataclass(frozen=True)
class Draft:
    """Statements in answer order; `support` (0-1) says how well the best one covers the question."""

    statements: tuple[Statement, ...] = ()
    support: float = 0.0
    judged: bool = False  # the composer has judged whether to refuse it: `refusal` is then the verdict
    refusal: str | None = None  # why to refuse (None: show it), when `judged`
    warnings: tuple[str, ...] = ()  # notes from composition shown with the answer (e.g. an LLM fallback)
    composer: ComposerKind = "extractive"  # who wrote the statements: sentences copied, or a language model

    @property
    def empty(self) -> bool:
        return not self.statements


class Composer(Protocol):
    """Turns a question and its retrieval into a draft answer."""

    def compose(self, question: Question, retrieval: Retrieval) -> Draft: ...
