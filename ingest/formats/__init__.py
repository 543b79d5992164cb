"""One loader per file type, chosen by extension. A loader parses the file's bytes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

from ingest.documents import LoadError, ParsedDocument
from ingest.formats.html import load_html
from ingest.formats.markdown import load_markdown
from ingest.formats.pdf import load_pdf
from ingest.formats.plaintext import load_text
from ingest.formats.word import load_docx

Loader = Callable[[bytes], ParsedDocument]

LOADERS: dict[str, Loader] = {
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".txt": load_text,
    ".html": load_html,
    ".htm": load_html,
    ".pdf": load_pdf,
    ".docx": load_docx,
}


def loader_for(path: PurePath) -> Loader:
    """The loader for this file's extension; LoadError names the extension when there is none."""
    suffix = path.suffix.lower()
    if suffix not in LOADERS:
        raise LoadError(f"unsupported file type {suffix or '(no extension)'}")
    return LOADERS[suffix]
