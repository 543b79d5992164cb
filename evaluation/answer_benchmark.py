"""Answers judged per question: does the answer hold the gold answer, cite the gold §, refuse when it should?

Every answerable question is asked twice: as it is, and as a **negative** with its own passage (NorQuAD) or
its gold law (law suite) left out of both searches (`EvalQuery.exclude`, filtered by source, nothing
re-embedded): the realistic case of a knowledge base that does not hold the answer. A question of the
corpus suite that the documents cannot answer is asked once and counts as a negative too.

Per answer: the gold answer text (normalised: casefolded, punctuation and markers dropped) is in the answer,
and in its first statement; the answer's length in characters and statements; refused; whether it cites
the gold document (§ for the law suite) and whether retrieval had that document in its top 5.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass

from evaluation.metrics import abstention_precision_recall, mean, percentile
from evaluation.suite import DocumentKey, EvalQuery
from service.answer.contract import Answer
from service.answer.engine import AnswerEngine
from vectorstore.store import KnowledgeStore

_MARKERS = re.compile(r"(?:\s*\[\d+\])+")
_NOT_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class AnswerOutcome:
    """One asked question. Fields that do not apply (the gold answer of a negative) are None."""

    id: str
    negative: bool
    refused: bool
    chars: int
    statements: int
    ms: float
    retrieve_ms: float
    gold_in_answer: bool | None = None
    gold_in_first: bool | None = None
    cites_gold: bool | None = None
    gold_in_top5: bool | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def normalise_answer(text: str) -> str:
    """Casefolded words separated by single spaces, without [n] markers: "62,9 mill. [1]" -> "62 9 mill"."""
    return " ".join(_NOT_WORD.sub(" ", _MARKERS.sub(" ", text)).casefold().split())


def contains(text: str, gold: str) -> bool:
    """Whether the normalised gold answer occurs in the normalised text as whole words."""
    wanted = normalise_answer(gold)
    return bool(wanted) and f" {wanted} " in f" {normalise_answer(text)} "


def statements(answer: Answer) -> list[str]:
    """The answer's statements: its text cut after each group of [n] markers (none when it refused)."""
    if answer.abstained:
        return []
    return [part.strip() for part in _MARKERS.split(answer.answer) if part.strip()]


def ask_all(
    engine: AnswerEngine,
    queries: Sequence[EvalQuery],
    key: DocumentKey,
    store: KnowledgeStore,
    top5: Callable[[EvalQuery], bool | None] = lambda query: None,
) -> list[AnswerOutcome]:
    """Each answerable question as it is and with its `exclude` sources left out; each unanswerable one once."""
    if queries:
        engine.ask(queries[0].text)  # warm-up: lazy loading is not latency
    outcomes = []
    for query in queries:
        if query.answerable:
            outcomes.append(_judged(engine, query, key, store, top5(query), negative=False))
        if query.exclude or not query.answerable:
            outcomes.append(_judged(engine, query, key, store, None, negative=True))
    return outcomes


def _judged(
    engine: AnswerEngine, query: EvalQuery, key: DocumentKey, store: KnowledgeStore, top5: bool | None, negative: bool
) -> AnswerOutcome:
    started = time.perf_counter()
    answer = engine.ask(query.text, exclude=query.exclude if negative else ())
    ms = (time.perf_counter() - started) * 1000
    said = statements(answer)
    outcome = AnswerOutcome(
        id=query.id,
        negative=negative,
        refused=answer.abstained,
        chars=0 if answer.abstained else len(_MARKERS.sub("", answer.answer).strip()),
        statements=len(said),
        ms=round(ms, 2),
        retrieve_ms=answer.timings_ms.get("retrieve", 0.0),
    )
    if negative or not query.answerable:
        return outcome
    cited = {key(chunk) for chunk in store.get([citation.chunk_id for citation in answer.citations])}
    gold = query.answer_phrase
    return AnswerOutcome(
        **{
            **outcome.as_dict(),
            "gold_in_answer": None if gold is None else bool(said) and contains(" ".join(said), gold),
            "gold_in_first": None if gold is None else bool(said) and contains(said[0], gold),
            "cites_gold": bool(cited & query.relevant),
            "gold_in_top5": top5,
        }
    )


def summary(outcomes: Sequence[AnswerOutcome]) -> dict[str, float | int]:
    """The suite's answer figures over its outcomes (rates over the questions each applies to)."""
    answerable = [o for o in outcomes if not o.negative]
    answered = [o for o in answerable if not o.refused]
    figures: dict[str, float | int] = {"answerable": len(answerable), "negatives": len(outcomes) - len(answerable)}
    with_gold = [o for o in answerable if o.gold_in_answer is not None]
    if with_gold:
        figures["gold_in_answer"] = _rate(o.gold_in_answer for o in with_gold)
        figures["gold_in_first_statement"] = _rate(o.gold_in_first for o in with_gold)
    found = [o for o in answerable if o.gold_in_top5]
    if found:
        figures["gold_top5"] = len(found)
        figures["cites_gold_when_top5"] = _rate(o.cites_gold for o in found)
    figures["false_refusal"] = _rate(o.refused for o in answerable)
    if len(outcomes) > len(answerable):
        precision, recall = abstention_precision_recall([o.refused for o in outcomes], [o.negative for o in outcomes])
        figures["refusal_precision"] = round(precision, 4)
        figures["refusal_recall"] = round(recall, 4)
    figures["median_chars"] = round(percentile([float(o.chars) for o in answered], 50), 1)
    figures["mean_statements"] = round(mean([float(o.statements) for o in answered]), 2)
    figures["p50_ms"] = round(percentile([o.ms for o in answerable], 50), 1)
    figures["p50_retrieve_ms"] = round(percentile([o.retrieve_ms for o in answerable], 50), 1)
    return figures


def _rate(values: Iterable[bool | None]) -> float:
    flags = [bool(value) for value in values]
    return round(sum(flags) / len(flags), 4) if flags else 0.0
