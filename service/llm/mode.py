"""The LLM mode of the answer engine: its composer and follow-up rewriter, created only when configured."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from service.answer.contract import Turn
from service.answer.draft import Draft
from service.answer.settings import AnswerSettings
from service.llm.settings import LlmSettings
from service.question.analysis import Question
from service.retrieval.retriever import Retrieval

if TYPE_CHECKING:
    from service.llm.composer import LlmComposer
    from service.llm.rewriting import QuestionRewriter


@dataclass(frozen=True)
class LlmMode:
    """What the engine does differently with a model: word the answer, and rewrite follow-ups (optional)."""

    composer: LlmComposer
    rewriter: QuestionRewriter | None

    def rewrite(self, question: str, history: Sequence[Turn]) -> str | None:
        """The follow-up as a standalone question, or None to carry the earlier terms instead."""
        return self.rewriter.rewrite(question, history) if self.rewriter else None

    def write(self, question: Question, retrieval: Retrieval, fallback: Draft) -> Iterator[str | Draft]:
        """The model's answer from the sources, every sentence checked (`LlmComposer.write`)."""
        return self.composer.write(question, retrieval, fallback)


def create_llm_mode(settings: LlmSettings | None, answer_settings: AnswerSettings) -> LlmMode | None:
    """The LLM mode, or None when no LLM is configured (`KILDESVAR_LLM_BASE_URL` unset)."""
    if settings is None or not settings.enabled:
        return None
    # Imported only now: the OpenAI client library takes about a second to import, which every start of a
    # service without an LLM would otherwise pay.
    from service.llm.client import LlmClient
    from service.llm.composer import LlmComposer
    from service.llm.rewriting import QuestionRewriter

    client = LlmClient(settings)
    rewriter = QuestionRewriter(client) if settings.rewrite_followups else None
    return LlmMode(LlmComposer(client, settings, answer_settings), rewriter)
