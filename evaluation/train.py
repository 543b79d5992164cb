"""`kildesvar train`: fit the sentence and refusal models on NorQuAD and write them to service/answer/models/.

Data (`evaluation/training_data.py`): the train questions (annotation questions on passages without test
questions) teach; the validation questions choose the regularisation and the refusal threshold; the test
split is left to `kildesvar eval`. Each question is also asked with its own passage left out.

- Sentence model: every sayable sentence the hand-set composer weighs for an answerable question (the same
  candidates, with its score, rank and choice among the features); label = the sentence is from the
  question's passage and what it shows holds the gold answer text. LightGBM (gradient-boosted trees).
- Refusal model: one row per asked question (answerable and removed-passage negative), from its candidates
  ranked by a sentence model that did not see the question's passage (5 folds by passage, so the rows look
  like those of new questions), with the hand-set refusal rule that fires on the hand-composed answer among
  the features; label = the question is answerable. A logistic regression. The threshold is the highest
  whose false refusal on the validation questions stays within `MAX_FALSE_REFUSAL` (the issue's target): it
  refuses as many negatives as that budget allows.

Questions the hand-set composer finds nothing to say for (refused as `no_statement` either way), § references
and English questions (which the learned path leaves to the rules) are not learned from.

Fixed seed; models stored as JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import lightgbm
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss

from evaluation.answer_benchmark import contains
from evaluation.hand_rules import rules_on_top
from evaluation.training_data import Asked
from service.answer.abstention import abstention_reason
from service.answer.candidates import Candidate
from service.answer.extractive import ExtractiveComposer, Weighed
from service.answer.features import ANSWER_FEATURES, FEATURES, answer_features, set_sentence_features
from service.answer.learned import BoostedTrees, LogisticModel, rank_by
from service.answer.settings import AnswerSettings
from service.question.analysis import Question, analyse

SEED = 0
FOLDS = 5
MAX_FALSE_REFUSAL = 0.05  # the target on NorQuAD
MAX_LAW_FALSE_REFUSAL = 0.10  # the target on answerable law questions
LAW_WEIGHT = 20.0  # a written law question weighs as this many NorQuAD questions (60 against 3,198)
_CHECK_ROWS = 8
_CHECK_STRIDE = 97
_C_GRID = (0.01, 0.1, 1.0, 10.0)
_TREES: dict[str, Any] = {
    "n_estimators": 300,
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_child_samples": 20,
    "subsample": 0.8,
    "subsample_freq": 1,
    "colsample_bytree": 0.8,
    "random_state": SEED,
    "n_jobs": 1,
    "verbose": -1,
}
Progress = Callable[[str], None]


@dataclass
class Rows:
    """Feature rows with labels, which example each row belongs to, and each row's weight."""

    x: np.ndarray
    y: np.ndarray
    group: np.ndarray
    weight: np.ndarray


@dataclass(frozen=True)
class Example:
    """One asked question with the hand-set composer's candidates, which of them hold the gold answer, and the
    hand-set refusal rule that fires on the hand-composed answer."""

    asked: Asked
    question: Question
    weighed: Weighed
    rule: str | None
    holds: np.ndarray

    @property
    def found(self) -> list[Candidate]:
        return self.weighed.found


def examples(asked: Sequence[Asked], settings: AnswerSettings) -> list[Example]:
    """The candidates of every asked question the learned path answers, as the answer engine sees them."""
    composer = ExtractiveComposer(settings)
    result = []
    for item in asked:
        question = analyse(item.question.text)
        weighed = composer.weigh(question, item.retrieval)
        if weighed is None or not weighed.learnable:
            continue
        rule = abstention_reason(question, item.retrieval, weighed.draft, settings)
        set_sentence_features(weighed.found, weighed.chosen, question, weighed.terms, item.retrieval)
        gold = item.question
        holds = np.array(
            [
                not item.negative and c.chunk.source == gold.source and contains(c.shown.shown, gold.answer)
                for c in weighed.found
            ],
            dtype=bool,
        )
        result.append(Example(item, question, weighed, rule, holds))
    return result


def sentence_rows(data: Sequence[Example]) -> Rows:
    kept = [(i, example) for i, example in enumerate(data) if not example.asked.negative and example.found]
    return Rows(
        x=np.vstack([[c.features for c in example.found] for _i, example in kept]),
        y=np.concatenate([example.holds for _i, example in kept]),
        group=np.concatenate([[i] * len(example.found) for i, example in kept]),
        weight=np.concatenate([[weight_of(example)] * len(example.found) for _i, example in kept]),
    )


def is_law(example: Example) -> bool:
    return example.asked.question.id.startswith("law-")


def weight_of(example: Example) -> float:
    return LAW_WEIGHT if is_law(example) else 1.0


def fit_trees(rows: Rows, about: dict) -> BoostedTrees:
    fitted = lightgbm.LGBMClassifier(**_TREES).fit(rows.x, rows.y, sample_weight=rows.weight)
    return BoostedTrees(FEATURES, fitted.booster_.model_to_string(), {**about, "parameters": _TREES})


def fit_logistic(train: Rows, validation: Rows, features: Sequence[str], about: dict) -> LogisticModel:
    """The regularisation with the lowest validation log-loss, fitted on the training rows."""
    mean = train.x.mean(axis=0)
    scale = train.x.std(axis=0)
    scale[scale == 0] = 1.0
    scored = []
    for c in _C_GRID:
        fitted = LogisticRegression(C=c, max_iter=5000, random_state=SEED)
        fitted.fit((train.x - mean) / scale, train.y, sample_weight=train.weight)
        predicted = fitted.predict_proba((validation.x - mean) / scale)[:, 1]
        loss = log_loss(validation.y, predicted, sample_weight=validation.weight, labels=[0, 1])
        scored.append((loss, c, fitted))
    loss, c, fitted = min(scored, key=lambda item: item[0])
    return LogisticModel(
        features=tuple(features),
        mean=mean,
        scale=scale,
        coefficients=fitted.coef_[0],
        intercept=float(fitted.intercept_[0]),
        about={**about, "C": c, "validation_log_loss": round(loss, 4)},
    )


def out_of_fold_scores(data: Sequence[Example], progress: Progress) -> list[np.ndarray]:
    """Each example's candidate scores from a sentence model trained without its passage (folds by passage)."""
    sources = sorted({example.asked.question.source for example in data})
    fold_of = {source: i % FOLDS for i, source in enumerate(sources)}
    scores: list[np.ndarray] = [np.zeros(0)] * len(data)
    for fold in range(FOLDS):
        progress(f"refusal rows: sentence model {fold + 1} of {FOLDS}")
        inside = [e for e in data if fold_of[e.asked.question.source] != fold]
        model = fit_trees(sentence_rows(inside), {})
        for i, example in enumerate(data):
            if fold_of[example.asked.question.source] == fold:
                scores[i] = model.probabilities([c.features for c in example.found])
    return scores


def refusal_rows(data: Sequence[Example], scores: Sequence[np.ndarray]) -> Rows:
    rows, labels, groups, weights = [], [], [], []
    for i, (example, example_scores) in enumerate(zip(data, scores, strict=True)):
        weighed = example.weighed
        ranked = rank_by(example.found, example_scores)
        support = weighed.chosen[0].support
        retrieval = example.asked.retrieval
        rows.append(answer_features(example.question, retrieval, ranked, weighed.terms, example.rule, support))
        labels.append(not example.asked.negative)
        groups.append(i)
        weights.append(weight_of(example))
    return Rows(np.asarray(rows, dtype=float), np.asarray(labels, dtype=bool), np.asarray(groups), np.asarray(weights))


def refusal_threshold(probabilities: np.ndarray, negative: np.ndarray, budget: float = MAX_FALSE_REFUSAL) -> float:
    """The highest threshold under which at most `budget` of the answerable questions fall."""
    answerable = np.sort(probabilities[~negative])
    allowed = int(np.floor(budget * len(answerable)))
    return float(answerable[allowed]) if allowed < len(answerable) else 1.0


@dataclass(frozen=True)
class Trained:
    sentence: BoostedTrees
    refusal: LogisticModel
    figures: dict[str, float]
    rules: dict[str, dict]  # the hand-set refusal rules on top of the model, on validation (evaluation/hand_rules.py)


def train_models(train: Sequence[Asked], validation: Sequence[Asked], embedder: str, progress: Progress) -> Trained:
    settings = AnswerSettings()
    progress(f"candidates of {len(train)} training and {len(validation)} validation askings")
    train_examples, validation_examples = examples(train, settings), examples(validation, settings)
    about = {
        "command": "kildesvar train",
        "embedder": embedder,
        "seed": SEED,
        "train_questions": sum(not asked.negative for asked in train),
        "validation_questions": sum(not asked.negative for asked in validation),
    }
    progress("sentence model")
    sentence = fit_trees(sentence_rows(train_examples), about)
    validation_scores = [sentence.probabilities([c.features for c in e.found]) for e in validation_examples]
    refusal_train = refusal_rows(train_examples, out_of_fold_scores(train_examples, progress))
    refusal_validation = refusal_rows(validation_examples, validation_scores)
    progress("refusal model")
    refusal = fit_logistic(refusal_train, refusal_validation, ANSWER_FEATURES, about)
    probabilities = refusal.probabilities(refusal_validation.x)
    negative = ~refusal_validation.y
    law = np.array([is_law(validation_examples[i]) for i in refusal_validation.group], dtype=bool)
    threshold = min(
        refusal_threshold(probabilities[~law], negative[~law], MAX_FALSE_REFUSAL),
        refusal_threshold(probabilities[law], negative[law], MAX_LAW_FALSE_REFUSAL) if law.any() else 1.0,
    )
    refused = probabilities < threshold
    answerable = [(e, s) for e, s in zip(validation_examples, validation_scores, strict=True) if not e.asked.negative]
    figures = {
        "validation_best_sentence_holds_answer": _rate(
            [bool(e.holds[int(np.argmax(s))]) for e, s in answerable if not is_law(e)]
        ),
        "validation_rule_lead_holds_answer": _rate(
            [bool(e.holds[e.found.index(_rule_lead(e))]) for e, _s in answerable if not is_law(e)]
        ),
        "validation_false_refusal": _rate(refused[~law & ~negative]),
        "validation_refusal_recall": _rate(refused[~law & negative]),
        "validation_refusal_precision": _rate(negative[~law & refused]),
        "validation_law_false_refusal": _rate(refused[law & ~negative]),
        "validation_law_refusal_recall": _rate(refused[law & negative]),
        "validation_law_best_sentence_holds_answer": _rate(
            [bool(e.holds[int(np.argmax(s))]) for e, s in answerable if is_law(e)]
        ),
        "validation_law_rule_lead_holds_answer": _rate(
            [bool(e.holds[e.found.index(_rule_lead(e))]) for e, _s in answerable if is_law(e)]
        ),
    }
    rules = rules_on_top(refusal_validation.x, probabilities, negative, MAX_FALSE_REFUSAL)
    sentence_check = sentence_rows(validation_examples).x[::_CHECK_STRIDE][:_CHECK_ROWS]
    refusal_check = refusal_validation.x[:_CHECK_ROWS]
    sentence = BoostedTrees(
        sentence.features,
        sentence.booster_text,
        {**sentence.about, **figures, "check": _check(sentence_check, sentence)},
    )
    refusal_about = {**(refusal.about or {}), **figures, "hand_rules_on_validation": rules}
    # The check is taken from the model as stored (its parameters rounded), so loading the file gives it exactly.
    refusal = LogisticModel.from_json(replace(refusal, threshold=threshold).as_json(), ANSWER_FEATURES)
    refusal = replace(refusal, about={**refusal_about, "check": _check(refusal_check, refusal)})
    return Trained(sentence, refusal, figures, rules)


def _rule_lead(example: Example) -> Candidate:
    """The sentence the hand-set composer says first: its best giving the asked-for kind of answer, else its best."""
    chosen = example.weighed.chosen
    return next((candidate for candidate in chosen if candidate.gives_answer), chosen[0])


def _check(rows: np.ndarray, model: BoostedTrees | LogisticModel) -> dict:
    """Rows and the probabilities the freshly trained model gives them: loading the file must give the same."""
    rounded = rows.round(8)
    return {"rows": rounded.tolist(), "probabilities": [float(p) for p in model.probabilities(rounded)]}


def _rate(flags: Sequence[bool] | np.ndarray) -> float:
    values = np.asarray(flags, dtype=float)
    return round(float(values.mean()), 4) if len(values) else 0.0


def write(trained: Trained, folder: Path) -> None:
    trained.sentence.save(folder / "sentence.json")
    trained.refusal.save(folder / "refusal.json")
