"""Documents posted to the API (`POST /v1/documents`): folder ingest's pipeline and limits, with origin `upload`.

An uploaded file is kept as `<data dir>/uploads/<name>` and indexed as the source `uploads/<name>`; its
optional metadata (title, type, date, url) is kept in `<data dir>/uploads/metadata.json`, the same catalog
a folder has. So uploads can be ingested again from the data dir alone (after a crash, or with another
embedding model: every folder run re-ingests uploads whose entry is unfinished or made with other
settings), and no folder run ever deletes one.

`ingest_uploads(store, uploads)` gives one UploadResult per file; `delete_upload(store, source)` removes one.
Both hold the data dir lock while they work (waiting up to `lock_timeout`, then DataDirBusy): call them from
a worker thread, such as a plain `def` FastAPI route, not from the event loop.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Literal

from ingest.catalog import CATALOG_NAME, Catalog
from ingest.documents import LoadError
from ingest.durable import write_durably
from ingest.formats import loader_for
from ingest.isolation import Parser
from ingest.lock import data_dir_lock
from ingest.manifest import UPLOAD_ORIGIN, UPLOADS_FOLDER, fingerprint
from ingest.reading import read_document
from ingest.settings import IngestSettings
from ingest.writer import SourceWriter
from vectorstore.store import KnowledgeStore

METADATA_FIELDS = ("title", "type", "date", "url")
NOT_A_PLAIN_NAME = "the file name must be a plain name such as rapport.pdf (no folders, not hidden)"
Outcome = Literal["added", "updated", "unchanged", "deleted", "failed"]


@dataclass(frozen=True)
class Upload:
    name: str  # the file's name as uploaded, e.g. "vedtak.pdf"; no folders
    content: bytes
    metadata: Mapping[str, str] | None = None  # any of METADATA_FIELDS


@dataclass(frozen=True)
class UploadResult:
    name: str
    source: str  # uploads/<name>, the document id in the store
    outcome: Outcome
    reason: str | None = None  # why it failed
    chunks: int = 0


class NotAnUpload(LookupError):
    """The source is not an uploaded document (it does not exist, or a folder owns it)."""


def upload_source(name: str) -> str:
    return f"{UPLOADS_FOLDER}/{name}"


def ingest_uploads(
    store: KnowledgeStore,
    uploads: Sequence[Upload],
    settings: IngestSettings | None = None,
    lock_timeout: float | None = None,
) -> list[UploadResult]:
    """Ingest each file as folder ingest would (same loaders, limits and parse time limit), one result each."""
    settings = settings or IngestSettings()
    data_dir = store.settings.data_dir
    timeout = settings.lock_timeout_seconds if lock_timeout is None else lock_timeout
    with data_dir_lock(data_dir, timeout):
        writer = SourceWriter(store, settings)
        with Parser(settings) as parser:
            results = [_ingest_upload(writer, parser, settings, upload) for upload in uploads]
        writer.finish()
    return results


def delete_upload(
    store: KnowledgeStore, source: str, settings: IngestSettings | None = None, lock_timeout: float | None = None
) -> None:
    """Remove an uploaded document from both indexes and its kept file; NotAnUpload when it is none."""
    settings = settings or IngestSettings()
    data_dir = store.settings.data_dir
    timeout = settings.lock_timeout_seconds if lock_timeout is None else lock_timeout
    with data_dir_lock(data_dir, timeout):
        writer = SourceWriter(store, settings)
        entry = writer.entry(source)
        if entry is None or entry.origin != UPLOAD_ORIGIN:
            where = f"a document of the folder {entry.origin}" if entry and entry.origin else "no uploaded document"
            raise NotAnUpload(f"{source} is {where}")
        writer.delete([source])
        name = PurePosixPath(source).name
        _save_metadata(writer, name, None)
        (data_dir / UPLOADS_FOLDER / name).unlink(missing_ok=True)
        writer.finish()


def refresh_uploads(writer: SourceWriter, parser: Parser) -> list[UploadResult]:
    """Ingest again the kept uploads whose entry is unfinished (a crash) or made with other settings."""
    folder = writer.store.settings.data_dir / UPLOADS_FOLDER
    results = []
    for source, entry in sorted(writer.manifest.sources.items()):
        if entry.origin != UPLOAD_ORIGIN or (entry.digest and entry.config == writer.config):
            continue
        name = PurePosixPath(source).name
        try:
            content = read_document(folder / name, parser.settings.max_file_bytes)
        except FileNotFoundError:
            writer.delete([source])
            results.append(UploadResult(name, source, "deleted", "its kept file is gone"))
            continue
        except (OSError, LoadError) as error:
            results.append(UploadResult(name, source, "failed", str(error)))
            continue
        results.append(_ingest_upload(writer, parser, parser.settings, Upload(name, content), keep=False))
    return results


def _ingest_upload(
    writer: SourceWriter, parser: Parser, settings: IngestSettings, upload: Upload, keep: bool = True
) -> UploadResult:
    source = upload_source(upload.name)
    try:
        _check_upload(writer, settings, upload)
        catalog = _catalog(writer, upload)
        digest = fingerprint(upload.content, catalog.fingerprint(upload.name))
        if writer.is_current(source, digest):
            return UploadResult(upload.name, source, "unchanged", chunks=_chunks(writer, source))
        entry = catalog.entry(upload.name)
        chunks = parser.chunk(source, upload.content, Catalog({source: entry} if entry else {}))
        if keep:
            write_durably(writer.store.settings.data_dir / source, upload.content)
        if keep and upload.metadata is not None:
            _save_metadata(writer, upload.name, upload.metadata)
        known = writer.entry(source) is not None
        writer.write(source, UPLOAD_ORIGIN, digest, chunks)
        return UploadResult(upload.name, source, "updated" if known else "added", chunks=len(chunks))
    except LoadError as error:
        return UploadResult(upload.name, source, "failed", str(error))
    except Exception as error:  # one bad file must not stop the others
        return UploadResult(upload.name, source, "failed", f"could not be ingested ({type(error).__name__}: {error})")


def _check_upload(writer: SourceWriter, settings: IngestSettings, upload: Upload) -> None:
    """LoadError unless the upload has a plain file name, a supported type, an allowed size and no rival."""
    name = upload.name
    if not name or name != PurePosixPath(name).name or "\\" in name or name.startswith(".") or name == CATALOG_NAME:
        raise LoadError(NOT_A_PLAIN_NAME)
    if not name.isprintable() or len(name) > 200:
        raise LoadError("the file name must be printable and at most 200 characters")
    loader_for(PurePosixPath(name))
    if len(upload.content) > settings.max_file_bytes:
        raise LoadError(f"the file is larger than {settings.max_file_bytes} bytes (KILDESVAR_INGEST_MAX_FILE_BYTES)")
    unknown = sorted(set(upload.metadata or {}) - set(METADATA_FIELDS))
    if unknown:
        raise LoadError(f"unknown metadata fields {', '.join(unknown)}; use {', '.join(METADATA_FIELDS)}")
    entry = writer.entry(upload_source(name))
    if entry is not None and entry.origin not in (UPLOAD_ORIGIN, None):
        raise LoadError(f"a document of the folder {entry.origin} has this name; rename the file")


def _catalog(writer: SourceWriter, upload: Upload) -> Catalog:
    """The kept uploads catalog, with this upload's metadata when it brings some."""
    catalog = Catalog.load(writer.store.settings.data_dir / UPLOADS_FOLDER)
    return catalog.with_entry(upload.name, dict(upload.metadata)) if upload.metadata is not None else catalog


def _save_metadata(writer: SourceWriter, name: str, metadata: Mapping[str, str] | None) -> None:
    """Keep (or with None, drop) a file's entry in <data dir>/uploads/metadata.json."""
    folder = writer.store.settings.data_dir / UPLOADS_FOLDER
    catalog = Catalog.load(folder)
    if metadata is None and catalog.entry(name) is None:
        return
    catalog = catalog.with_entry(name, dict(metadata) if metadata is not None else None)
    write_durably(folder / CATALOG_NAME, json.dumps(catalog.entries(), ensure_ascii=False, indent=1).encode())


def _chunks(writer: SourceWriter, source: str) -> int:
    entry = writer.entry(source)
    return entry.chunks if entry else 0
