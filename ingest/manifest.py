"""What was ingested: a content fingerprint per source plus the settings the chunks and vectors depend on.

Saved as `<data dir>/ingest-manifest.json`, written to a temporary file and moved into place, so a crash
never leaves half a manifest. When the recorded settings differ from the current ones (another embedding
model, another chunker version or chunk size), every source counts as changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST_NAME = "ingest-manifest.json"


def fingerprint(content: bytes, extra: bytes = b"") -> str:
    """sha256 of the file's bytes, and of anything else its chunks are made from (its metadata.json entry)."""
    digest = hashlib.sha256(content)
    if extra:
        digest.update(b"\0")
        digest.update(extra)
    return digest.hexdigest()


@dataclass
class Manifest:
    config: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Manifest:
        """The saved manifest; an empty one when missing or unreadable (then everything is ingested anew)."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(config=dict(data["config"]), sources=dict(data["sources"]))
        except (OSError, ValueError, KeyError, TypeError):
            return cls()

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps({"config": self.config, "sources": dict(sorted(self.sources.items()))}, indent=1)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(payload)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
