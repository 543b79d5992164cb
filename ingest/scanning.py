"""Which files of a folder are candidates for ingest."""

from __future__ import annotations

import os
from pathlib import Path

from ingest.catalog import CATALOG_NAME


def scan_folder(folder: Path, exclude: Path | None = None) -> dict[str, Path]:
    """Every file below `folder` by its source name (relative path, forward slashes), sorted.

    Hidden files and folders, the root's metadata.json and everything under `exclude` (the data dir, when
    it lies inside the folder) are left out. Symbolic links to folders are not followed.
    """
    excluded = exclude.resolve() if exclude else None
    found: dict[str, Path] = {}
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (here / d).resolve() != excluded)
        for name in sorted(files):
            path = here / name
            source = path.relative_to(folder).as_posix()
            if not name.startswith(".") and source != CATALOG_NAME:
                found[source] = path
    return dict(sorted(found.items()))
