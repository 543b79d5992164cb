"""Ingest throughput: `kildesvar ingest` end to end on a slice of the tier, and the bare embedder on the same texts.

Both run in fresh processes into a fresh data dir, so each run pays what a user's first ingest pays
(start-up and model load included in the end-to-end figure; the bare figure is the embedding alone).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.index import copy_corpus
from bench.processes import BIN
from bench.tiers import TierCorpus
from vectorstore.chunk_metadata import embedding_text


@dataclass(frozen=True)
class IngestResult:
    files: int
    chunks: int
    tokens: int
    ingest_seconds: float  # `kildesvar ingest` wall time, process start to exit
    embed_seconds: float  # the bare embedder on the same passages, model already loaded
    model_load_seconds: float

    @property
    def rates(self) -> dict[str, float]:
        return {
            "ingest_chunks_per_s": self.chunks / self.ingest_seconds,
            "ingest_tokens_per_s": self.tokens / self.ingest_seconds,
            "embedder_chunks_per_s": self.chunks / self.embed_seconds,
            "embedder_tokens_per_s": self.tokens / self.embed_seconds,
            "ingest_over_embedder": self.ingest_seconds / self.embed_seconds,
        }


def measure_ingest(sample: TierCorpus, work_dir: Path, env: dict[str, str]) -> IngestResult:
    """One end-to-end ingest of `sample` and one bare-embedder pass over the same passages."""
    shutil.rmtree(work_dir, ignore_errors=True)
    copy_corpus(sample, work_dir / "corpus")
    started = time.perf_counter()
    ingest = subprocess.run(
        [str(BIN / "kildesvar"), "ingest", str(work_dir / "corpus"), "--data-dir", str(work_dir / "data")],
        env=env,
        capture_output=True,
        text=True,
    )
    ingest_seconds = time.perf_counter() - started
    if ingest.returncode != 0:
        output = ingest.stdout[-2000:] + ingest.stderr[-2000:]
        raise RuntimeError(f"kildesvar ingest failed ({ingest.returncode}):\n{output}")
    texts = work_dir / "texts.json"
    texts.write_text(json.dumps([embedding_text(chunk) for chunk in sample.chunks], ensure_ascii=False), "utf-8")
    bare = subprocess.run(
        [sys.executable, "-m", "bench.bare_embedder", str(texts)], env=env, capture_output=True, text=True, check=True
    )
    measured = json.loads(bare.stdout.strip().splitlines()[-1])
    shutil.rmtree(work_dir, ignore_errors=True)
    return IngestResult(
        files=len(sample.files),
        chunks=len(sample.chunks),
        tokens=int(measured["tokens"]),
        ingest_seconds=round(ingest_seconds, 2),
        embed_seconds=float(measured["embed_seconds"]),
        model_load_seconds=float(measured["load_seconds"]),
    )
