"""Running methods over a suite: rankings become per-document keys, metrics and latencies."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from evaluation.llamaindex_peer import LlamaIndexPeer
from evaluation.methods import KeywordMethod, plain_tokens
from evaluation.runner import run_method
from evaluation.suite import EvalQuery, Suite, section_key, source_key
from vectorstore.models import Chunk

BUDGET = Chunk(
    source="koml.md", position=0, text="Kommunestyret vedtar årsbudsjettet.", title="Kommuneloven", paragraph="14-3"
)
BUDGET_CONTINUED = Chunk(
    source="koml.md", position=1, text="Årsbudsjettet skal være realistisk.", title="Kommuneloven", paragraph="14-3"
)
THRESHOLD = Chunk(
    source="foa.md", position=0, text="Terskelverdien er 62,9 millioner kroner.", title="FOA", paragraph="5-3"
)
CHUNKS = [BUDGET, BUDGET_CONTINUED, THRESHOLD]


class FixedMethod:
    """Returns the same ranking for every question."""

    name = "fixed"

    def __init__(self, ranking: Sequence[Chunk]) -> None:
        self.ranking = list(ranking)
        self.calls = 0

    def search(self, query: str, k: int) -> Sequence[Chunk]:
        self.calls += 1
        return self.ranking[:k]


def suite(*queries: EvalQuery, key=source_key) -> Suite:
    return Suite(name="test", chunks=CHUNKS, queries=list(queries), key=key, headline="hit@5")


def test_chunks_of_one_section_count_as_one_document():
    question = EvalQuery("q1", "terskelverdi", frozenset({"foa.md § 5-3"}))
    result = run_method(FixedMethod([BUDGET, BUDGET_CONTINUED, THRESHOLD]), suite(question, key=section_key))
    assert result.outcomes[0].rank == 2
    assert result.metrics["hit@1"] == 0.0
    assert result.metrics["mrr@10"] == 0.5


def test_metrics_average_over_answerable_questions_only():
    found = EvalQuery("q1", "budsjett", frozenset({"koml.md"}))
    missed = EvalQuery("q2", "terskel", frozenset({"other.md"}))
    unanswerable = EvalQuery("u1", "været i morgen", frozenset())
    method = FixedMethod([BUDGET])
    result = run_method(method, suite(found, missed, unanswerable))
    assert result.metrics["hit@5"] == 0.5
    assert result.metrics["ndcg@10"] == 0.5
    assert [outcome.id for outcome in result.outcomes] == ["q1", "q2"]
    assert [outcome.rank for outcome in result.outcomes] == [1, None]
    assert method.calls == 3  # one untimed warm-up, then each answerable question
    assert result.metrics["p95_ms"] >= result.metrics["p50_ms"] >= 0.0


def test_plain_bm25_uses_lowercase_words_without_stemming():
    assert plain_tokens("Årsbudsjettet, § 14-3!") == ["årsbudsjettet", "14", "3"]
    method = KeywordMethod.plain("bm25 plain", CHUNKS)
    assert method.search("årsbudsjettet realistisk", 2)[0] == BUDGET_CONTINUED
    assert method.search("budsjett", 2) == []  # no stemming, no compound splitting


def test_llamaindex_peer_ranks_like_the_stores_own_dense_search(hashing_store):
    for chunk in CHUNKS:
        hashing_store.replace_source(chunk.source, [c for c in CHUNKS if c.source == chunk.source])
    peer = LlamaIndexPeer("llamaindex", hashing_store)
    question = "terskelverdien er 62,9 millioner"
    assert list(peer.search(question, 3)) == [hit.chunk for hit in hashing_store.dense_search(question, 3)]


@pytest.mark.parametrize("k", [1, 2])
def test_llamaindex_peer_returns_at_most_k_chunks(hashing_store, k):
    hashing_store.replace_source("koml.md", [BUDGET, BUDGET_CONTINUED])
    assert len(LlamaIndexPeer("llamaindex", hashing_store).search("årsbudsjettet", k)) == k
