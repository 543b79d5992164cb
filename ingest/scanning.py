"""Which entries of a folder are its documents, and which are refused or could not be listed.

A document is a regular file below the folder, or a symbolic link to one that stays inside the folder
(unless links are refused altogether). Hidden files and folders, the root's metadata.json and the data dir
(when it lies inside the folder) are left out. A FIFO, a device or a socket is refused, and so is a link
that leads out of the folder: `ln -s /etc/os-release docs/x.txt` must not get that file served. Links to
folders are not followed. A subfolder that cannot be listed is recorded, so that its documents count as
unreadable, never as deleted.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ingest.catalog import CATALOG_NAME


class FolderUnreadable(OSError):
    """The folder itself cannot be listed."""


@dataclass
class FolderScan:
    files: dict[str, Path] = field(default_factory=dict)  # source name -> the file to read, sorted by name
    refused: dict[str, str] = field(default_factory=dict)  # source name -> why it is not a document
    unreadable: dict[str, str] = field(default_factory=dict)  # "sub/folder/" -> why it could not be listed

    def is_unreadable(self, source: str) -> bool:
        """The source lies in a subfolder that could not be listed."""
        return any(source.startswith(prefix) for prefix in self.unreadable)


def scan_folder(folder: Path, exclude: Path | None = None, follow_symlinks: bool = True) -> FolderScan:
    """Every document below `folder` by its source name (relative path, forward slashes)."""
    root = folder.resolve()
    excluded = exclude.resolve() if exclude else None
    scan = FolderScan()
    errors: list[OSError] = []
    for here_name, dirs, names in os.walk(folder, onerror=errors.append):
        here = Path(here_name)
        kept_dirs = []
        for name in sorted(dirs):
            path = here / name
            if name.startswith(".") or path.resolve() == excluded:
                continue
            if path.is_symlink():
                scan.refused[_source(path, folder) + "/"] = "symbolic link to a folder (not followed)"
            else:
                kept_dirs.append(name)
        dirs[:] = kept_dirs
        for name in sorted(names):
            path = here / name
            source = _source(path, folder)
            if name.startswith(".") or source == CATALOG_NAME:
                continue
            target, refusal = _document_path(path, root, excluded, follow_symlinks)
            if refusal:
                scan.refused[source] = refusal
            else:
                scan.files[source] = target
    for error in errors:
        if Path(error.filename).resolve() == root:
            raise FolderUnreadable(f"cannot read the folder {folder} ({error.strerror or error})")
        scan.unreadable[_source(Path(error.filename), folder) + "/"] = error.strerror or str(error)
    scan.files = dict(sorted(scan.files.items()))
    return scan


def _source(path: Path, folder: Path) -> str:
    return path.relative_to(folder).as_posix()


def _document_path(path: Path, root: Path, excluded: Path | None, follow_symlinks: bool) -> tuple[Path, str | None]:
    """The file to read for this entry, or why the entry is not a document."""
    target = path
    if path.is_symlink():
        if not follow_symlinks:
            return path, "symbolic link (links are refused: KILDESVAR_INGEST_FOLLOW_SYMLINKS=false)"
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return path, "broken symbolic link"
        if not target.is_relative_to(root) or (excluded is not None and target.is_relative_to(excluded)):
            return path, "symbolic link to a file outside the folder"
    try:
        mode = target.stat().st_mode
    except OSError as error:
        return path, f"cannot be read ({error.strerror or error})"
    if not stat.S_ISREG(mode):
        return path, "not a regular file (a FIFO, device or socket)"
    return target, None
