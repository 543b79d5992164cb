"""CI's slice of `kildesvar eval`: the hybrid must keep finding the right passage.

50 NorQuAD validation questions over their own passages plus distractors (a corpus small enough to embed
in well under two minutes on two idle cores), and the whole sample-corpus set, whose answers must also
quote verbatim, use every citation and abstain when they should. The floors sit a little under the
values measured when they were set (see docs/quality.md), so a real regression fails and noise does not.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from evaluation.answers import answer_metrics
from evaluation.index_cache import open_cached_store
from evaluation.methods import HybridMethod
from evaluation.models import EvalModel, load_model
from evaluation.runner import run_method
from evaluation.suite import Suite
from evaluation.suites import corpus_suite, norquad_suite
from service.answer.engine import AnswerEngine
from service.answer.settings import AnswerSettings
from vectorstore.settings import StoreSettings
from vectorstore.store import KnowledgeStore

pytestmark = [pytest.mark.slow, pytest.mark.shared]

REPO_ROOT = Path(__file__).resolve().parents[2]
NORQUAD_QUESTIONS = 50
NORQUAD_PASSAGES = 120
NORQUAD_HIT5_FLOOR = 0.96  # measured 1.00 (50 of 50) on 2026-11-28
CORPUS_HIT5_FLOOR = 0.95  # measured 1.00 (47 of 47) on 2026-11-28
ABSTENTION_PRECISION_FLOOR = 0.9  # the target; measured 0.950 (19 of 20) on 2026-11-28
ABSTENTION_RECALL_FLOOR = 0.8  # the target; measured 0.826 (19 of 23) on 2026-11-28


@pytest.fixture(scope="module")
def default_model() -> EvalModel:
    settings = StoreSettings()
    return load_model(settings.embedding_backend, settings)


@pytest.fixture(scope="module")
def cache_dir(request: pytest.FixtureRequest) -> Path:
    """Kept between local runs in pytest's cache; CI starts from a fresh clone and builds it (~2 min)."""
    return request.config.cache.mkdir("eval-cache")


def norquad_slice(suite: Suite) -> Suite:
    """The first questions, their passages, and the first other passages (by source) as distractors."""
    queries = suite.queries[:NORQUAD_QUESTIONS]
    gold = set().union(*(query.relevant for query in queries))
    others = sorted({chunk.source for chunk in suite.chunks} - gold)
    kept = gold | set(others[: NORQUAD_PASSAGES - len(gold)])
    return replace(suite, name="norquad-ci", queries=queries, chunks=[c for c in suite.chunks if c.source in kept])


def cached_store(suite: Suite, model: EvalModel, cache_dir: Path) -> KnowledgeStore:
    return open_cached_store(cache_dir, suite.name, model.backend, model.embedder, suite.chunks, model.count_tokens)[0]


def hybrid_hit_at_5(suite: Suite, model: EvalModel, cache_dir: Path) -> float:
    store = cached_store(suite, model, cache_dir)
    return run_method(HybridMethod("hybrid", store), suite).metrics["hit@5"]


def test_hybrid_finds_norquad_passages_in_its_top_5(shared_dir, default_model, cache_dir):
    suite = norquad_suite(shared_dir, "validation")
    assert isinstance(suite, Suite)
    assert hybrid_hit_at_5(norquad_slice(suite), default_model, cache_dir) >= NORQUAD_HIT5_FLOOR


def test_hybrid_finds_the_sample_corpus_source_in_its_top_5(default_model, cache_dir):
    suite = corpus_suite(REPO_ROOT / "corpus")
    assert isinstance(suite, Suite)
    assert hybrid_hit_at_5(suite, default_model, cache_dir) >= CORPUS_HIT5_FLOOR


def test_every_sample_corpus_answer_quotes_verbatim_uses_every_citation_and_abstains_well(default_model, cache_dir):
    suite = corpus_suite(REPO_ROOT / "corpus")
    assert isinstance(suite, Suite)
    store = cached_store(suite, default_model, cache_dir)
    metrics = answer_metrics(AnswerEngine(store, AnswerSettings()), suite.queries, store)
    assert metrics["quotes_verbatim"] == 1.0
    assert metrics["citation_validity"] == 1.0
    assert metrics["unused_citations"] == 0
    assert metrics["abstention_precision"] >= ABSTENTION_PRECISION_FLOOR
    assert metrics["abstention_recall"] >= ABSTENTION_RECALL_FLOOR
