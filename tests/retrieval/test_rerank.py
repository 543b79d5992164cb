"""The second stage rewards a chunk with one sentence that holds the question's rare words."""

from __future__ import annotations

import pytest

from service.retrieval.rerank import rerank_by_sentence_coverage, sentence_coverage
from vectorstore.analyzer import analyze
from vectorstore.sentence_terms import sentence_terms

SCATTERED = "Flyplassen ligger i Moss. Den ble stengt. Eierne vil gjenåpne den i 2020."
TOGETHER = "Flyplassen i Moss ble stengt i 2016. Nye eiere har planer."


def weights(question: str, rare: dict[str, float] | None = None) -> dict[str, float]:
    return {term: (rare or {}).get(term, 1.0) for term in analyze(question)}


def test_coverage_is_the_best_single_sentences_share_of_the_question():
    question = weights("Når ble flyplassen i Moss stengt?")  # flyplass, moss, stengt
    assert sentence_coverage(question, sentence_terms(TOGETHER)) == pytest.approx(1.0)
    assert sentence_coverage(question, sentence_terms(SCATTERED)) == pytest.approx(2 / 3)


def test_coverage_weighs_terms_by_rarity():
    question = weights("Når ble flyplassen i Moss stengt?", rare={analyze("Moss")[0]: 8.0})
    assert sentence_coverage(question, sentence_terms("Moss er en by.")) == pytest.approx(8 / 10)
    assert sentence_coverage(question, sentence_terms("Flyplassen ble stengt.")) == pytest.approx(2 / 10)


def test_coverage_of_a_question_without_known_terms_is_zero():
    assert sentence_coverage({}, sentence_terms(TOGETHER)) == 0.0


def test_rerank_lifts_the_chunk_whose_sentence_answers_the_question():
    texts = {"scattered": SCATTERED, "together": TOGETHER, "other": "Været blir fint i morgen."}
    sentences = {item: sentence_terms(text) for item, text in texts.items()}
    fused = [("scattered", 1.0), ("together", 0.9), ("other", 0.1)]
    question = weights("Når ble flyplassen i Moss stengt?")
    reranked = rerank_by_sentence_coverage(fused, sentences.__getitem__, question, 1.0)
    assert [item for item, _score in reranked] == ["together", "scattered", "other"]


def test_rerank_with_zero_weight_keeps_the_fused_order():
    fused = [("scattered", 1.0), ("together", 0.9)]
    sentences = {"scattered": sentence_terms(SCATTERED), "together": sentence_terms(TOGETHER)}
    assert rerank_by_sentence_coverage(fused, sentences.__getitem__, weights("flyplassen Moss stengt"), 0.0) == fused
