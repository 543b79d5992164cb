"""What an evaluation suite is: a corpus of chunks, questions with their relevant documents, and the key
that says which document a chunk belongs to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from vectorstore.models import Chunk

DocumentKey = Callable[[Chunk], str]


@dataclass(frozen=True)
class EvalQuery:
    """One question. `relevant` holds document keys; it is empty for a question the corpus cannot answer.

    `exclude` names the sources that hold its answer: asked with them left out, it becomes a question the
    knowledge base cannot answer (a removed-passage negative).
    """

    id: str
    text: str
    relevant: frozenset[str]
    answer_phrase: str | None = None
    kind: str = ""
    exclude: frozenset[str] = frozenset()

    @property
    def answerable(self) -> bool:
        return bool(self.relevant)


@dataclass(frozen=True)
class ValidityCase:
    """A question whose best § carries an announced amendment: the answer citing it must warn."""

    id: str
    text: str
    source: str
    paragraph: str
    amending_ref: str


@dataclass(frozen=True)
class Suite:
    """A corpus and its questions. `headline` names the metric the suite is judged by.

    `index` names the cached index it shares with another suite (norquad-answers asks the norquad index);
    `answers_only` suites measure the answer engine and no retrieval methods; `asks` suites ask the answer
    engine every question (and its removed-passage negative, see `evaluation/answer_benchmark.py`).
    """

    name: str
    chunks: list[Chunk]
    queries: list[EvalQuery]
    key: DocumentKey
    headline: str
    description: str = ""
    validity: list[ValidityCase] = field(default_factory=list)
    index: str = ""
    answers_only: bool = False
    asks: bool = False

    @property
    def index_name(self) -> str:
        return self.index or self.name


def source_key(chunk: Chunk) -> str:
    """The document is the chunk's source file (NorQuAD passage, sample corpus file)."""
    return chunk.source


def section_key(chunk: Chunk) -> str:
    """The document is the (file, §) pair: "lover/lov-2016-06-17-73.md § 12"."""
    return section_label(chunk.source, chunk.paragraph or "")


def section_label(source: str, paragraph: str) -> str:
    return f"{source} § {paragraph}"
