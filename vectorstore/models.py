"""The chunk model shared by ingest (which writes chunks) and service (which reads them)."""

from __future__ import annotations

from dataclasses import dataclass, field


def make_chunk_id(source: str, position: int) -> str:
    """Chunk ids are `<relative path>#<position>`, stable for an unchanged source."""
    return f"{source}#{position}"


@dataclass(frozen=True)
class AmendmentNote:
    """An italic amendment note under a section: `*Endres ved forskrift 14 april 2026 nr. 617 (i kraft 1 juli 2026).*`.

    kind is "endres" (will be / is amended), "oppheves" (repealed), "endret" (amended in the past, already merged)
    or "opphevet" (already repealed). effective is the ISO date from "(i kraft ...)" when the note gives one.
    amending_ref is the amending act's refid ("forskrift/2026-04-14-617") when the note names one.
    """

    kind: str
    text: str
    effective: str | None = None
    amending_ref: str | None = None


@dataclass(frozen=True)
class Chunk:
    """One retrievable passage with everything needed to cite it."""

    source: str  # path relative to the ingested folder, forward slashes
    position: int  # 0-based position within the source
    text: str  # the passage text exactly as shown and quoted
    title: str  # document title
    section: str = ""  # heading path, " > " separated, e.g. "Kapittel 5 ... > § 5-3. EØS-terskelverdier"
    page: int | None = None  # 1-based page for PDFs
    url: str | None = None
    doc_type: str = ""  # "lov", "forskrift", "rapport", "programbeskrivelse", "veileder", ...
    date: str | None = None  # ISO date of the document (publication or last change)
    short_title: str | None = None  # korttittel
    refid: str | None = None  # e.g. "forskrift/2016-08-12-974"
    last_amended: str | None = None  # sist-endret refid
    in_force_from: str | None = None  # ikrafttredelse ISO date
    paragraph: str | None = None  # "5-3" for "§ 5-3", "12" for "§ 12"; None when the chunk is not a §
    chapter: str | None = None  # "5" for "Kapittel 5"
    amendments: tuple[AmendmentNote, ...] = field(default_factory=tuple)

    @property
    def id(self) -> str:
        return make_chunk_id(self.source, self.position)


@dataclass(frozen=True)
class Hit:
    """A chunk returned by a search, with the score of the ranking that produced it (higher is better)."""

    chunk: Chunk
    score: float


@dataclass(frozen=True)
class Document:
    """One stored source as the store's registry records it: what its chunks say about it, and when it came in.

    Document-level fields (title, type, url, date, korttittel, refid, last amendment, in force from) are those of
    its first chunk. `announced_amendments` and `announced_repeals` count the chunks under a note that their text
    will be (or is) amended or repealed by an act not yet merged into it; `changes_effective` lists those notes'
    dates in force, ISO, sorted. `ingested_at` is when its chunks were last stored (ISO 8601, UTC).
    """

    source: str
    title: str
    doc_type: str
    chunks: int
    ingested_at: str
    url: str | None = None
    date: str | None = None
    short_title: str | None = None
    refid: str | None = None
    last_amended: str | None = None
    in_force_from: str | None = None
    announced_amendments: int = 0
    announced_repeals: int = 0
    changes_effective: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChunkOutline:
    """Where a chunk sits, without its text: enough to index the laws' § and chapters."""

    id: str
    source: str
    position: int
    refid: str | None
    paragraph: str | None
    chapter: str | None
