"""Answer-level metrics of the corpus suite: does the quoted text hold the answer, is every quote a verbatim span
of its stored chunk that supports the sentence citing it, is every citation used, and does the engine abstain
exactly when it should."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict

from evaluation.answer_text import text_defects
from evaluation.metrics import abstention_precision_recall, mean
from evaluation.suite import EvalQuery
from service.answer.contract import Answer, Citation
from service.answer.engine import AnswerEngine
from vectorstore.store import KnowledgeStore

_MARKER = re.compile(r"\[(\d+)\]")
_CITED_STATEMENT = re.compile(r"(.*?)((?:\s*\[\d+\])+)", re.DOTALL)


def normalise(text: str) -> str:
    """Casefolded with runs of whitespace as one space, so a phrase broken across lines still matches."""
    return re.sub(r"\s+", " ", text).strip().casefold()


def phrase_in_quotes(answer: Answer, phrase: str) -> bool:
    return any(normalise(phrase) in normalise(citation.quote) for citation in answer.citations)


def verbatim_quotes(answers: Sequence[Answer], store: KnowledgeStore) -> tuple[int, int]:
    """(quotes that are verbatim spans of their stored chunk's text, all quotes)."""
    citations = [citation for answer in answers for citation in answer.citations]
    texts = _stored_texts(citations, store)
    verbatim = sum(citation.quote in texts.get(citation.chunk_id, "") for citation in citations)
    return verbatim, len(citations)


def _stored_texts(citations: Sequence[Citation], store: KnowledgeStore) -> dict[str, str]:
    """Chunk id -> the stored text of every chunk these citations point to, fetched in one call."""
    return {chunk.id: chunk.text for chunk in store.get(sorted({citation.chunk_id for citation in citations}))}


def phrase_citations(answer: Answer, phrase: str) -> list[Citation]:
    """The citations marked on the answer's statements that state the phrase ("... 500 000 kroner. [2]")."""
    by_number = {citation.n: citation for citation in answer.citations}
    cited: dict[int, Citation] = {}
    for statement, markers in _CITED_STATEMENT.findall(answer.answer):
        if normalise(phrase) in normalise(statement):
            for n in _MARKER.findall(markers):
                if int(n) in by_number:
                    cited[int(n)] = by_number[int(n)]
    return list(cited.values())


def citation_validity(pairs: Sequence[tuple[Answer, str]], store: KnowledgeStore) -> tuple[int, int]:
    """(quotes that are verbatim spans of their chunk and contain the phrase they are cited for, such quotes).

    Only the quotes marked on a statement that states the answer phrase count: those are the ones a reader
    relies on for the answer.
    """
    cited = [(citation, phrase) for answer, phrase in pairs for citation in phrase_citations(answer, phrase)]
    texts = _stored_texts([citation for citation, _phrase in cited], store)
    valid = sum(
        citation.quote in texts.get(citation.chunk_id, "") and normalise(phrase) in normalise(citation.quote)
        for citation, phrase in cited
    )
    return valid, len(cited)


def unused_citations(answer: Answer) -> int:
    """Citations no `[n]` marker points to, plus markers that point to no citation."""
    markers = {int(n) for n in _MARKER.findall(answer.answer)}
    numbers = {citation.n for citation in answer.citations}
    return len(numbers - markers) + len(markers - numbers)


def answer_metrics(engine: AnswerEngine, queries: Sequence[EvalQuery], store: KnowledgeStore) -> dict[str, float | int]:
    """Ask every question; rates over the answerable ones with a phrase, abstention over all of them."""
    answers = [engine.ask(query.text) for query in queries]
    verbatim, quotes = verbatim_quotes(answers, store)
    with_phrase = [(query, answer) for query, answer in zip(queries, answers, strict=True) if query.answer_phrase]
    precision, recall = abstention_precision_recall(
        [answer.abstained for answer in answers], [not query.answerable for query in queries]
    )
    answerable = [answer for query, answer in zip(queries, answers, strict=True) if query.answerable]
    valid, phrase_quotes = citation_validity([(a, q.answer_phrase or "") for q, a in with_phrase], store)
    return {
        "phrase_in_quote": round(mean([float(phrase_in_quotes(a, q.answer_phrase or "")) for q, a in with_phrase]), 4),
        "phrase_in_answer": round(
            mean([float(normalise(q.answer_phrase or "") in normalise(a.answer)) for q, a in with_phrase]), 4
        ),
        "abstention_precision": round(precision, 4),
        "abstention_recall": round(recall, 4),
        "answerable_abstained": round(mean([float(answer.abstained) for answer in answerable]), 4),
        "quotes_verbatim": round(verbatim / quotes, 4) if quotes else 1.0,
        "citation_validity": round(valid / phrase_quotes, 4) if phrase_quotes else 1.0,
        "unused_citations": sum(unused_citations(answer) for answer in answers),
        **asdict(text_defects(answers, store)),
    }
