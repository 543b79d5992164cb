"""The cost of changing one file in a large store: one ~12-chunk law re-ingested into a copy of the tier's index.

Most of what ingest does for a changed file does not depend on the file: listing the store's sources,
fingerprinting every file, the keyword index commit. This measures the whole `ingest_folder` call (store
opened, model already loaded) on a copy, and how much of it was embedding, so the rest is that fixed cost.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.index import TierIndex, copy_corpus
from bench.tiers import TierCorpus
from evaluation.index_cache import VectorReuse
from ingest.pipeline import ingest_folder
from ingest.settings import IngestSettings
from vectorstore.embeddings import Embedder
from vectorstore.settings import StoreSettings
from vectorstore.store import KnowledgeStore

_CHANGED_FILE_CHUNKS = 12
_APPENDED = "\n\nDenne setningen er lagt til av ytelsesmålingen.\n".encode()


@dataclass(frozen=True)
class UpdateResult:
    source: str
    chunks: int  # passages embedded for the changed file
    seconds: float  # opening the store and `ingest_folder`, end to end
    embed_seconds: float

    @property
    def fixed_seconds(self) -> float:
        return self.seconds - self.embed_seconds


def measure_update(index: TierIndex, corpus: TierCorpus, embedder: Embedder, work_root: Path) -> UpdateResult:
    """Append a sentence to one file of the tier and ingest the tier's folder into a copy of its data dir."""
    source = changed_file(corpus)
    shutil.rmtree(work_root, ignore_errors=True)
    work_root.mkdir(parents=True)
    # A new folder for every measurement: embedded Chroma keeps one client per path for the life of the
    # process, and a client whose files were deleted and copied again fails with "attempt to write a
    # readonly database" (SQLite's moved-database error) in the next run.
    work_dir = Path(tempfile.mkdtemp(dir=work_root))
    shutil.copytree(index.data_dir, work_dir / "data")
    copy_corpus(corpus, work_dir / "corpus")
    changed = work_dir / "corpus" / source
    changed.write_bytes(changed.read_bytes() + _APPENDED)
    counting = VectorReuse(embedder, {})
    started = time.perf_counter()
    store = KnowledgeStore.open(StoreSettings(data_dir=work_dir / "data", chroma_url=None), counting)
    # adopt: the copy's documents were ingested from the tier's own corpus folder, this is the same folder moved.
    report = ingest_folder(work_dir / "corpus", store, IngestSettings(), adopt=True)
    seconds = time.perf_counter() - started
    shutil.rmtree(work_dir, ignore_errors=True)
    if report.updated != [source] or report.added or report.deleted or report.failed:
        raise RuntimeError(f"re-ingesting {source} changed more than that file: {report}")
    return UpdateResult(source, len(counting.embedded), round(seconds, 2), round(counting.seconds, 2))


def changed_file(corpus: TierCorpus) -> str:
    """The tier's file whose chunk count is closest to a dozen (the first such in the file order)."""
    counts = {source: 0 for source in corpus.files}
    for chunk in corpus.chunks:
        counts[chunk.source] += 1
    return min(corpus.files, key=lambda source: abs(counts[source] - _CHANGED_FILE_CHUNKS))
