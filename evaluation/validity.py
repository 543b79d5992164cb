"""Validity metrics of the law suite: does an answer that rests on an amended or repealed § say so?

For each question of `gold/validity.jsonl` the answer engine answers over the suite's store. A question counts
as warned when the answer cites the gold (file, §) and one of its warnings names that §; the amending act
counts as cited when some citation comes from the act the gold names. `cited_without_warning` counts answers
that cite the gold § and say nothing about its amendment: the failure the warnings exist to prevent.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from evaluation.metrics import mean
from evaluation.suite import ValidityCase
from service.answer.contract import Answer
from service.answer.engine import AnswerEngine
from vectorstore.store import KnowledgeStore


@dataclass(frozen=True)
class ValidityOutcome:
    gold_cited: bool
    warned: bool
    amending_act_cited: bool


def names_paragraph(warning: str, paragraph: str) -> bool:
    """'§ 1-1' in the warning, not as the start of '§ 1-10' or '§ 11'."""
    return re.search(rf"§ {re.escape(paragraph)}(?![\w-])", warning) is not None


def judge(case: ValidityCase, answer: Answer, store: KnowledgeStore) -> ValidityOutcome:
    cited = store.get([citation.chunk_id for citation in answer.citations])
    gold_cited = any(chunk.source == case.source and chunk.paragraph == case.paragraph for chunk in cited)
    return ValidityOutcome(
        gold_cited=gold_cited,
        warned=gold_cited and any(names_paragraph(warning, case.paragraph) for warning in answer.warnings),
        amending_act_cited=any(chunk.refid == case.amending_ref for chunk in cited),
    )


def validity_metrics(
    engine: AnswerEngine, cases: Sequence[ValidityCase], store: KnowledgeStore
) -> dict[str, float | int]:
    outcomes = [judge(case, engine.ask(case.text), store) for case in cases]
    return {
        "validity_questions": len(outcomes),
        "validity_gold_cited": round(mean([float(outcome.gold_cited) for outcome in outcomes]), 4),
        "validity_warning_recall": round(mean([float(outcome.warned) for outcome in outcomes]), 4),
        "amending_act_cited": round(mean([float(outcome.amending_act_cited) for outcome in outcomes]), 4),
        "cited_without_warning": sum(outcome.gold_cited and not outcome.warned for outcome in outcomes),
    }
