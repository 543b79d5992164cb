"""One file's bytes to its chunks: loaded by extension, metadata resolved, cut along its structure.

Metadata comes first from the file itself (front matter), then from metadata.json, and the title falls
back to the first heading, then to the file name. The pipeline and the evaluation suites share this.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from ingest.catalog import Catalog
from ingest.chunking import chunk_sections
from ingest.documents import DocumentMetadata, LoadError
from ingest.formats import loader_for
from ingest.reading import check_unpacked_size
from ingest.settings import IngestSettings
from vectorstore.models import Chunk


def chunk_file(source: str, content: bytes, catalog: Catalog, settings: IngestSettings) -> list[Chunk]:
    """The chunks of `source` (a path relative to the ingested folder); LoadError says why there are none."""
    loader = loader_for(PurePosixPath(source))
    if not content:
        raise LoadError("the file is empty")
    check_unpacked_size(source, content, settings.max_unpacked_bytes)
    parsed = loader(content)
    metadata = parsed.metadata.filled_from(catalog.metadata(source)).filled_from(
        DocumentMetadata(title=parsed.first_heading or PurePosixPath(source).stem)
    )
    chunks = chunk_sections(source, metadata, parsed.sections, settings)
    if not chunks:
        raise LoadError("no text found in the file")
    return chunks
