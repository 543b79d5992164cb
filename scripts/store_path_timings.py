"""Timings of the store and query path (docs/performance.md, "Store and query path") on a store of about N
Lovdata chunks (paragraphs of the laws in ../shared/data/lovdata/lover, at most 60 per law) in an embedded
Chroma under FOLDER, with the hashing test embedder: the vectors are for latency only, not for quality.
Run from the repo root:

    .venv/bin/python scripts/store_path_timings.py N FOLDER
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from service.retrieval.law_catalogue import CatalogueCache
from vectorstore.embeddings import HashingEmbedder
from vectorstore.models import Chunk
from vectorstore.settings import StoreSettings
from vectorstore.store import KnowledgeStore

LAWS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "lovdata" / "lover"
QUESTIONS = [
    "kommunestyret vedtar budsjett",
    "tilskudd til næringsarealer",
    "klage over vedtak",
    "forskrift om gebyr",
    "straff for overtredelse",
    "plikt til å gi opplysninger",
    "ikrafttredelse og overgangsregler",
    "departementet kan gi forskrift",
]


def law_sources(target: int) -> Iterator[tuple[str, list[Chunk]]]:
    total = 0
    for path in sorted(LAWS.glob("*.md")):
        parts = [part.strip() for part in path.read_text(encoding="utf-8").split("\n\n") if len(part.strip()) > 80]
        refid = "lov/" + path.stem.removeprefix("lov-")
        chunks = [
            Chunk(path.name, i, text[:1500], path.stem, refid=refid, short_title=path.stem, paragraph=str(i % 40 + 1))
            for i, text in enumerate(parts[:60])
        ]
        if chunks:
            yield path.name, chunks
            total += len(chunks)
        if total >= target:
            return


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000


def median_ms(work: Callable[[str], object], rounds: int = 5) -> float:
    return statistics.median(
        timed(lambda question=f"{q} {r}": work(question)) for r in range(rounds) for q in QUESTIONS
    )


def build_and_change(settings: StoreSettings, target: int) -> None:
    store = KnowledgeStore.open(settings, HashingEmbedder())
    started = time.perf_counter()
    for source, chunks in law_sources(target):
        store.replace_source(source, chunks)
    store.commit()
    print(f"built {store.count()} chunks in {time.perf_counter() - started:.0f} s", flush=True)
    new = [
        Chunk("ny-lov.md", i, f"Ny paragraf {i} om kommunestyret og tilskudd.", "Ny lov", refid="lov/ny")
        for i in range(12)
    ]
    catalogue = CatalogueCache(store)
    print(f"catalogue built from the registry: {timed(catalogue.get):.1f} ms")
    written = timed(lambda: store.replace_source("ny-lov.md", new))
    print(f"add one 12-chunk file: replace_source {written:.1f} ms, commit {timed(store.commit):.1f} ms")
    print(f"catalogue after that change: {timed(catalogue.get):.1f} ms")
    print(f"sources(): {timed(store.sources):.2f} ms, count(): {timed(store.count):.3f} ms")
    print(f"keyword_search(k=50) median: {median_ms(lambda q: store.keyword_search(q, 50)):.1f} ms")
    print(f"dense_search(k=50) median: {median_ms(lambda q: store.dense_search(q, 50)):.1f} ms")


def reopen(settings: StoreSettings) -> None:
    opened = time.perf_counter()
    reopened = KnowledgeStore.open(settings, HashingEmbedder())
    reopening = (time.perf_counter() - opened) * 1000
    first = timed(lambda: reopened.keyword_search(QUESTIONS[0], 50))
    print(f"reopen: open {reopening:.1f} ms, first keyword search {first:.1f} ms")
    print(f"catalogue of the reopened store: {timed(CatalogueCache(reopened).get):.1f} ms")
    print("load average:", " ".join(f"{value:.1f}" for value in os.getloadavg()))


def main(target: int, folder: Path) -> None:
    settings = StoreSettings(data_dir=folder / "data", chroma_url=None)
    build_and_change(settings, target)
    reopen(settings)


if __name__ == "__main__":
    main(int(sys.argv[1]), Path(sys.argv[2]))
