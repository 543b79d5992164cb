"""Answer figures against a baseline report (`kildesvar eval --baseline OLD.json`), each with a 95% interval.

The two reports must have asked the same questions (matched by id and by whether the question was a
negative). Each figure is recomputed on 10 000 resamples of the questions, the same draw for both reports
(a question's answerable and negative asking are drawn together), and the interval is the percentile
interval of the difference: how much the change depends on which questions happened to be asked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from evaluation.answer_benchmark import AnswerOutcome
from evaluation.metrics import paired_bootstrap_statistic
from evaluation.report import EvalReport

Rows = dict[str, np.ndarray]
Figure = Callable[[Rows, np.ndarray], float]


def _rate(flag: str, where: Callable[[Rows], np.ndarray]) -> Figure:
    def figure(rows: Rows, weights: np.ndarray) -> float:
        mask = where(rows) * weights
        return float((rows[flag] * mask).sum() / mask.sum()) if mask.sum() else 0.0

    return figure


def _answerable(rows: Rows) -> np.ndarray:
    return 1.0 - rows["negative"]


def _refusal_precision(rows: Rows, weights: np.ndarray) -> float:
    refused = rows["refused"] * weights
    return float((refused * rows["negative"]).sum() / refused.sum()) if refused.sum() else 0.0


def _median_chars(rows: Rows, weights: np.ndarray) -> float:
    answered = (_answerable(rows) * (1.0 - rows["refused"]) * weights).astype(int)
    values = np.repeat(rows["chars"], answered)
    return float(np.median(values)) if len(values) else 0.0


FIGURES: dict[str, Figure] = {
    "gold_in_answer": _rate("gold_in_answer", lambda rows: _answerable(rows) * rows["has_gold"]),
    "gold_in_first_statement": _rate("gold_in_first", lambda rows: _answerable(rows) * rows["has_gold"]),
    "cites_gold_when_top5": _rate("cites_gold", lambda rows: _answerable(rows) * rows["gold_in_top5"]),
    "false_refusal": _rate("refused", _answerable),
    "refusal_precision": _refusal_precision,
    "refusal_recall": _rate("refused", lambda rows: rows["negative"]),
    "median_chars": _median_chars,
}


def _rows(outcomes: Sequence[AnswerOutcome], order: Sequence[tuple[str, bool]]) -> Rows:
    by_key = {(outcome.id, outcome.negative): outcome for outcome in outcomes}
    picked = [by_key[key] for key in order]
    return {
        "negative": np.array([o.negative for o in picked], dtype=float),
        "refused": np.array([o.refused for o in picked], dtype=float),
        "chars": np.array([o.chars for o in picked], dtype=float),
        "has_gold": np.array([o.gold_in_answer is not None for o in picked], dtype=float),
        "gold_in_answer": np.array([bool(o.gold_in_answer) for o in picked], dtype=float),
        "gold_in_first": np.array([bool(o.gold_in_first) for o in picked], dtype=float),
        "cites_gold": np.array([bool(o.cites_gold) for o in picked], dtype=float),
        "gold_in_top5": np.array([bool(o.gold_in_top5) for o in picked], dtype=float),
    }


def against_baseline(ours: Sequence[AnswerOutcome], theirs: Sequence[AnswerOutcome]) -> list[dict]:
    """Each figure that applies: ours, the baseline's, the difference and its 95% paired-bootstrap interval."""
    shared = sorted({(o.id, o.negative) for o in ours} & {(o.id, o.negative) for o in theirs})
    if not shared:
        return []
    questions = sorted({question for question, _negative in shared})
    group = np.array([questions.index(question) for question, _negative in shared])
    mine, baseline = _rows(ours, shared), _rows(theirs, shared)
    results = []
    for name, figure in FIGURES.items():
        if name == "cites_gold_when_top5" and not mine["gold_in_top5"].any():
            continue
        if name.startswith("gold_in") and not mine["has_gold"].any():
            continue
        if name.startswith("refusal") and not mine["negative"].any():
            continue
        low, high = paired_bootstrap_statistic(len(questions), _difference(figure, mine, baseline, group))
        ones = np.ones(len(shared))
        value, before = figure(mine, ones), figure(baseline, ones)
        results.append(
            {
                "figure": name,
                "ours": round(value, 4),
                "baseline": round(before, 4),
                "difference": round(value - before, 4),
                "interval_95": [round(low, 4), round(high, 4)],
            }
        )
    return results


def compare_with(report: EvalReport, earlier: dict) -> None:
    """Fill each suite's `baseline` rows from an earlier report's answer outcomes for the same suite."""
    for suite in report.suites:
        theirs = outcomes_from_report(earlier, suite.name)
        if suite.answer_outcomes and theirs:
            suite.baseline = against_baseline(suite.answer_outcomes, theirs)


def _difference(figure: Figure, mine: Rows, baseline: Rows, group: np.ndarray) -> Callable[[np.ndarray], float]:
    """The figure's difference for question weights (each asking weighs as much as its question)."""
    return lambda weights: figure(mine, weights[group]) - figure(baseline, weights[group])


def outcomes_from_report(report: dict, suite: str) -> list[AnswerOutcome]:
    """The answer outcomes a JSON report stored for one suite (none when it did not run it)."""
    for stored in report.get("suites", []):
        if stored.get("name") == suite:
            return [AnswerOutcome(**row) for row in stored.get("answer_outcomes", [])]
    return []
