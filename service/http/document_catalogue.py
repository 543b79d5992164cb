"""What the documents API says about an indexed document: the store's fields and where the document came from.

A document is one source (its id is the source path, e.g. `uploads/vedtak.pdf` or `lover/lov-2016-06-17-73.md`).
Its fields are those of its first chunk; `amendments` counts the chunks under a note saying the text will be
amended or repealed by an act not yet merged into it. Where it came from (`upload`, or the folder it was
ingested from) and when are read from the ingest manifest: only uploads can be deleted through the API, since a
folder's document would come back at that folder's next `kildesvar ingest` run.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from itertools import groupby
from typing import Literal

from pydantic import BaseModel, Field

from ingest.manifest import MANIFEST_NAME, UPLOAD_ORIGIN, Manifest, SourceEntry
from vectorstore.models import Chunk
from vectorstore.store import KnowledgeStore

ANNOUNCED_AMENDMENT = "endres"
ANNOUNCED_REPEAL = "oppheves"


class Amendments(BaseModel):
    amended_sections: int = Field(0, description="Chunks under a note that the text will be or is amended.")
    repealed_sections: int = Field(0, description="Chunks under a note that the text will be or is repealed.")
    effective: list[str] = Field(default_factory=list, description="The notes' dates in force (ISO), sorted.")


class DocumentSummary(BaseModel):
    id: str = Field(..., description="The document's id: its source path in the index.")
    title: str
    type: str = Field(..., description="`lov`, `forskrift`, `rapport`, `veileder`, ... (empty when unknown).")
    source: str
    chunks: int
    ingested_at: datetime | None = Field(None, description="When its chunks were last stored (UTC).")
    date: str | None = None
    in_force_from: str | None = None
    last_amended: str | None = None
    url: str | None = None
    origin: Literal["upload", "folder", "unknown"] = Field(
        ..., description="`upload` (through the API), `folder` (`kildesvar ingest`), or `unknown` (not recorded)."
    )
    folder: str | None = Field(None, description="The folder a `folder` document was ingested from.")
    deletable: bool = Field(..., description="Whether `DELETE /v1/documents/{id}` may remove it (uploads only).")
    amendments: Amendments


class Section(BaseModel):
    section: str = Field(..., description="The heading path, ` > ` separated.")
    page: int | None = None
    chunk_ids: list[str]


class DocumentDetail(DocumentSummary):
    sections: list[Section]


class DocumentPage(BaseModel):
    documents: list[DocumentSummary]
    total: int = Field(..., description="Documents matching the search, on every page.")
    offset: int
    limit: int


def manifest_of(store: KnowledgeStore) -> Manifest:
    return Manifest.load(store.settings.data_dir / MANIFEST_NAME)


def summaries(store: KnowledgeStore, query: str = "") -> list[DocumentSummary]:
    """Every indexed document whose title, short title or source contains `query` (any case), by title."""
    manifest = manifest_of(store)
    by_source: dict[str, list[Chunk]] = defaultdict(list)
    for chunk in store.all_chunks():
        by_source[chunk.source].append(chunk)
    found = [summary(chunks, manifest.sources.get(source)) for source, chunks in by_source.items()]
    needle = query.strip().casefold()
    if needle:
        found = [document for document in found if needle in _searchable(document, by_source[document.id][0])]
    return sorted(found, key=lambda document: (document.title.casefold(), document.id))


def detail(store: KnowledgeStore, source: str) -> DocumentDetail | None:
    """The document with its sections in reading order; None when it is not indexed."""
    chunks = sorted(store.get(sorted(store.chunk_ids_of([source]))), key=lambda chunk: chunk.position)
    if not chunks:
        return None
    sections = [
        Section(section=section, page=page, chunk_ids=[chunk.id for chunk in group])
        for (section, page), group in groupby(chunks, key=lambda chunk: (chunk.section, chunk.page))
    ]
    return DocumentDetail(**summary(chunks, manifest_of(store).sources.get(source)).model_dump(), sections=sections)


def summary(chunks: list[Chunk], entry: SourceEntry | None) -> DocumentSummary:
    first = chunks[0]
    origin = entry.origin if entry else None
    return DocumentSummary(
        id=first.source,
        title=first.title,
        type=first.doc_type,
        source=first.source,
        chunks=len(chunks),
        ingested_at=datetime.fromisoformat(entry.ingested_at) if entry and entry.ingested_at else None,
        date=first.date,
        in_force_from=first.in_force_from,
        last_amended=first.last_amended,
        url=first.url,
        origin="upload" if origin == UPLOAD_ORIGIN else "folder" if origin else "unknown",
        folder=origin if origin not in (None, UPLOAD_ORIGIN) else None,
        deletable=origin == UPLOAD_ORIGIN,
        amendments=amendments(chunks),
    )


def amendments(chunks: Iterable[Chunk]) -> Amendments:
    notes = [(chunk.id, note) for chunk in chunks for note in chunk.amendments]
    return Amendments(
        amended_sections=len({chunk_id for chunk_id, note in notes if note.kind == ANNOUNCED_AMENDMENT}),
        repealed_sections=len({chunk_id for chunk_id, note in notes if note.kind == ANNOUNCED_REPEAL}),
        effective=sorted({note.effective for _, note in notes if note.effective and note.kind in _ANNOUNCED}),
    )


_ANNOUNCED = (ANNOUNCED_AMENDMENT, ANNOUNCED_REPEAL)


def _searchable(document: DocumentSummary, first: Chunk) -> str:
    return " ".join((document.title, first.short_title or "", document.source)).casefold()
