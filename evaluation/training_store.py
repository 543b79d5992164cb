"""The indexes the answer models are trained over, and their retrievals: the evaluation's cached norquad index,
and an index of the Lovdata laws the written law questions are about (cached beside the eval's indexes)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from evaluation.index_cache import open_cached_store
from evaluation.models import load_model
from evaluation.norquad import load_passages, norquad_dir, passage_chunks
from evaluation.suites import chunk_files
from evaluation.training_data import (
    Asked,
    TrainingQuestion,
    TrainingSplit,
    cached_retrievals,
    law_files,
    law_questions,
    norquad_questions,
    retrieval_key,
)
from service.retrieval.retriever import Retriever
from service.retrieval.settings import RetrievalSettings
from vectorstore.settings import StoreSettings
from vectorstore.store import KnowledgeStore


@dataclass(frozen=True)
class TrainingIndex:
    name: str  # "norquad" or "law-training"
    store: KnowledgeStore
    key: str  # of the cached retrievals
    embedder: str  # the dense model, whose cosines some features are on the scale of


def open_training_index(shared_dir: Path, cache_dir: Path, name: str = "norquad") -> TrainingIndex:
    """The norquad index of `kildesvar eval`, or the law training index (each built first when not cached)."""
    settings = StoreSettings()
    model = load_model(settings.embedding_backend, settings)
    if name == "norquad":
        chunks = passage_chunks(load_passages(norquad_dir(shared_dir)))
    else:
        files = law_files()
        chunks = chunk_files(shared_dir / "data" / "lovdata", [*files["answering"], *files["distractors"]])
    store, info, _cached = open_cached_store(cache_dir, name, model.backend, model.embedder, chunks, model.count_tokens)
    return TrainingIndex(name, store, retrieval_key(info.key, RetrievalSettings()), info.embedder)


def asked_questions(
    index: TrainingIndex,
    shared_dir: Path,
    split: TrainingSplit,
    retrievals_dir: Path,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> list[Asked]:
    """The split's questions, each as it is and as a removed-passage negative, with their retrievals."""
    chunks = {chunk.id: chunk for chunk in index.store.all_chunks()}
    path = retrievals_dir / f"{index.name}-{index.key}" / f"{split}.jsonl"
    questions: list[TrainingQuestion] = (
        norquad_questions(shared_dir, split) if index.name == "norquad" else law_questions(split)
    )
    return cached_retrievals(Retriever(index.store), questions, chunks, path, progress)
