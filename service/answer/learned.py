"""The learned models of the answer path, read from the JSON files that `kildesvar train` writes.

- `sentence.json`: the probability that a candidate sentence holds the answer (features: `features.FEATURES`),
  gradient-boosted trees (LightGBM), the booster in LightGBM's own text format inside the JSON.
- `refusal.json`: the probability that the question is answered by the documents at all (features:
  `features.ANSWER_FEATURES`), a logistic regression over standardised features, with the threshold under
  which the engine refuses, chosen on validation.

Each file names its features, checked against the code's so a model never reads them in the wrong order, and
says how it was trained (`about`). No pickle: the text is the whole model.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

import numpy as np

from service.answer.candidates import Candidate
from service.answer.features import ANSWER_FEATURES, FEATURES, answer_features, set_sentence_features
from service.question.analysis import Question
from service.question.terms import QuestionTerms
from service.retrieval.retriever import Retrieval

FeatureRows = Sequence[Sequence[float]] | np.ndarray
MODELS_DIR = Path(__file__).resolve().parent / "models"


class ModelError(RuntimeError):
    """A model file that does not fit the code (other features, or not a model at all)."""


@dataclass(frozen=True)
class LogisticModel:
    """P(y=1 | x) = 1 / (1 + exp(-(((x - mean) / scale) . coefficients + intercept)))."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coefficients: np.ndarray
    intercept: float
    threshold: float = 0.5
    about: dict | None = None  # how it was trained and what it scored on validation

    def probabilities(self, rows: FeatureRows) -> np.ndarray:
        if not len(rows):
            return np.zeros(0)
        x = (np.asarray(rows, dtype=float) - self.mean) / self.scale
        return 1.0 / (1.0 + np.exp(-(x @ self.coefficients + self.intercept)))

    def as_json(self) -> dict:
        return {
            "kind": "logistic",
            "features": list(self.features),
            "mean": [round(float(value), 8) for value in self.mean],
            "scale": [round(float(value), 8) for value in self.scale],
            "coefficients": [round(float(value), 8) for value in self.coefficients],
            "intercept": round(float(self.intercept), 8),
            "threshold": round(float(self.threshold), 6),
            "about": self.about or {},
        }

    @classmethod
    def from_json(cls, data: dict, features: Sequence[str]) -> LogisticModel:
        _check(data, "logistic", "a logistic model", features)
        return cls(
            features=tuple(data["features"]),
            mean=np.asarray(data["mean"], dtype=float),
            scale=np.asarray(data["scale"], dtype=float),
            coefficients=np.asarray(data["coefficients"], dtype=float),
            intercept=float(data["intercept"]),
            threshold=float(data.get("threshold", 0.5)),
            about=data.get("about") or {},
        )

    def save(self, path: Path) -> None:
        _save(self.as_json(), path)


class BoostedTrees:
    """A LightGBM binary classifier: P(y=1 | x) from its booster, one thread (the cores serve the requests)."""

    def __init__(self, features: Sequence[str], booster_text: str, about: dict | None = None) -> None:
        import lightgbm

        self.features = tuple(features)
        self.booster_text = booster_text
        self.booster = lightgbm.Booster(model_str=booster_text)
        self.about = about or {}
        if self.booster.num_feature() != len(self.features):
            raise ModelError(f"the booster reads {self.booster.num_feature()} features, not {len(self.features)}")

    def probabilities(self, rows: FeatureRows) -> np.ndarray:
        if not len(rows):
            return np.zeros(0)
        return np.asarray(self.booster.predict(np.asarray(rows, dtype=float), num_threads=1), dtype=float)

    def as_json(self) -> dict:
        return {"kind": "lightgbm", "features": list(self.features), "about": self.about, "booster": self.booster_text}

    @classmethod
    def from_json(cls, data: dict, features: Sequence[str]) -> BoostedTrees:
        _check(data, "lightgbm", "a LightGBM model", features)
        return cls(data["features"], data["booster"], data.get("about") or {})

    def save(self, path: Path) -> None:
        _save(self.as_json(), path)


def _check(data: dict, kind: str, name: str, features: Sequence[str]) -> None:
    """A model file of this kind, trained on the features the code computes, in the same order."""
    if data.get("kind") != kind:
        raise ModelError(f"not {name}: kind {data.get('kind')!r}")
    if tuple(data["features"]) != tuple(features):
        raise ModelError("the model was trained on other features than the code computes; run `kildesvar train`")


def _save(data: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


class Scorer(Protocol):
    """What the composer needs of a model: a probability per feature row."""

    def probabilities(self, rows: FeatureRows) -> np.ndarray: ...


class Refusal(Scorer, Protocol):
    @property
    def threshold(self) -> float:
        """Below it the engine refuses."""
        ...


@dataclass(frozen=True)
class AnswerModels:
    sentence: Scorer
    refusal: Refusal


def read_model(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ModelError(f"cannot read the model {path}: {error}") from error


@cache
def default_models() -> AnswerModels:
    """The models shipped in `service/answer/models/`, read once per process."""
    return AnswerModels(
        sentence=BoostedTrees.from_json(read_model(MODELS_DIR / "sentence.json"), FEATURES),
        refusal=LogisticModel.from_json(read_model(MODELS_DIR / "refusal.json"), ANSWER_FEATURES),
    )


def judge(
    models: AnswerModels,
    question: Question,
    retrieval: Retrieval,
    terms: QuestionTerms,
    found: Sequence[Candidate],
    chosen: Sequence[Candidate],
    rule: str | None,
) -> tuple[list[Candidate], float]:
    """The candidates best first by the sentence model (their `score` set to its probability), and the refusal
    model's probability that the best one answers. `found` carry their hand-set scores and `chosen` are the hand
    rules' choice, whose refusal rule `rule` fired on it (None: none)."""
    set_sentence_features(found, chosen, question, terms, retrieval)
    ranked = rank_by(found, models.sentence.probabilities([c.features for c in found]))
    row = answer_features(question, retrieval, ranked, terms, rule, chosen[0].support)
    return ranked, float(models.refusal.probabilities([row])[0])


def rank_by(found: Sequence[Candidate], scores: Sequence[float] | np.ndarray) -> list[Candidate]:
    """The candidates with `score` set, best first (ties: the better chunk, then document order)."""
    for candidate, score in zip(found, scores, strict=True):
        candidate.score = float(score)
    return sorted(found, key=lambda c: (-c.score, c.rank, c.sentence.start))
