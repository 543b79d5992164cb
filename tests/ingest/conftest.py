"""Small documents of every supported type, generated under tmp_path."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import docx
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


def write_pdf(path: Path, pages: Sequence[Sequence[str]]) -> Path:
    """A PDF with one page per item, each page a list of text lines."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for lines in pages:
        y = 800
        for line in lines:
            pdf.drawString(72, y, line)
            y -= 16
        pdf.showPage()
    pdf.save()
    return path


def write_docx(path: Path, blocks: Sequence[tuple[str, str]]) -> Path:
    """A Word file from (style, text) pairs, e.g. ("Heading 1", "Bakgrunn") or ("Normal", "...")."""
    document = docx.Document()
    for style, text in blocks:
        document.add_paragraph(text, style=style)
    document.save(str(path))
    return path


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    return folder
