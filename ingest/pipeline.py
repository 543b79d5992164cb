"""Ingest a folder into the knowledge store, incrementally.

scan -> fingerprint -> compare with the manifest -> load + chunk the new and changed files ->
`store.replace_source` each -> `store.delete_source` the vanished ones -> `store.commit` once -> save the
manifest. A file that cannot be ingested is reported with a reason and keeps its previously indexed version.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ingest.catalog import CATALOG_NAME, Catalog, CatalogError
from ingest.chunking import CHUNKER_VERSION
from ingest.documents import LoadError
from ingest.extraction import chunk_file
from ingest.formats import loader_for
from ingest.manifest import MANIFEST_NAME, Manifest, fingerprint
from ingest.scanning import scan_folder
from ingest.settings import IngestSettings
from vectorstore.store import KnowledgeStore

# Called after each file with (source, files done, files in total).
ProgressCallback = Callable[[str, int, int], None]


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)

    @property
    def ok(self) -> bool:
        return not self.failed


def ingest_folder(
    folder: Path,
    store: KnowledgeStore,
    settings: IngestSettings | None = None,
    on_progress: ProgressCallback | None = None,
) -> IngestReport:
    """Bring the store in line with the folder; a second run on an unchanged folder embeds nothing."""
    settings = settings or IngestSettings()
    manifest_path = store.settings.data_dir / MANIFEST_NAME
    previous = Manifest.load(manifest_path)
    run = _Run(store, settings, previous)
    run.open_catalog(folder)
    files = scan_folder(folder, exclude=store.settings.data_dir)
    for done, (source, path) in enumerate(files.items(), start=1):
        run.ingest(source, path)
        if on_progress:
            on_progress(source, done, len(files))
    for source in sorted((set(previous.sources) | run.indexed) - set(files)):
        store.delete_source(source)
        run.report.deleted.append(source)
    report = run.report
    if report.added or report.updated or report.deleted:
        store.commit()
    run.manifest.save(manifest_path)
    return report


def ingest_config(settings: IngestSettings, embedder_name: str) -> dict[str, str]:
    """Everything besides a file's bytes that its chunks and vectors depend on."""
    config = {"chunker": CHUNKER_VERSION, "embedder": embedder_name}
    config.update({name: str(value) for name, value in settings.model_dump().items()})
    return config


class _Run:
    """The state of one ingest run: what was known before, what the new manifest and report hold."""

    def __init__(self, store: KnowledgeStore, settings: IngestSettings, previous: Manifest) -> None:
        self.store = store
        self.settings = settings
        self.report = IngestReport()
        self.manifest = Manifest(config=ingest_config(settings, store.embedder.name))
        self.known = previous.sources if previous.config == self.manifest.config else {}
        self.indexed = store.sources()
        self.seen_before = set(previous.sources) | self.indexed
        self.catalog = Catalog()

    def open_catalog(self, folder: Path) -> None:
        """Read metadata.json; when it is broken the files still get in, under their own titles."""
        try:
            self.catalog = Catalog.load(folder)
        except CatalogError as error:
            self.report.failed.append((CATALOG_NAME, str(error)))

    def ingest(self, source: str, path: Path) -> None:
        try:
            self._ingest(source, path)
        except FileNotFoundError:
            self._fail(source, "file disappeared during ingest")
        except LoadError as error:
            self._fail(source, str(error))
        except OSError as error:
            self._fail(source, f"could not read the file ({error.strerror or error})")
        except Exception as error:  # one bad file must not stop the others
            self._fail(source, f"could not be ingested ({type(error).__name__}: {error})")

    def _ingest(self, source: str, path: Path) -> None:
        loader_for(path)  # an unsupported file is reported without being read
        content = path.read_bytes()
        digest = fingerprint(content, self.catalog.fingerprint(source))
        if self.known.get(source) == digest and source in self.indexed:
            self.report.unchanged.append(source)
            self.manifest.sources[source] = digest
            return
        chunks = chunk_file(source, content, self.catalog, self.settings)
        self.store.replace_source(source, chunks)
        (self.report.updated if source in self.seen_before else self.report.added).append(source)
        self.manifest.sources[source] = digest

    def _fail(self, source: str, reason: str) -> None:
        """Report the file; its previous version stays indexed and its manifest entry stays as it was."""
        self.report.failed.append((source, reason))
        if source in self.known:
            self.manifest.sources[source] = self.known[source]
