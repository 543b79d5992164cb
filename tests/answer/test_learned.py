"""The learned answer path: the shipped models load, read the features the code computes and give the scores
they gave when `kildesvar train` wrote them; the sentence model chooses which sentence leads, the refusal
model refuses, and the hand rules' guarantees (no heading, no sentence leaning on one not shown) hold."""

from __future__ import annotations

import json
from datetime import date
from typing import Literal

import numpy as np
import pytest

from service.answer.engine import AnswerEngine
from service.answer.extractive import ExtractiveComposer
from service.answer.features import ANSWER_FEATURES, FEATURES
from service.answer.learned import (
    MODELS_DIR,
    AnswerModels,
    BoostedTrees,
    FeatureRows,
    LogisticModel,
    ModelError,
    default_models,
)
from service.answer.settings import AnswerSettings
from tests.sample_laws import fill
from vectorstore.models import Chunk
from vectorstore.store import KnowledgeStore

TODAY = date(2026, 12, 1)


def test_loaded_models_give_the_scores_they_were_trained_to_give():
    models = default_models()
    assert isinstance(models.sentence, BoostedTrees) and isinstance(models.refusal, LogisticModel)
    for model in (models.sentence, models.refusal):
        check = (model.about or {})["check"]
        assert len(check["rows"]) >= 5
        assert np.allclose(model.probabilities(check["rows"]), check["probabilities"], rtol=0, atol=1e-9)


def test_models_read_the_features_the_code_computes_in_the_same_order():
    models = default_models()
    assert isinstance(models.sentence, BoostedTrees) and isinstance(models.refusal, LogisticModel)
    assert models.sentence.features == FEATURES
    assert models.refusal.features == ANSWER_FEATURES
    assert 0.0 < models.refusal.threshold < 1.0


def test_a_model_trained_on_other_features_is_refused():
    refusal = json.loads((MODELS_DIR / "refusal.json").read_text(encoding="utf-8"))
    with pytest.raises(ModelError, match="kildesvar train"):
        LogisticModel.from_json(refusal, ANSWER_FEATURES[::-1])
    sentence = json.loads((MODELS_DIR / "sentence.json").read_text(encoding="utf-8"))
    with pytest.raises(ModelError, match="kildesvar train"):
        BoostedTrees.from_json(sentence, FEATURES[:-1])
    with pytest.raises(ModelError, match="not a LightGBM model"):
        BoostedTrees.from_json(refusal, ANSWER_FEATURES)


def test_probabilities_rise_with_the_logistic_score():
    model = LogisticModel(("a", "b"), np.zeros(2), np.ones(2), np.array([1.0, -1.0]), 0.0)
    low, middle, high = model.probabilities([[-2.0, 0.0], [0.0, 0.0], [2.0, 0.0]])
    assert low < middle < high
    assert middle == pytest.approx(0.5)
    assert len(model.probabilities([])) == 0


def doc(source: str, section: str, body: str) -> Chunk:
    return Chunk(source=source, position=0, text=f"{section}\n\n{body}", title=source, section=section)


FERIE = doc("ferie.md", "Ferie", "Arbeidstaker har rett til 25 virkedager ferie hvert år.")
EXTRA = doc(
    "ekstraferie.md",
    "Ekstraferie",
    "Ferien kan tas i flere deler. Arbeidstakere over 60 år har rett til 6 virkedager ekstra ferie hvert år.",
)
OFFERS = doc(
    "oversikt.md",
    "Tilbudene i korte trekk",
    "- Læring for næring. Et utviklingsnettverk for kommuner.\n- Bærekraftsløftet Viken. Et nettverk for kommuner.",
)
NOMINEES = doc("kåring.md", "Kommunene", "Flere av dem har plassert seg helt i toppen av kåringen Årets vertskommune.")


class Fixed:
    """A stand-in model: the probability is a function of the feature row."""

    def __init__(self, score, threshold: float = 0.5) -> None:
        self.score = score
        self.threshold = threshold

    def probabilities(self, rows: FeatureRows) -> np.ndarray:
        return np.asarray([self.score(row) for row in rows], dtype=float)


def _engine(
    store: KnowledgeStore, models: AnswerModels, refusal: Literal["rules", "learned"] = "learned"
) -> AnswerEngine:
    settings = AnswerSettings(answer_model="learned", refusal_model=refusal)
    return AnswerEngine(store, settings, clock=lambda: TODAY, composer=ExtractiveComposer(settings, models))


def _length_model() -> Fixed:
    """Rates the longer sentence higher."""
    chars = FEATURES.index("chars")
    return Fixed(lambda row: row[chars] / 1000)


def test_the_sentence_model_chooses_which_sentence_leads(hashing_store):
    store = fill(hashing_store, (FERIE, EXTRA))
    question = "Hvor mange virkedager ferie har arbeidstaker rett til hvert år?"
    by_rules = AnswerEngine(store, AnswerSettings(), clock=lambda: TODAY).ask(question)
    learned = _engine(store, AnswerModels(_length_model(), Fixed(lambda row: 0.9))).ask(question)
    assert by_rules.answer.startswith("Arbeidstaker har rett til 25 virkedager ferie hvert år.")
    assert not learned.abstained
    assert learned.answer.startswith("Arbeidstakere over 60 år har rett til 6 virkedager ekstra ferie hvert år.")
    assert "25 virkedager" in learned.answer  # the hand rules' sentence still follows


def test_the_refusal_model_refuses_below_its_threshold(hashing_store):
    store = fill(hashing_store, (FERIE,))
    question = "Hvor mange dager ferie har en arbeidstaker?"
    doubtful = _engine(store, AnswerModels(_length_model(), Fixed(lambda row: 0.2, threshold=0.3)))
    assert doubtful.ask(question).abstained
    sure = _engine(store, AnswerModels(_length_model(), Fixed(lambda row: 0.4, threshold=0.3)))
    assert not sure.ask(question).abstained
    by_rules = _engine(store, AnswerModels(_length_model(), Fixed(lambda row: 0.2, threshold=0.3)), refusal="rules")
    assert not by_rules.ask(question).abstained  # the hand rules refuse, not the model


def test_the_shipped_models_never_say_a_heading_or_a_sentence_leaning_on_one_not_shown(hashing_store):
    engine = _engine(fill(hashing_store, (FERIE, OFFERS, NOMINEES)), default_models())
    offers = engine.ask("Hva er Læring for næring?")
    assert "Tilbudene i korte trekk" not in offers.answer
    assert "Flere av dem" not in engine.ask("Hvilke kommuner har plassert seg i toppen av kåringen?").answer


def test_the_learned_path_is_chosen_by_a_setting(hashing_store):
    store = fill(hashing_store, (FERIE,))
    assert (AnswerSettings().answer_model, AnswerSettings().refusal_model) == ("rules", "rules")
    rules = AnswerEngine(store, AnswerSettings(), clock=lambda: TODAY)
    learned = AnswerEngine(store, AnswerSettings(answer_model="learned"), clock=lambda: TODAY)
    assert isinstance(rules.composer, ExtractiveComposer) and rules.composer.models is None
    assert isinstance(learned.composer, ExtractiveComposer) and learned.composer.models is default_models()
