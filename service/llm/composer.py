"""The LLM answer: once the extractive path has found support, the model words the answer from the same sources.

Only the sentences that pass `check_reply` are kept; when none does, when the model declines, or when the
server fails, the extractive draft is used and a Norwegian warning says so. The model's tokens are streamed
as they come: they are provisional, and the final answer (the `answer` event) is what counts.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace

from service.answer.draft import Draft, Statement
from service.answer.settings import AnswerSettings
from service.llm.client import LlmClient, LlmUnavailable
from service.llm.prompt import NO_ANSWER, answer_messages
from service.llm.settings import LlmSettings
from service.llm.verification import check_reply
from service.question.analysis import Question
from service.retrieval.retriever import Retrieval
from vectorstore.models import Hit

UNAVAILABLE = "Språkmodellen svarte ikke; viser utdrag fra kildene i stedet."
DECLINED = "Språkmodellen fant ikke svaret i kildene; viser utdrag fra kildene i stedet."
UNVERIFIED = "Språkmodellens svar kunne ikke verifiseres mot kildene; viser utdrag fra kildene i stedet."


class LlmComposer:
    """Rewrites a supported extractive draft in the model's words, keeping only checked sentences."""

    def __init__(self, client: LlmClient, settings: LlmSettings, answer_settings: AnswerSettings) -> None:
        self.client = client
        self.settings = settings
        self.answer_settings = answer_settings

    def write(self, question: Question, retrieval: Retrieval, fallback: Draft) -> Iterator[str | Draft]:
        """The model's reply in pieces as it streams (provisional), then the checked draft."""
        hits = self.sources(retrieval, fallback)
        pieces: list[str] = []
        try:
            for piece in self.client.stream(answer_messages(question.text, hits)):
                pieces.append(piece)
                yield piece
        except LlmUnavailable:
            yield _with_warning(fallback, UNAVAILABLE)
            return
        yield self.check("".join(pieces), hits, question.topic_terms, fallback)

    def sources(self, retrieval: Retrieval, fallback: Draft) -> list[Hit]:
        """The top answer chunks, plus any chunk the extractive draft quotes that is not among them."""
        hits = list(retrieval.hits[: self.answer_settings.answer_chunks])
        seen = {hit.chunk.id for hit in hits}
        for quote in (quote for statement in fallback.statements for quote in statement.quotes):
            if quote.chunk.id not in seen:
                hits.append(Hit(quote.chunk, quote.score))
                seen.add(quote.chunk.id)
        return hits

    def check(self, reply: str, hits: Sequence[Hit], topic: set[str], fallback: Draft) -> Draft:
        """The reply's checked sentences as a draft, or the fallback with a warning when none remains."""
        if reply.strip().casefold().startswith(NO_ANSWER.rstrip(".").casefold()):
            return _with_warning(fallback, DECLINED)
        statements = _distinct(check_reply(reply, hits, self.settings.min_support, topic))
        if not statements:
            return _with_warning(fallback, UNVERIFIED)
        return Draft(tuple(statements[: self.answer_settings.max_sentences]), support=fallback.support, composer="llm")


def _distinct(statements: Sequence[Statement]) -> list[Statement]:
    """Statements without repeats of the same text, first occurrence kept."""
    distinct: dict[str, Statement] = {}
    for statement in statements:
        distinct.setdefault(statement.text, statement)
    return list(distinct.values())


def _with_warning(draft: Draft, warning: str) -> Draft:
    return replace(draft, warnings=(*draft.warnings, warning))
