"""The questions both systems are asked: the team's law questions and NorQuAD's, distinct, in a seeded order.

Every server process walks the same sequence from its start, so Kildesvar and the peer get the same
questions in the same order, and no question repeats within a process until the pool is used up (a cache of
question embeddings would otherwise give one side answers the other has to compute).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from evaluation.norquad import norquad_dir
from evaluation.suites import GOLD_DIR

QUESTION_SEED = 13
_GOLD_FILES = ("law.jsonl", "validity.jsonl")


@dataclass(frozen=True)
class QuestionPool:
    questions: tuple[str, ...]
    law: int
    norquad: int

    def describe(self) -> dict[str, int | str]:
        return {"distinct": len(self.questions), "law_gold": self.law, "norquad": self.norquad, "seed": QUESTION_SEED}

    def walk(self) -> Iterator[str]:
        """The pool from its start, round and round."""
        while True:
            yield from self.questions


def load_questions(shared_dir: Path) -> QuestionPool:
    """The law gold questions (`law.jsonl`, `validity.jsonl`) and every NorQuAD annotation question, shuffled."""
    law = _gold_questions()
    norquad = _norquad_questions(norquad_dir(shared_dir))
    pool = list(dict.fromkeys([*law, *norquad]))
    random.Random(QUESTION_SEED).shuffle(pool)
    return QuestionPool(tuple(pool), law=len(law), norquad=len(pool) - len(law))


def _gold_questions() -> list[str]:
    return [
        json.loads(line)["question"]
        for name in _GOLD_FILES
        for line in (GOLD_DIR / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def _norquad_questions(root: Path) -> list[str]:
    """The questions of NorQuAD's annotation files (none when NorQuAD is absent)."""
    questions: list[str] = []
    for path in sorted((root / "data" / "annotation").glob("*/answers_*.json")):
        for article in json.loads(path.read_text(encoding="utf-8"))["data"]:
            questions.extend(qa["question"].strip() for paragraph in article["paragraphs"] for qa in paragraph["qas"])
    return [question for question in questions if question]
