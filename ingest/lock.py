"""One writer at a time per data dir: an exclusive lock on `<data dir>/write.lock`.

Every writer takes it before it opens the store: `kildesvar ingest`, and uploads through `ingest.uploads`.
A second writer waits up to its timeout, saying who holds the lock, then gives up with DataDirBusy. The
lock is filelock's flock(2) lock, so the kernel drops it with the holder's file descriptor: a killed run
never leaves it behind, and `flock data/write.lock CMD` (util-linux) takes the same lock from a shell
(backups use it, see docs/operations.md).

Within a process the lock is per thread: the thread that holds it may take it again (ingest_folder inside
the CLI's hold), any other thread waits like another process. Call it from worker threads, not from an
event loop where every request shares one thread.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from filelock import FileLock, Timeout

LOCK_NAME = "write.lock"
HOLDER_NAME = "write.lock.json"


class DataDirBusy(RuntimeError):
    """Another writer held the data dir's lock for longer than this one would wait."""

    def __init__(self, data_dir: Path, holder: str, waited: float) -> None:
        waited_text = f" after waiting {waited:.0f} s" if waited > 0 else ""
        super().__init__(f"{data_dir} is locked by {holder}{waited_text}; try again when that run has ended")
        self.holder = holder


@contextmanager
def data_dir_lock(data_dir: Path, timeout: float, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the data dir's writer lock; wait up to `timeout` seconds for it (0: do not wait)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(data_dir / LOCK_NAME, is_singleton=True)
    reentered = lock.is_locked
    try:
        lock.acquire(blocking=False)
    except Timeout:
        holder = lock_holder(data_dir)
        if timeout <= 0:
            raise DataDirBusy(data_dir, holder, 0) from None
        if on_wait:
            on_wait(f"Waiting up to {timeout:.0f} s for {data_dir} (locked by {holder}) ...")
        started = time.monotonic()
        try:
            lock.acquire(timeout=timeout, poll_interval=0.2)
        except Timeout:
            raise DataDirBusy(data_dir, holder, time.monotonic() - started) from None
    try:
        if not reentered:
            _write_holder(data_dir)
        yield
    finally:
        if not reentered:
            with suppress(OSError):
                (data_dir / HOLDER_NAME).unlink()
        lock.release()


def lock_holder(data_dir: Path) -> str:
    """Who holds the lock, as the holder wrote it: "pid 4711 on host (kildesvar ingest docs) since 10:02:03"."""
    try:
        holder = json.loads((data_dir / HOLDER_NAME).read_text(encoding="utf-8"))
        return f"pid {holder['pid']} on {holder['host']} ({holder['command']}) since {holder['since']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "another process"


def _write_holder(data_dir: Path) -> None:
    holder = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]])[:200],
        "since": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    (data_dir / HOLDER_NAME).write_text(json.dumps(holder), encoding="utf-8")
