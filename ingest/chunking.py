"""Sections to chunks, following the document's own structure.

- A law section (heading "§ ...") is one chunk when it fits `max_provision_chars`; a longer one is split
  between its ledd. Every part starts with the § heading line, so each chunk says what it is.
- Other sections (reports, guides) are cut by LlamaIndex's SentenceSplitter into ~`prose_chunk_chars`
  pieces with a small overlap, each headed by the section's heading line.
- PDF pages are cut the same way and keep their page number.
Amendment notes under a section stay in its text and are attached to every chunk cut from it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache

from llama_index.core.node_parser import SentenceSplitter

from ingest.amendments import find_amendment_notes
from ingest.documents import DocumentMetadata, Section
from ingest.provisions import chapter_number, ledd_spans, pack_spans, paragraph_number
from ingest.settings import IngestSettings
from vectorstore.models import Chunk

# Bump when the chunks cut from an unchanged file would differ; the manifest then re-ingests everything.
CHUNKER_VERSION = "3"
_MIN_BUDGET = 200


def chunk_sections(
    source: str, metadata: DocumentMetadata, sections: tuple[Section, ...], settings: IngestSettings
) -> list[Chunk]:
    """All chunks of one source, positions counted from 0; empty pieces are left out."""
    chunks: list[Chunk] = []
    for section in sections:
        template = _section_chunk(source, metadata, section)
        for text in _section_texts(section, template.paragraph is not None, settings):
            chunks.append(replace(template, position=len(chunks), text=text))
    return chunks


def _section_chunk(source: str, metadata: DocumentMetadata, section: Section) -> Chunk:
    """A chunk with every field its section gives; position and text are filled in per piece."""
    paragraph = paragraph_number(section.heading)
    return Chunk(
        source=source,
        position=0,
        text="",
        title=metadata.title or source,
        section=" > ".join(section.headings),
        page=section.page,
        url=metadata.url,
        doc_type=metadata.doc_type or "",
        date=metadata.date,
        short_title=metadata.short_title,
        refid=metadata.refid,
        last_amended=metadata.last_amended,
        in_force_from=metadata.in_force_from,
        paragraph=paragraph,
        chapter=chapter_number(section.headings[:-1] if paragraph else section.headings, paragraph),
        amendments=find_amendment_notes(section.body),
    )


def _section_texts(section: Section, is_provision: bool, settings: IngestSettings) -> Iterator[str]:
    heading = section.heading
    budget_base = settings.max_provision_chars if is_provision else settings.prose_chunk_chars
    budget = max(budget_base - (len(heading) + 2 if heading else 0), _MIN_BUDGET)
    pieces: Iterable[str]
    if is_provision:
        pieces = _provision_pieces(section.body, budget, settings)
    else:
        pieces = _sentence_pieces(section.body, budget, settings.prose_overlap_chars)
    for piece in pieces:
        if piece.strip():
            yield f"{heading}\n\n{piece}" if heading else piece


def _provision_pieces(body: str, budget: int, settings: IngestSettings) -> Iterator[str]:
    """The whole body when it fits, else groups of whole ledd; a ledd too long on its own is cut by sentence."""
    if len(body) <= budget:
        yield body
        return
    for start, end in pack_spans(ledd_spans(body), budget):
        if end - start <= budget:
            yield body[start:end]
        else:
            yield from _sentence_pieces(body[start:end], budget, settings.prose_overlap_chars)


def _sentence_pieces(text: str, budget: int, overlap: int) -> list[str]:
    if len(text) <= budget:
        return [text]
    return _splitter(budget, min(overlap, budget // 4)).split_text(text)


@lru_cache(maxsize=16)
def _splitter(size: int, overlap: int) -> SentenceSplitter:
    """Sizes count characters (`tokenizer=list`), so no tokenizer model is needed."""
    return SentenceSplitter(chunk_size=size, chunk_overlap=overlap, tokenizer=list, paragraph_separator="\n\n")
