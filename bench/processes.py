"""Servers in subprocesses: start one in its own process group, wait for it, read its memory, stop it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

BIN = Path(sys.executable).parent  # the environment's scripts: kildesvar, chroma


class ServerFailed(RuntimeError):
    """A server exited or never became ready; the message ends with the tail of its log."""


@contextmanager
def running(command: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """The command running in a new process group, logging to `log`; the whole group is stopped afterwards."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            yield process
        finally:
            stop(process)


def stop(process: subprocess.Popen, grace: float = 20) -> None:
    """SIGTERM to the process group (uvicorn stops its workers), SIGKILL when it has not exited in `grace` s."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def wait_until(ready: Callable[[], bool], process: subprocess.Popen, log: Path, timeout: float) -> float:
    """Seconds until `ready()` holds; ServerFailed when the process exits or `timeout` passes first."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if process.poll() is not None:
            raise ServerFailed(f"{process.args!r} exited with {process.returncode}:\n{tail(log)}")
        try:
            if ready():
                return time.perf_counter() - started
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise ServerFailed(f"{process.args!r} was not ready after {timeout:.0f} s:\n{tail(log)}")


def answers(url: str) -> Callable[[], bool]:
    """A readiness probe that holds once GET `url` returns 200."""
    return lambda: httpx.get(url, timeout=5).status_code == 200


def peak_rss_mb(pid: int) -> list[float]:
    """The peak resident set (VmHWM) of the process and each of its descendants, in MB, largest first."""
    return sorted((_vm_hwm_kib(member) / 1024 for member in _process_tree(pid)), reverse=True)


def free_port(port_base: int, offset: int) -> int:
    """`port_base + offset`, or a port the OS picks when `port_base` is 0."""
    if port_base:
        return port_base + offset
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _process_tree(pid: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                # The command name in parentheses may hold spaces; the parent pid is the second field after it.
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = [pid], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        tree.extend(children)
        frontier = children
    return tree


def _vm_hwm_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
