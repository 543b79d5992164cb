"""Do the hand-set refusal rules that the refusal model replaced still help on top of it? Measured on validation.

Each rule's verdict on the hand-composed answer is one of the refusal model's signals (its refusal row,
`features.ANSWER_FEATURES`, columns `rule_*`). On top of the model, a rule refuses whatever it fires on, and the model's
threshold is chosen again under the same false-refusal budget, counting the rule's refusals in it: the
rule helps when the two together then refuse more of the removed-passage negatives than the model alone.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from service.answer.features import ANSWER_FEATURES, RULE_REASONS

Row = dict[str, float]


def _fires(reason: str) -> Callable[[Row], bool]:
    """The rule `reason` fired on the hand-composed answer (its column of the refusal row is set)."""
    column = f"rule_{reason}"
    return lambda row: row[column] > 0.0


HAND_RULES: dict[str, Callable[[Row], bool]] = {reason: _fires(reason) for reason in RULE_REASONS}


def threshold_with(probabilities: np.ndarray, negative: np.ndarray, fires: np.ndarray, budget: float) -> float:
    """The highest threshold under which, with the rule's refusals counted, at most `budget` of the
    answerable questions are refused (0.0 when the rule alone spends more than the budget)."""
    answerable = ~negative
    allowed = int(np.floor(budget * answerable.sum())) - int((fires & answerable).sum())
    if allowed < 0:
        return 0.0
    remaining = np.sort(probabilities[answerable & ~fires])
    return float(remaining[allowed]) if allowed < len(remaining) else 1.0


def rules_on_top(rows: np.ndarray, probabilities: np.ndarray, negative: np.ndarray, budget: float) -> dict[str, dict]:
    """For the model alone and for each rule on top of it: false refusal and recall on these rows."""
    named = [dict(zip(ANSWER_FEATURES, row, strict=True)) for row in rows]
    results = {"model": _figures(probabilities, negative, np.zeros(len(rows), dtype=bool), budget)}
    for name, rule in HAND_RULES.items():
        fires = np.array([rule(row) for row in named], dtype=bool)
        results[name] = _figures(probabilities, negative, fires, budget)
    return results


def _figures(probabilities: np.ndarray, negative: np.ndarray, fires: np.ndarray, budget: float) -> dict:
    threshold = threshold_with(probabilities, negative, fires, budget)
    refused = fires | (probabilities < threshold)
    return {
        "fires_on_answerable": round(float(fires[~negative].mean()), 4),
        "fires_on_negatives": round(float(fires[negative].mean()), 4),
        "threshold": round(threshold, 6),
        "false_refusal": round(float(refused[~negative].mean()), 4),
        "refusal_recall": round(float(refused[negative].mean()), 4),
    }
