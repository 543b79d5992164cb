"""The corpus tiers: nested slices of Lovdata, each the shortest prefix of one fixed file order reaching its size.

The order starts with the law suite's core files (the procurement and municipal laws the gold questions ask
about), then every other law and regulation in a seeded shuffle, so each tier contains the smaller ones and
the same seed always gives the same files.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from evaluation.suites import GOLD_DIR
from ingest.catalog import Catalog
from ingest.documents import LoadError
from ingest.extraction import chunk_file
from ingest.settings import IngestSettings
from vectorstore.models import Chunk

Vectors = Literal["real", "random"]
FILE_ORDER_SEED = 13


@dataclass(frozen=True)
class Tier:
    """`target_chunks` None means all of Lovdata. `ingest_sample_chunks` sizes the ingest measurement (0: none)."""

    name: str
    target_chunks: int | None
    vectors: Vectors
    ingest_sample_chunks: int


TIERS = {
    tier.name: tier
    for tier in (
        Tier("smoke", 250, "random", ingest_sample_chunks=20),
        Tier("2k", 2_000, "real", ingest_sample_chunks=250),
        Tier("20k", 20_000, "random", ingest_sample_chunks=0),
        Tier("100k", 100_000, "random", ingest_sample_chunks=0),
        Tier("all", None, "random", ingest_sample_chunks=0),
    )
}


@dataclass(frozen=True)
class TierCorpus:
    """The files of a tier (paths relative to the Lovdata folder) and their chunks, cut by ingest's chunker."""

    root: Path
    files: tuple[str, ...]
    chunks: tuple[Chunk, ...]

    def prefix(self, min_chunks: int) -> TierCorpus:
        """The shortest prefix of the tier's files with at least `min_chunks` chunks."""
        files: list[str] = []
        chunks: list[Chunk] = []
        for source in self.files:
            if len(chunks) >= min_chunks:
                break
            files.append(source)
            chunks.extend(chunk for chunk in self.chunks if chunk.source == source)
        return TierCorpus(self.root, tuple(files), tuple(chunks))


def tier_corpus(lovdata: Path, target_chunks: int | None) -> TierCorpus:
    """The shortest prefix of the file order with at least `target_chunks` chunks (all files when None)."""
    files: list[str] = []
    chunks: list[Chunk] = []
    for source, parts in _chunked_files(lovdata):
        if target_chunks is not None and len(chunks) >= target_chunks:
            break
        files.append(source)
        chunks.extend(parts)
    return TierCorpus(lovdata, tuple(files), tuple(chunks))


def file_order(lovdata: Path) -> list[str]:
    """The law suite's core files first, then every other law and regulation in a seeded shuffle."""
    core = json.loads((GOLD_DIR / "law_corpus.json").read_text(encoding="utf-8"))["core"]
    others = sorted(
        path.relative_to(lovdata).as_posix()
        for folder in ("lover", "forskrifter")
        for path in (lovdata / folder).glob("*.md")
    )
    rest = [source for source in others if source not in set(core)]
    random.Random(FILE_ORDER_SEED).shuffle(rest)
    return [*core, *rest]


def _chunked_files(lovdata: Path) -> Iterator[tuple[str, list[Chunk]]]:
    """Each file of the order with its chunks; files ingest would refuse (no text) are left out."""
    catalog, settings = Catalog.load(lovdata), IngestSettings()
    for source in file_order(lovdata):
        try:
            yield source, chunk_file(source, (lovdata / source).read_bytes(), catalog, settings)
        except LoadError:
            continue
