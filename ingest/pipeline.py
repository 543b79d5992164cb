"""Ingest a folder into the knowledge store, incrementally, safely, as one of possibly several origins.

lock the data dir -> scan the folder -> check what the run would delete -> for each new or changed file:
read it within the limits, parse and chunk it in a child process, store it and record it in the manifest
(ingest.writer) -> delete this folder's vanished sources -> commit the keyword index -> save the manifest.

The folder is an origin (its absolute path): the run deletes only sources of its own origin, never uploads
or another folder's documents. A run that would delete more than `max_delete_share` of its sources, or
any when the folder is empty, refuses with PruneRefused before it writes anything, unless pruning is
allowed. A file that cannot be ingested is reported with a reason and keeps its previously indexed version;
a subfolder that cannot be read keeps all of its documents.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ingest.catalog import CATALOG_NAME, Catalog, CatalogError
from ingest.documents import LoadError
from ingest.formats import loader_for
from ingest.isolation import Parser
from ingest.lock import data_dir_lock
from ingest.manifest import UPLOAD_ORIGIN, fingerprint
from ingest.reading import read_document
from ingest.scanning import FolderScan, scan_folder
from ingest.settings import IngestSettings
from ingest.uploads import refresh_uploads
from ingest.writer import SourceWriter
from vectorstore.store import KnowledgeStore


@dataclass(frozen=True)
class IngestProgress:
    """How far a folder run is after one more file: files and bytes looked at, chunks embedded."""

    source: str
    files_done: int
    files_total: int
    bytes_done: int
    bytes_total: int
    chunks_embedded: int


# Called after each file.
ProgressCallback = Callable[[IngestProgress], None]


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


class PruneRefused(RuntimeError):
    """The run would delete too many of its folder's documents; nothing was changed."""

    def __init__(self, folder: Path, would_delete: list[str], indexed: int) -> None:
        share = len(would_delete) / indexed if indexed else 1.0
        super().__init__(
            f"ingesting {folder} would delete {len(would_delete)} of its {indexed} indexed documents "
            f"({share:.0%}); nothing was changed"
        )
        self.would_delete = would_delete


def ingest_folder(
    folder: Path,
    store: KnowledgeStore,
    settings: IngestSettings | None = None,
    on_progress: ProgressCallback | None = None,
    prune: bool = False,
    adopt: bool = False,
) -> IngestReport:
    """Bring the store in line with the folder; a second run on an unchanged folder embeds nothing.

    prune: delete vanished documents whatever their share (also `settings.prune`). adopt: this folder takes
    over the documents of other folders whose files it holds under the same names (a moved folder).
    """
    settings = settings or IngestSettings()
    with data_dir_lock(store.settings.data_dir, settings.lock_timeout_seconds):
        scan = scan_folder(folder, exclude=store.settings.data_dir, follow_symlinks=settings.follow_symlinks)
        writer = SourceWriter(store, settings)
        run = _FolderRun(folder, scan, writer, settings, adopt)
        vanished = run.vanished()
        if vanished and not (prune or settings.prune) and run.deletes_too_much(vanished):
            raise PruneRefused(folder, vanished, len(run.own_sources()))
        sizes = {source: _size(path) for source, path in scan.files.items()}
        bytes_done = 0
        with Parser(settings) as parser:
            for done, (source, path) in enumerate(scan.files.items(), start=1):
                run.ingest(parser, source, path)
                bytes_done += sizes[source]
                if on_progress:
                    totals = (len(scan.files), bytes_done, sum(sizes.values()), writer.chunks_written)
                    on_progress(IngestProgress(source, done, *totals))
            for upload in refresh_uploads(writer, parser):
                run.record(upload.source, upload.outcome, upload.reason)
        writer.delete(vanished)
        run.report.deleted.extend(vanished)
        writer.finish()
    return run.report


class _FolderRun:
    """One folder's run: which sources are its own, and what happened to each file."""

    def __init__(self, folder: Path, scan: FolderScan, writer: SourceWriter, settings: IngestSettings, adopt: bool):
        self.origin = str(folder.resolve())
        self.scan = scan
        self.writer = writer
        self.settings = settings
        self.report = IngestReport()
        self.report.failed.extend(
            (prefix, f"folder could not be read ({why})") for prefix, why in scan.unreadable.items()
        )
        self.report.failed.extend(scan.refused.items())
        self.origins: set[str | None] = {self.origin, None}
        if adopt:
            self.origins |= {self._owner(source) for source in scan.files} - {UPLOAD_ORIGIN}
        self.catalog = Catalog()
        try:
            self.catalog = Catalog.load(folder)
        except CatalogError as error:  # the files still get in, under their own titles
            self.report.failed.append((CATALOG_NAME, str(error)))

    def own_sources(self) -> set[str]:
        return {name for name, entry in self.writer.manifest.sources.items() if entry.origin in self.origins}

    def vanished(self) -> list[str]:
        """This folder's indexed documents that are gone from it (not merely in a subfolder that cannot be read)."""
        files, scan = self.scan.files, self.scan
        return sorted(s for s in self.own_sources() if s not in files and not scan.is_unreadable(s))

    def deletes_too_much(self, vanished: list[str]) -> bool:
        return not self.scan.files or len(vanished) > self.settings.max_delete_share * len(self.own_sources())

    def record(self, source: str, outcome: str, reason: str | None = None) -> None:
        """Add a source handled outside the folder loop (a kept upload made fresh) to the report."""
        if outcome == "failed":
            self.report.failed.append((source, reason or ""))
        elif outcome in ("added", "updated", "deleted"):
            getattr(self.report, outcome).append(source)

    def ingest(self, parser: Parser, source: str, path: Path) -> None:
        try:
            self._ingest(parser, source, path)
        except FileNotFoundError:
            self.report.failed.append((source, "file disappeared during ingest"))
        except LoadError as error:
            self.report.failed.append((source, str(error)))
        except OSError as error:
            self.report.failed.append((source, f"could not read the file ({error.strerror or error})"))
        except Exception as error:  # one bad file must not stop the others
            self.report.failed.append((source, f"could not be ingested ({type(error).__name__}: {error})"))

    def _ingest(self, parser: Parser, source: str, path: Path) -> None:
        owner = self._owner(source)
        if owner not in self.origins:
            raise LoadError(_owned_elsewhere(owner))
        loader_for(path)  # an unsupported file is reported without being read
        content = read_document(path, self.settings.max_file_bytes)
        digest = fingerprint(content, self.catalog.fingerprint(source))
        if self.writer.is_current(source, digest):
            self.writer.claim(source, self.origin)
            self.report.unchanged.append(source)
            return
        chunks = parser.chunk(source, content, self.catalog)
        known = self.writer.entry(source) is not None or source in self.writer.indexed
        self.writer.write(source, self.origin, digest, chunks)
        (self.report.updated if known else self.report.added).append(source)

    def _owner(self, source: str) -> str | None:
        entry = self.writer.entry(source)
        return entry.origin if entry else None


def _owned_elsewhere(owner: str | None) -> str:
    if owner == UPLOAD_ORIGIN:
        return "an uploaded document has this name; rename the file or delete the upload"
    return (
        f"already indexed from the folder {owner}; a document belongs to one folder "
        "(run with --adopt if this folder replaces that one)"
    )


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # a file that vanished after the scan is reported when it is read
