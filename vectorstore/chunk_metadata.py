"""How a Chunk is stored as flat Chroma metadata and read back."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, fields
from typing import Any

from vectorstore.models import AmendmentNote, Chunk

_OPTIONAL_TEXT = ("url", "date", "short_title", "refid", "last_amended", "in_force_from", "paragraph", "chapter")


def to_metadata(chunk: Chunk) -> dict[str, str | int]:
    """Flat metadata (Chroma accepts no None or nested values): None becomes "" and page 0."""
    metadata: dict[str, str | int] = {
        "source": chunk.source,
        "position": chunk.position,
        "title": chunk.title,
        "section": chunk.section,
        "page": chunk.page or 0,
        "doc_type": chunk.doc_type,
        "amendments": json.dumps([asdict(note) for note in chunk.amendments], ensure_ascii=False),
    }
    for name in _OPTIONAL_TEXT:
        metadata[name] = getattr(chunk, name) or ""
    return metadata


def from_metadata(text: str, metadata: Mapping[str, Any]) -> Chunk:
    """The Chunk that `to_metadata` stored, with "" and 0 turned back into None."""
    known = {f.name for f in fields(Chunk)}
    values = {key: value for key, value in metadata.items() if key in known}
    for name in _OPTIONAL_TEXT:
        values[name] = values.get(name) or None
    values["page"] = values.get("page") or None
    values["amendments"] = tuple(AmendmentNote(**note) for note in json.loads(values.get("amendments") or "[]"))
    return Chunk(text=text, **values)


def embedding_text(chunk: Chunk) -> str:
    """What the dense model sees for a chunk: the document title and section path above the passage."""
    heading = " > ".join(part for part in (chunk.title, chunk.section) if part)
    return f"{heading}\n{chunk.text}" if heading else chunk.text
