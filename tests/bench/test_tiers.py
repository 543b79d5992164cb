"""Tiers are nested prefixes of one seeded file order, cut by ingest's chunker; random vectors are stable."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from bench.random_vectors import RandomVectors
from bench.tiers import file_order, tier_corpus
from evaluation.suites import GOLD_DIR


@pytest.mark.shared
def test_the_file_order_starts_with_the_law_suites_core_files_and_is_the_same_every_time(lovdata_dir: Path):
    core = json.loads((GOLD_DIR / "law_corpus.json").read_text(encoding="utf-8"))["core"]
    order = file_order(lovdata_dir)
    assert order[: len(core)] == core and order == file_order(lovdata_dir)
    assert len(order) == len(set(order)) and all(source.startswith(("lover/", "forskrifter/")) for source in order)


@pytest.mark.shared
def test_a_tier_is_the_shortest_prefix_reaching_its_size_and_contains_the_smaller_tiers(lovdata_dir: Path):
    small, larger = tier_corpus(lovdata_dir, 250), tier_corpus(lovdata_dir, 400)
    without_last_file = [chunk for chunk in small.chunks if chunk.source != small.files[-1]]
    assert len(small.chunks) >= 250 > len(without_last_file)
    assert larger.files[: len(small.files)] == small.files
    assert {chunk.source for chunk in small.chunks} == set(small.files)
    sample = larger.prefix(20)
    assert sample.files == larger.files[:1] and len(sample.chunks) >= 20


def test_random_vectors_are_unit_length_and_the_same_for_the_same_text():
    vectors = RandomVectors(384)
    first, second, again = vectors.embed(["§ 1", "§ 2", "§ 1"], "passage")
    assert len(first) == 384 and math.isclose(math.fsum(v * v for v in first), 1.0)
    assert first == again and first != second
