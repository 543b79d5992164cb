"""The optional `metadata.json` in the root of an ingested folder: titles and types for files that carry none.

Shape: {"report.pdf": {"title": "...", "type": "rapport", "date": "2021-02-26", "url": "https://..."}},
keyed by the path relative to the folder with forward slashes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ingest.documents import DocumentMetadata, metadata_value

CATALOG_NAME = "metadata.json"


class CatalogError(ValueError):
    """metadata.json exists but cannot be used."""


class Catalog:
    """Per-source metadata entries from metadata.json."""

    def __init__(self, entries: dict[str, dict[str, Any]] | None = None) -> None:
        self._entries = entries or {}

    @classmethod
    def load(cls, folder: Path) -> Catalog:
        """The folder's catalog; empty when there is no metadata.json."""
        path = folder / CATALOG_NAME
        if not path.is_file():
            return cls()
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CatalogError(f"{CATALOG_NAME} is not valid JSON: {error}") from error
        if not isinstance(entries, dict) or not all(isinstance(v, dict) for v in entries.values()):
            raise CatalogError(f'{CATALOG_NAME} must map file names to objects like {{"title": "..."}}')
        return cls(entries)

    def entry(self, source: str) -> dict[str, Any] | None:
        return self._entries.get(source)

    def entries(self) -> dict[str, dict[str, Any]]:
        return dict(sorted(self._entries.items()))

    def with_entry(self, source: str, entry: dict[str, Any] | None) -> Catalog:
        """A copy with the source's entry replaced (None: removed)."""
        entries = {name: value for name, value in self._entries.items() if name != source}
        return Catalog({**entries, source: entry} if entry is not None else entries)

    def only(self, source: str) -> Catalog:
        """A catalog with this source's entry alone (what a parser in another process needs)."""
        entry = self.entry(source)
        return Catalog({source: entry} if entry is not None else {})

    def fingerprint(self, source: str) -> bytes:
        """The source's entry as canonical bytes, so that editing an entry re-ingests that source only."""
        entry = self._entries.get(source)
        return json.dumps(entry, sort_keys=True, ensure_ascii=False).encode() if entry else b""

    def metadata(self, source: str) -> DocumentMetadata:
        entry = self._entries.get(source, {})
        return DocumentMetadata(
            title=metadata_value(entry.get("title")),
            doc_type=metadata_value(entry.get("type")),
            date=metadata_value(entry.get("date")),
            url=metadata_value(entry.get("url")),
        )
