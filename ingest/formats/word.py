"""Word (.docx) files with python-docx: the Title style and Heading 1..9 styles give the sections."""

from __future__ import annotations

import io
import re
import zipfile

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from ingest.documents import LoadError, ParsedDocument
from ingest.sections import SectionBuilder

# Built-in style names are English in the file whatever the Word language; "Overskrift" covers copies.
_HEADING_STYLE = re.compile(r"^(?:heading|overskrift)\s*(\d)$", re.IGNORECASE)


def load_docx(data: bytes) -> ParsedDocument:
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise LoadError("not a readable Word document (damaged, or not a .docx file)") from error
    builder = SectionBuilder()
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            _add_paragraph(block, builder)
        elif isinstance(block, Table):
            _add_table(block, builder)
    first_heading, sections = builder.build()
    title = first_heading or (document.core_properties.title or "").strip() or None
    return ParsedDocument(first_heading=title, sections=sections)


def _add_paragraph(paragraph: Paragraph, builder: SectionBuilder) -> None:
    text = paragraph.text.strip()
    style = paragraph.style.name if paragraph.style is not None else ""
    heading = _HEADING_STYLE.match(style or "")
    if text and style == "Title":
        builder.heading(0, text)
    elif text and heading:
        builder.heading(int(heading.group(1)), text)
    elif text:
        builder.line(f"- {text}" if (style or "").startswith("List") else text)
        builder.line("")


def _add_table(table: Table, builder: SectionBuilder) -> None:
    """One line per row, cells separated by " | " (a merged cell is shown once)."""
    for row in table.rows:
        cells = [cell.text.strip() for cell in row.cells]
        unique = [cell for index, cell in enumerate(cells) if index == 0 or cell != cells[index - 1]]
        builder.line(" | ".join(unique))
    builder.line("")
