"""PDF files, page by page with pypdf; every section is one page and keeps its 1-based page number."""

from __future__ import annotations

import io

from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError

from ingest.documents import LoadError, ParsedDocument, Section


def load_pdf(data: bytes) -> ParsedDocument:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise LoadError("the PDF is password protected")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError) as error:
        raise LoadError(f"not a readable PDF ({error})") from error
    sections = tuple(
        Section(headings=(), body=text.strip("\n"), page=number)
        for number, text in enumerate(pages, start=1)
        if text.strip()
    )
    return ParsedDocument(sections=sections)
