"""Follow-up questions made standalone by the model before retrieval ("Og for bygge- og anleggskontrakter?").

A rewrite is used only when it looks like one question and keeps the follow-up's own key terms; otherwise
(and when the server fails) the caller falls back to carrying the earlier questions' terms into retrieval.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from service.answer.contract import MAX_QUESTION_CHARS, Turn
from service.llm.client import LlmClient, LlmUnavailable
from service.llm.prompt import rewrite_messages
from service.question.terms import term_match
from vectorstore.analyzer import analyze

logger = logging.getLogger(__name__)

_LABEL = re.compile(r"^(?:omskrevet spørsmål|spørsmål)\s*:\s*", re.IGNORECASE)
_QUOTES = "\"'«»“”"
# Share of the follow-up's own terms the rewrite must keep: a rewrite that drops them answers something else.
_MIN_KEPT_TERMS = 0.5


class QuestionRewriter:
    """Standalone questions from follow-ups, by the model."""

    def __init__(self, client: LlmClient) -> None:
        self.client = client

    def rewrite(self, question: str, history: Sequence[Turn]) -> str | None:
        """The follow-up as a standalone question, or None when there is no history or no usable rewrite."""
        if not history:
            return None
        try:
            reply = self.client.complete(rewrite_messages(question, history))
        except LlmUnavailable:
            return None
        rewritten = _first_line(reply)
        if not _usable(rewritten, question):
            logger.info("Discarded the model's rewrite of a follow-up question")
            return None
        return rewritten


def _first_line(reply: str) -> str:
    line = next((line for line in reply.splitlines() if line.strip()), "")
    return _LABEL.sub("", line.strip()).strip(_QUOTES).strip()


def _usable(rewritten: str, question: str) -> bool:
    if not rewritten or len(rewritten) > MAX_QUESTION_CHARS:
        return False
    own = set(analyze(question))
    if not own:
        return True
    kept = set(analyze(rewritten))
    return sum(term_match(term, kept) for term in own) / len(own) >= _MIN_KEPT_TERMS
