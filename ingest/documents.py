"""What a loader hands to the chunker: document metadata and the document's sections in reading order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, replace
from typing import Any


def metadata_value(value: Any) -> str | None:
    """A metadata value as stripped text: dates become ISO dates, empty values None."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return None
    return str(value).strip() or None


@dataclass(frozen=True)
class DocumentMetadata:
    """Document-level fields copied onto every chunk. None means "not known (yet)"."""

    title: str | None = None
    doc_type: str | None = None
    date: str | None = None
    url: str | None = None
    short_title: str | None = None
    refid: str | None = None
    last_amended: str | None = None
    in_force_from: str | None = None

    def filled_from(self, fallback: DocumentMetadata) -> DocumentMetadata:
        """This metadata, with every unknown field taken from `fallback`."""
        missing = {f.name: getattr(fallback, f.name) for f in fields(self) if getattr(self, f.name) is None}
        return replace(self, **missing)


@dataclass(frozen=True)
class Section:
    """The text under one heading (or one PDF page), verbatim.

    headings is the heading path down to and including the section's own heading, without the document
    title; it is empty for text before the first heading and for pages of a PDF.
    """

    headings: tuple[str, ...]
    body: str
    page: int | None = None

    @property
    def heading(self) -> str | None:
        return self.headings[-1] if self.headings else None


@dataclass(frozen=True)
class ParsedDocument:
    """A loaded file: the metadata it carries itself, its first heading and its sections."""

    metadata: DocumentMetadata = field(default_factory=DocumentMetadata)
    first_heading: str | None = None
    sections: tuple[Section, ...] = ()


class LoadError(ValueError):
    """A file that cannot be read as its type says; the message says why, in plain words."""
