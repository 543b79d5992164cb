"""The training command's choices that need no data from ../shared: the refusal threshold under a false-refusal
budget, a hand rule on top of the model, and which written law questions train and which validate."""

from __future__ import annotations

import json

import numpy as np

from evaluation.hand_rules import threshold_with
from evaluation.train import refusal_threshold
from evaluation.training_data import TRAINING_DIR, law_files, law_questions


def test_the_threshold_refuses_at_most_the_budget_of_answerable_questions():
    probabilities = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.05, 0.15])
    negative = np.array([False] * 10 + [True, True])
    threshold = refusal_threshold(probabilities, negative, budget=0.1)
    refused = probabilities < threshold
    assert refused[~negative].sum() == 1  # 10% of the 10 answerable questions
    assert refused[negative].all()


def test_a_rule_that_fires_on_answerable_questions_spends_the_budget():
    probabilities = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.05, 0.15])
    negative = np.array([False] * 10 + [True, True])
    fires = np.zeros(12, dtype=bool)
    fires[9] = True  # one answerable question the rule refuses: the model may refuse none
    assert threshold_with(probabilities, negative, fires, budget=0.1) == 0.1
    assert threshold_with(probabilities, negative, np.zeros(12, dtype=bool), budget=0.1) == 0.2


def test_law_questions_split_by_law_and_hold_their_answer_file():
    files = law_files()
    train, validation = law_questions("train"), law_questions("validation")
    assert len(train) + len(validation) == len((TRAINING_DIR / "law_questions.jsonl").read_text().splitlines())
    assert {q.source for q in validation} == set(files["validation"])
    assert not {q.source for q in train} & set(files["validation"])
    gold = json.loads((TRAINING_DIR.parent / "gold" / "law_corpus.json").read_text(encoding="utf-8"))
    assert not set(files["answering"] + files["distractors"]) & set(gold["core"] + gold["distractors"])
