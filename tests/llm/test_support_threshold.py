"""The default support threshold is the measured one.

tests/llm/support_set.jsonl holds 136 sentences written the way a model answers, each citing a chunk cut
from corpus/: 84 that the chunk supports (close and free paraphrases) and 52 that it does not (invented
facts in the chunk's words, wrong numbers, a true sentence citing the wrong chunk, hostile echoes).
Support is the share of the sentence's analysed terms found in the chunk (a compound part counts half),
and every number must occur in the chunk. Kept supported / kept unsupported by threshold:
0.50: 84/84, 14/52; 0.55 and 0.60: 84/84, 8/52; 0.65: 84/84, 6/52 (accuracy 0.956, the best);
0.70: 81/84, 5/52; 0.75: 80/84, 3/52. Without the number check 0.65 keeps 7/52. The 6 left are claims
that reuse the chunk's words with a changed meaning ("må betale", "bare for ledere", "har falt"), which
no term overlap can see.
"""

from __future__ import annotations

import json
from pathlib import Path

from service.llm.settings import LlmSettings
from service.llm.verification import is_supported

SUPPORT_SET = Path(__file__).parent / "support_set.jsonl"
GRID = [round(0.05 * step, 2) for step in range(4, 19)]


def load_set() -> list[dict]:
    return [json.loads(line) for line in SUPPORT_SET.read_text(encoding="utf-8").splitlines()]


def kept_shares(rows: list[dict], threshold: float) -> tuple[float, float]:
    """(share of supported sentences kept, share of unsupported sentences kept)."""
    supported = [is_supported(row["sentence"], row["chunk"], threshold) for row in rows if row["supported"]]
    unsupported = [is_supported(row["sentence"], row["chunk"], threshold) for row in rows if not row["supported"]]
    return sum(supported) / len(supported), sum(unsupported) / len(unsupported)


def accuracy(rows: list[dict], threshold: float) -> float:
    correct = sum(is_supported(row["sentence"], row["chunk"], threshold) == row["supported"] for row in rows)
    return correct / len(rows)


def test_support_set_has_both_kinds_from_the_corpus():
    rows = load_set()
    assert sum(row["supported"] for row in rows) >= 80 and sum(not row["supported"] for row in rows) >= 50
    corpus = {path.name for path in (Path(__file__).parents[2] / "corpus").iterdir()}
    assert {row["chunk_id"].split("#")[0] for row in rows} <= corpus


def test_default_threshold_is_the_most_accurate_on_the_support_set():
    rows = load_set()
    default = LlmSettings().min_support
    best = max(accuracy(rows, threshold) for threshold in GRID)
    assert accuracy(rows, default) == best
    assert min(threshold for threshold in GRID if accuracy(rows, threshold) == best) == default


def test_default_threshold_keeps_supported_and_drops_most_unsupported_sentences():
    kept_supported, kept_unsupported = kept_shares(load_set(), LlmSettings().min_support)
    assert kept_supported == 1.0
    assert kept_unsupported <= 0.12
