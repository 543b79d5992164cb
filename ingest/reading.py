"""Reading one file within the limits: regular files only, bounded size, bounded unpacked size of archives."""

from __future__ import annotations

import io
import os
import stat
import zipfile
from pathlib import Path, PurePosixPath

from ingest.documents import LoadError

# Formats that are zip archives; their members are checked before a parser unpacks them.
ARCHIVE_SUFFIXES = frozenset({".docx"})
_BLOCK = 1 << 20
_UNPACKED = "MAX_UNPACKED_BYTES"


def read_document(path: Path, max_bytes: int) -> bytes:
    """The file's bytes; LoadError when it is not a regular file or is larger than `max_bytes`.

    The file is opened without blocking and without following a final symbolic link, and checked on the
    open descriptor, so a FIFO or a link put in its place after the folder was scanned cannot hang or
    mislead the run.
    """
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    with os.fdopen(descriptor, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise LoadError("not a regular file (a FIFO, device or socket)")
        if status.st_size > max_bytes:
            raise LoadError(_too_large("the file is", status.st_size, max_bytes, "MAX_FILE_BYTES"))
        content = file.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise LoadError(_too_large("the file is", len(content), max_bytes, "MAX_FILE_BYTES"))
    return content


def check_unpacked_size(source: str, content: bytes, max_unpacked_bytes: int) -> None:
    """For an archive format (a .docx), LoadError unless its members unpack to at most `max_unpacked_bytes`.

    The sizes the archive declares are checked first, then the bytes each member really unpacks to, block by
    block, so a zip bomb is stopped at the limit instead of being unpacked into memory by the parser.
    """
    if PurePosixPath(source).suffix.lower() not in ARCHIVE_SUFFIXES:
        return
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            declared = sum(member.file_size for member in members)
            if declared > max_unpacked_bytes:
                raise LoadError(_too_large("the archive unpacks to", declared, max_unpacked_bytes, _UNPACKED))
            unpacked = 0
            for member in members:
                with archive.open(member) as stream:
                    while block := stream.read(_BLOCK):
                        unpacked += len(block)
                        if unpacked > max_unpacked_bytes:
                            raise LoadError(
                                _too_large("the archive unpacks to more than", unpacked, max_unpacked_bytes, _UNPACKED)
                            )
    except LoadError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError) as error:
        raise LoadError("not a readable Word document (damaged, or not a .docx file)") from error


def _too_large(what: str, size: int, limit: int, setting: str) -> str:
    """ "the file is 120 000 000 bytes, over the limit of 104 857 600 (KILDESVAR_INGEST_MAX_FILE_BYTES)"."""
    return f"{what} {_spaced(size)} bytes, over the limit of {_spaced(limit)} (KILDESVAR_INGEST_{setting})"


def _spaced(number: int) -> str:
    return f"{number:,}".replace(",", " ")
