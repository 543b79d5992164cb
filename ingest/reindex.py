"""Ingest one indexed document again from its file, whatever its fingerprint (`POST /v1/documents/{id}/reindex`).

An upload is read from its kept copy under `<data dir>/uploads/` with its kept metadata; a folder's document
from `<origin folder>/<source>` with that folder's metadata.json. Its chunks and vectors are made anew with
the current settings and swapped in for the old ones, under the data dir lock. A document whose file is gone
keeps its indexed version and is reported as failed (the next run of its folder deletes it).
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from ingest.catalog import Catalog, CatalogError
from ingest.documents import LoadError
from ingest.isolation import Parser
from ingest.lock import data_dir_lock
from ingest.manifest import UPLOAD_ORIGIN, UPLOADS_FOLDER, SourceEntry, fingerprint
from ingest.reading import read_document
from ingest.settings import IngestSettings
from ingest.uploads import UploadResult
from ingest.writer import SourceWriter
from vectorstore.store import KnowledgeStore


class NotReindexable(LookupError):
    """The source is not indexed, or where its file lives is not recorded."""


def reindex_source(
    store: KnowledgeStore, source: str, settings: IngestSettings | None = None, lock_timeout: float | None = None
) -> UploadResult:
    """Chunk and embed `source` again from its file; the result says `updated` or `failed` with the reason."""
    settings = settings or IngestSettings()
    timeout = settings.lock_timeout_seconds if lock_timeout is None else lock_timeout
    with data_dir_lock(store.settings.data_dir, timeout):
        writer = SourceWriter(store, settings)
        entry = writer.entry(source)
        if entry is None or source not in writer.indexed:
            raise NotReindexable(f"{source} is not indexed")
        with Parser(settings) as parser:
            result = _reindex(writer, parser, settings, source, entry)
        writer.finish()
    return result


def _reindex(
    writer: SourceWriter, parser: Parser, settings: IngestSettings, source: str, entry: SourceEntry
) -> UploadResult:
    name = PurePosixPath(source).name
    try:
        path, key, catalog = _file_of(writer.store.settings.data_dir, source, entry)
        content = read_document(path, settings.max_file_bytes)
        metadata = catalog.entry(key)
        chunks = parser.chunk(source, content, Catalog({source: metadata} if metadata else {}))
    except FileNotFoundError:
        return UploadResult(name, source, "failed", "its file is gone; the indexed version is kept")
    except (LoadError, CatalogError) as error:
        return UploadResult(name, source, "failed", str(error))
    except OSError as error:
        return UploadResult(name, source, "failed", f"could not read the file ({error.strerror or error})")
    assert entry.origin is not None
    writer.write(source, entry.origin, fingerprint(content, catalog.fingerprint(key)), chunks)
    return UploadResult(name, source, "updated", chunks=len(chunks))


def _file_of(data_dir: Path, source: str, entry: SourceEntry) -> tuple[Path, str, Catalog]:
    """The file, its key in its catalog, and the catalog (metadata.json) it takes metadata from."""
    if entry.origin == UPLOAD_ORIGIN:
        folder = data_dir / UPLOADS_FOLDER
        return data_dir / source, PurePosixPath(source).name, Catalog.load(folder)
    if entry.origin is None:
        raise NotReindexable(f"{source} has no recorded folder; run kildesvar ingest on its folder")
    folder = Path(entry.origin)
    return folder / source, source, Catalog.load(folder)
