"""The documents API for content owners: list, show, upload, delete and re-index documents (admin only).

Uploads go through ingest's upload pipeline (`ingest.uploads`, the same loaders and limits as `kildesvar
ingest`) under the data dir's writer lock, with one result per file; every run and each failed file is
recorded for /metrics and the admin page (`ingest.runs`). Only uploaded documents can be deleted here: a
document ingested from a folder would come back at that folder's next run, so it is removed from the folder
instead (409 `not_deletable` says so). Routes are plain `def`s: FastAPI runs them in the thread pool, where
the writer lock belongs.
"""

from __future__ import annotations

import json
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Path, Query, UploadFile
from pydantic import BaseModel, Field

from ingest.lock import DataDirBusy
from ingest.reindex import NotReindexable, reindex_source
from ingest.runs import FailedFile, IngestRuns, RunKind
from ingest.uploads import METADATA_FIELDS, NotAnUpload, Upload, UploadResult, delete_upload, ingest_uploads
from service.http.admin_auth import AdminAccess, CsrfRefused
from service.http.deps import StoreDep
from service.http.document_catalogue import DocumentDetail, DocumentPage, detail, summaries
from service.http.documented import CALLER, error_responses
from service.http.errors import InvalidRequest, KildesvarError, NotFound, PayloadTooLarge
from vectorstore.store import KnowledgeStore

MAX_FILES = 100
MAX_PAGE = 200
LOCK_WAIT_SECONDS = 10.0


class DocumentNotFound(NotFound):
    code = "document_not_found"
    message = "Fant ikke dokumentet i kunnskapsbasen."


class NotDeletable(KildesvarError):
    code = "not_deletable"
    status = 409
    message = (
        "Dokumentet er lest inn fra en mappe og kan bare fjernes der: slett filen i mappen, så forsvinner det ved "
        "neste innlesing (ellers kommer det tilbake)."
    )


class IngestBusy(KildesvarError):
    code = "ingest_busy"
    status = 503
    message = "En annen innlesing av dokumenter pågår. Prøv igjen om litt."
    headers = {"Retry-After": "30"}


class FileResult(BaseModel):
    name: str = Field(..., description="The file's name as uploaded.")
    id: str = Field(..., description="The document's id (`uploads/<name>`).")
    outcome: Literal["added", "updated", "unchanged", "deleted", "failed"]
    reason: str | None = Field(None, description="Why the file failed.")
    chunks: int = 0


class IngestResult(BaseModel):
    files: list[FileResult]


class FailedFileOut(BaseModel):
    source: str
    reason: str
    kind: str = Field(..., description="`folder` (kildesvar ingest), `upload`, `reindex` or `delete`.")
    failed_at: str


class FailedFiles(BaseModel):
    failures: list[FailedFileOut]


_ADMIN = (*CALLER, CsrfRefused())
_EXAMPLE_METADATA = '{"vedtak.pdf": {"title": "Vedtak om næringsplan", "type": "vedtak", "date": "2026-05-04"}}'

router = APIRouter(prefix="/v1/documents", tags=["dokumenter"])


@router.get(
    "",
    summary="List dokumentene",
    description="Dokumentene i kunnskapsbasen, sortert etter tittel, side for side; `q` søker i tittel og kilde.",
    responses=error_responses(*_ADMIN),
)
def list_documents(
    _caller: AdminAccess,
    store: StoreDep,
    q: Annotated[str, Query(max_length=200, description="Søk i tittel og kilde.")] = "",
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
) -> DocumentPage:
    found = summaries(store, q)
    return DocumentPage(documents=found[offset : offset + limit], total=len(found), offset=offset, limit=limit)


@router.get(
    "/failures",
    summary="Filer som ikke kunne leses inn",
    description="De siste filene som feilet ved innlesing (fra mappen, opplasting eller ny innlesing), med årsak.",
    responses=error_responses(*_ADMIN),
)
def failed_files(
    _caller: AdminAccess, store: StoreDep, limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50
) -> FailedFiles:
    failures = IngestRuns.in_data_dir(store.settings.data_dir).recent_failures(limit)
    return FailedFiles(failures=[_failure(failure) for failure in failures])


@router.post(
    "",
    summary="Last opp dokumenter",
    description="Multipart-opplasting av én eller flere filer (`files`), med valgfri `metadata`: JSON med tittel, "
    "type, dato og url per filnavn. Hver fil leses inn som med `kildesvar ingest`, og svaret har ett resultat per "
    "fil. En opplasting over grensen får 413.",
    responses=error_responses(*_ADMIN, PayloadTooLarge(), InvalidRequest("Ingen filer i «files»."), IngestBusy()),
)
def upload_documents(
    _caller: AdminAccess,
    store: StoreDep,
    files: Annotated[list[UploadFile], File(description="The files (.md, .txt, .html, .pdf, .docx).")],
    metadata: Annotated[
        str | None,
        Form(description=f"JSON: file name -> {{{', '.join(METADATA_FIELDS)}}}", examples=[_EXAMPLE_METADATA]),
    ] = None,
) -> IngestResult:
    if len(files) > MAX_FILES:
        raise InvalidRequest(f"Høyst {MAX_FILES} filer per opplasting.")
    by_name = _metadata(metadata)
    uploads = [
        Upload(upload.filename or "", upload.file.read(), by_name.get(upload.filename or "")) for upload in files
    ]
    results = _locked(lambda: ingest_uploads(store, uploads, lock_timeout=LOCK_WAIT_SECONDS))
    _record(store, "upload", results)
    return IngestResult(files=[_result(result) for result in results])


DocumentId = Annotated[str, Path(description="The document's id (its source), e.g. `uploads/vedtak.pdf`.")]


@router.get(
    "/{document_id:path}",
    summary="Ett dokument",
    description="Dokumentets metadata og avsnitt (overskrift, side, tekstavsnitt).",
    responses=error_responses(*_ADMIN, DocumentNotFound()),
)
def show_document(_caller: AdminAccess, store: StoreDep, document_id: DocumentId) -> DocumentDetail:
    found = detail(store, document_id)
    if found is None:
        raise DocumentNotFound()
    return found


@router.delete(
    "/{document_id:path}",
    status_code=204,
    summary="Slett et opplastet dokument",
    description="Fjerner et opplastet dokument fra kunnskapsbasen og filen som ble tatt vare på. Dokumenter lest "
    "inn fra en mappe fjernes i mappen (409).",
    responses=error_responses(*_ADMIN, DocumentNotFound(), NotDeletable(), IngestBusy()),
)
def remove_document(_caller: AdminAccess, store: StoreDep, document_id: DocumentId) -> None:
    if document_id not in store.sources():
        raise DocumentNotFound()
    try:
        _locked(lambda: delete_upload(store, document_id, lock_timeout=LOCK_WAIT_SECONDS))
    except NotAnUpload:
        raise NotDeletable() from None
    IngestRuns.in_data_dir(store.settings.data_dir).record("delete", 1, [])


@router.post(
    "/{document_id:path}/reindex",
    summary="Les inn et dokument på nytt",
    description="Deler opp og embedder dokumentet på nytt fra filen (den opplastede kopien, eller filen i mappen).",
    responses=error_responses(*_ADMIN, DocumentNotFound(), IngestBusy()),
)
def reindex_document(_caller: AdminAccess, store: StoreDep, document_id: DocumentId) -> IngestResult:
    try:
        result = _locked(lambda: reindex_source(store, document_id, lock_timeout=LOCK_WAIT_SECONDS))
    except NotReindexable:
        raise DocumentNotFound() from None
    _record(store, "reindex", [result])
    return IngestResult(files=[_result(result)])


def _locked(work):
    try:
        return work()
    except DataDirBusy:
        raise IngestBusy() from None


def _metadata(text: str | None) -> dict[str, dict[str, str]]:
    if not text:
        return {}
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError:
        parsed = None
    valid = isinstance(parsed, dict) and all(
        isinstance(entry, dict) and all(isinstance(value, str) for value in entry.values()) for entry in parsed.values()
    )
    if not valid:
        raise InvalidRequest('«metadata» må være JSON som {"fil.pdf": {"title": "...", "type": "..."}}.')
    return parsed


def _record(store: KnowledgeStore, kind: RunKind, results: list[UploadResult]) -> None:
    failures = [(result.source, result.reason or "") for result in results if result.outcome == "failed"]
    IngestRuns.in_data_dir(store.settings.data_dir).record(kind, len(results), failures)


def _result(result: UploadResult) -> FileResult:
    return FileResult(
        name=result.name, id=result.source, outcome=result.outcome, reason=result.reason, chunks=result.chunks
    )


def _failure(failure: FailedFile) -> FailedFileOut:
    return FailedFileOut(
        source=failure.source, reason=failure.reason, kind=failure.kind, failed_at=failure.failed_at.isoformat()
    )
