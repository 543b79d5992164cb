"""What the numbers were measured on: CPU, the instruction sets that matter for inference, memory, load."""

from __future__ import annotations

import os
import platform
import subprocess
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]

# The flags that decide which matrix-multiply kernels an embedder can use.
INTERESTING_FLAGS = ("avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16", "avx_vnni", "amx_tile", "amx_int8")


def describe_machine(repo: Path = REPO) -> dict[str, Any]:
    """CPU model and flags, cores, memory, Python, and the commit the benchmark ran on."""
    cpu = _cpuinfo()
    return {
        "cpu_model": cpu.get("model name", platform.processor() or "unknown"),
        "cpu_flags": [flag for flag in INTERESTING_FLAGS if flag in cpu.get("flags", "").split()],
        "logical_cores": os.cpu_count(),
        "memory_gib": round(_memory_kib() / 1024**2, 1),
        "python": platform.python_version(),
        "commit": current_commit(repo),
    }


def load_average() -> list[float]:
    """The 1, 5 and 15 minute load averages, rounded."""
    return [round(value, 2) for value in os.getloadavg()]


def _cpuinfo() -> dict[str, str]:
    """The first processor's fields of /proc/cpuinfo (empty where there is none)."""
    path = Path("/proc/cpuinfo")
    if not path.exists():
        return {}
    first = path.read_text(encoding="utf-8", errors="replace").split("\n\n", 1)[0]
    fields = (line.split(":", 1) for line in first.splitlines() if ":" in line)
    return {name.strip(): value.strip() for name, value in fields}


def _memory_kib() -> int:
    path = Path("/proc/meminfo")
    if not path.exists():
        return 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1])
    return 0


def current_commit(repo: Path = REPO) -> str:
    """The checked-out commit, with `+dirty` when the work tree has changes."""
    try:
        head = _git(repo, "rev-parse", "--short=12", "HEAD")
        status = _git(repo, "status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+dirty" if status else "")


def _git(repo: Path, *arguments: str) -> str:
    return subprocess.run(["git", *arguments], cwd=repo, capture_output=True, text=True, check=True).stdout.strip()
