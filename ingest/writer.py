"""Writing sources to the store in an order that a crash at any point cannot turn into a lie.

For each source written:
1. its manifest entry loses its digest (null: "being written") and `commit_pending` is set; saved;
2. `store.replace_source` embeds the chunks, then swaps them in for the old ones in Chroma;
3. the entry gets the new digest; saved.
A source is deleted after `commit_pending` is saved, and its entry removed afterwards. At the end of a run
`store.commit()` brings the keyword index in line with Chroma, and only then is `commit_pending` cleared.

So a run killed anywhere keeps every file it finished (the rerun skips them), re-embeds at most the file it
was writing, and leaves a mark that makes the next run commit the keyword index even if nothing changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from pathlib import Path

from ingest.chunking import CHUNKER_VERSION
from ingest.manifest import MANIFEST_NAME, UPLOAD_ORIGIN, UPLOADS_FOLDER, Manifest, SourceEntry, config_key
from ingest.settings import CHUNKING_FIELDS, IngestSettings
from vectorstore.models import Chunk
from vectorstore.store import KnowledgeStore


class SourceWriter:
    """The store and the manifest of one data dir, written together. The caller holds the data dir lock."""

    def __init__(self, store: KnowledgeStore, settings: IngestSettings) -> None:
        self.store = store
        self.config = config_key(ingest_config(settings, store.embedder.name))
        self.path = store.settings.data_dir / MANIFEST_NAME
        self.manifest = Manifest.load(self.path)
        self.indexed = store.sources()
        self.chunks_written = 0  # embedded and stored by this writer, for progress reports
        self._record_unlisted_sources(store.settings.data_dir)

    def entry(self, source: str) -> SourceEntry | None:
        return self.manifest.sources.get(source)

    def is_current(self, source: str, digest: str) -> bool:
        """The store holds exactly this version of the source, made with the current settings."""
        entry = self.entry(source)
        return entry is not None and entry.is_current(digest, self.config) and source in self.indexed

    def claim(self, source: str, origin: str) -> None:
        """Record an unchanged source as belonging to `origin` (a legacy or adopted one); saved at the end."""
        entry = self.entry(source)
        if entry is not None:
            entry.origin = origin

    def write(self, source: str, origin: str, digest: str, chunks: Sequence[Chunk]) -> None:
        previous = self.entry(source)
        self.manifest.sources[source] = SourceEntry(origin, None, self.config, previous.chunks if previous else 0)
        self.manifest.commit_pending = True
        self.manifest.save(self.path)
        self.store.replace_source(source, chunks)
        self.chunks_written += len(chunks)
        self.indexed.add(source)
        now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.manifest.sources[source] = SourceEntry(origin, digest, self.config, len(chunks), now)
        self.manifest.save(self.path)

    def delete(self, sources: Collection[str]) -> None:
        if not sources:
            return
        self.manifest.commit_pending = True
        self.manifest.save(self.path)
        for source in sources:
            self.store.delete_source(source)
            self.indexed.discard(source)
            self.manifest.sources.pop(source, None)
        self.manifest.save(self.path)

    def finish(self) -> None:
        """Commit the keyword index when the store was written (by this run or a crashed one), then save."""
        if self.manifest.commit_pending:
            self.store.commit()
            self.manifest.commit_pending = False
        self.manifest.save(self.path)

    def _record_unlisted_sources(self, data_dir: Path) -> None:
        """Sources in the store without an entry (the manifest was lost): an upload when its file is kept,
        else of no known origin, which the next folder run takes over."""
        for source in self.indexed - set(self.manifest.sources):
            kept = source.startswith(f"{UPLOADS_FOLDER}/") and (data_dir / source).is_file()
            self.manifest.sources[source] = SourceEntry(UPLOAD_ORIGIN if kept else None, None, self.config)


def ingest_config(settings: IngestSettings, embedder_name: str) -> dict[str, str]:
    """Everything besides a file's bytes that its chunks and vectors depend on."""
    config = {"chunker": CHUNKER_VERSION, "embedder": embedder_name}
    config.update({name: str(getattr(settings, name)) for name in CHUNKING_FIELDS})
    return config
