"""Plain text files, and the decoding every text format shares (UTF-8, else Windows-1252, else Latin-1)."""

from __future__ import annotations

from ingest.documents import ParsedDocument, Section


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) when valid; otherwise Windows-1252, whose letters include æøå as Latin-1's do."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def load_text(data: bytes) -> ParsedDocument:
    """The whole file as one section without a heading."""
    text = decode_text(data).replace("\r\n", "\n").strip("\n")
    return ParsedDocument(sections=(Section(headings=(), body=text),) if text.strip() else ())
