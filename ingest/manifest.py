"""What was ingested, source by source: where it came from, a content fingerprint, the settings it was made with.

Saved as `<data dir>/ingest-manifest.json` (format 2):

    {"format": 2,
     "commit_pending": false,
     "sources": {
       "lup.md":             {"origin": "/srv/dokumenter", "digest": "9f2c...", "config": "41d0...",
                              "chunks": 3, "ingested_at": "2026-05-04T10:02:03Z"},
       "uploads/vedtak.pdf": {"origin": "upload", "digest": "c0de...", ...},
       "rapport.pdf":        {"origin": "/srv/dokumenter", "digest": null, ...}}}

- `origin` is the absolute path of the folder a source was ingested from, or `upload` for a file posted to
  the API (kept under `<data dir>/uploads/`). A source belongs to one origin: a folder run adds, changes and
  deletes only its own origin's sources, so folders and uploads share one store without deleting each
  other's documents. `null` marks a source recorded before origins existed (format 1) or found in the store
  without an entry; the next folder run takes it as its own.
- `digest` is the sha256 of the file's bytes (and its metadata.json entry). It is `null` while the source
  is being written: the store may then hold its old version, part of the new one or nothing, and the next
  run of its origin ingests it again. A digest is recorded only once the store holds exactly that version.
- `config` is a hash of everything else the chunks and vectors depend on (chunker version, chunk sizes,
  embedding model): a source made with other settings counts as changed.
- `commit_pending` says the store was written since the keyword index was last committed: the next run
  commits even when nothing changed, so a crash between the two indexes lasts only until then.

Every save replaces the file durably (ingest.durable), so a crash leaves the previous or the new manifest,
never part of one. The pipeline saves after every stored file.
Format 1 (`{"config": {...}, "sources": {name: digest}}`) is read as sources without an origin.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.durable import write_durably

MANIFEST_NAME = "ingest-manifest.json"
UPLOAD_ORIGIN = "upload"
UPLOADS_FOLDER = "uploads"  # uploaded files are kept in <data dir>/uploads/, their source is uploads/<name>
_FORMAT = 2


def fingerprint(content: bytes, extra: bytes = b"") -> str:
    """sha256 of the file's bytes, and of anything else its chunks are made from (its metadata.json entry)."""
    digest = hashlib.sha256(content)
    if extra:
        digest.update(b"\0")
        digest.update(extra)
    return digest.hexdigest()


def config_key(config: dict[str, str]) -> str:
    """A short, stable hash of the settings a source's chunks and vectors were made with."""
    return hashlib.sha256(json.dumps(config, sort_keys=True).encode()).hexdigest()[:16]


@dataclass
class SourceEntry:
    origin: str | None
    digest: str | None
    config: str
    chunks: int = 0
    ingested_at: str | None = None

    def is_current(self, digest: str, config: str) -> bool:
        """The store holds exactly this version, made with these settings."""
        return self.digest == digest and self.config == config


@dataclass
class Manifest:
    sources: dict[str, SourceEntry] = field(default_factory=dict)
    commit_pending: bool = False

    @classmethod
    def load(cls, path: Path) -> Manifest:
        """The saved manifest; an empty one when missing or unreadable (then everything is ingested anew)."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") == _FORMAT:
                sources = {name: SourceEntry(**entry) for name, entry in data["sources"].items()}
                return cls(sources=sources, commit_pending=bool(data["commit_pending"]))
            return cls._from_format_1(data)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls()

    @classmethod
    def _from_format_1(cls, data: dict[str, Any]) -> Manifest:
        config = config_key(dict(data["config"]))
        sources = {name: SourceEntry(None, str(digest), config) for name, digest in dict(data["sources"]).items()}
        return cls(sources=sources)

    def save(self, path: Path) -> None:
        sources = {name: vars(entry) for name, entry in sorted(self.sources.items())}  # not asdict: 10x slower
        payload = {"format": _FORMAT, "commit_pending": self.commit_pending, "sources": sources}
        write_durably(path, json.dumps(payload, indent=1, ensure_ascii=False).encode())
