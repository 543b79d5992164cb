"""A bounded soak on loopback: clients ask while documents change and the Chroma server restarts once.

    .venv/bin/python scripts/soak.py [--minutes 5] [--clients 16] [--workers 2] [--out data/soak.json]

Starts a real `chroma run` and `kildesvar serve` (several workers) over a copy of corpus/ (plus a few laws
from ../shared/data/lovdata when present), then for the given time: `--clients` threads ask /v1/ask and
/v1/search without pause; every `--change-every` seconds a file is added, one changed and one deleted and
`kildesvar ingest` runs; halfway the Chroma server is stopped (SIGTERM) and started again on the same path.
At the end a last ingest runs, a clean ingest of the final folder goes into a second collection, and the
two are compared: the same chunk ids, texts, metadata and vectors, and the same keyword hits.

What counts: every request gets a response; the only non-200 statuses allowed are 503 `store_unavailable`
while Chroma is down (and shortly after), everything else is a lost request. The JSON report has the counts
by status, the 503 window, latency percentiles and the comparison. Exit code 0 when nothing was lost and
both indexes agree.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LAWS = ("lov-2016-06-17-73.md", "lov-2018-06-22-83.md")  # anskaffelsesloven, kommuneloven
QUERIES = ("terskelverdi", "leverandørutvikling", "kull", "vertskommune", "kommunestyret", "endringsfil")


@dataclass
class Outcome:
    started: float
    seconds: float
    status: int | None  # None: no response at all (connection reset, timeout)
    error: str = ""


@dataclass
class Log:
    outcomes: list[Outcome] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, outcome: Outcome) -> None:
        with self.lock:
            self.outcomes.append(outcome)


def main() -> int:
    options = parse_arguments()
    root = Path(tempfile.mkdtemp(prefix="kildesvar-soak-"))
    folder = seed_folder(root / "documents")
    chroma = Chroma(root / "chroma", free_port())
    env = {
        **{name: value for name, value in os.environ.items() if not name.startswith("KILDESVAR_")},
        "KILDESVAR_DATA_DIR": str(root / "data"),
        "KILDESVAR_CHROMA_URL": chroma.url,
        "KILDESVAR_WIDGET_RATE_LIMIT": "",
        "KILDESVAR_KEY_RATE_LIMIT": "",
        "KILDESVAR_QUESTION_LOG_DAYS": "0",
        "HF_HUB_OFFLINE": "1",
        "OMP_WAIT_POLICY": "PASSIVE",
    }
    questions = [json.loads(line)["question"] for line in (REPO / "evaluation/gold/corpus.jsonl").open()]
    report: dict[str, object] = {"minutes": options.minutes, "clients": options.clients, "workers": options.workers}
    try:
        chroma.start()
        ingest(folder, env)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        serve = [str(BIN / "kildesvar"), "serve", "--host", "127.0.0.1", "--port", str(port)]
        serve += ["--workers", str(options.workers)]
        with (root / "server.log").open("wb") as server_log:
            server = subprocess.Popen(serve, env=env, stdout=server_log, stderr=subprocess.STDOUT)
            try:
                wait_ready(f"{url}/readyz", timeout=300)
                report |= soak(url, folder, env, chroma, questions, options)
            finally:
                server.send_signal(signal.SIGTERM)
                server.wait(timeout=60)
        ingest(folder, env)
        report["comparison"] = compare_with_clean_ingest(folder, env, root)
    finally:
        chroma.stop()
        if not options.keep:
            shutil.rmtree(root, ignore_errors=True)
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(report, indent=1, ensure_ascii=False))
    comparison = report["comparison"]
    return 0 if report["lost"] == 0 and isinstance(comparison, dict) and comparison["equal"] else 1


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--change-every", type=float, default=30.0, help="seconds between document changes")
    parser.add_argument("--chroma-down", type=float, default=10.0, help="seconds the Chroma server stays down")
    parser.add_argument("--out", type=Path, default=REPO / "data" / "soak.json")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, data dirs)")
    return parser.parse_args()


def seed_folder(folder: Path) -> Path:
    shutil.copytree(REPO / "corpus", folder)
    lovdata = Path(os.environ.get("KILDESVAR_SHARED_DIR", REPO.parent / "shared")) / "data" / "lovdata" / "lover"
    for name in LAWS:
        if (lovdata / name).exists():
            shutil.copy(lovdata / name, folder / name)
    return folder


def soak(url: str, folder: Path, env: dict[str, str], chroma: Chroma, questions: list[str], options) -> dict:
    log = Log()
    stop = threading.Event()
    started = time.monotonic()
    clients = [
        threading.Thread(target=ask_until, args=(url, questions, log, stop, seed), daemon=True)
        for seed in range(options.clients)
    ]
    for client in clients:
        client.start()
    changes = 0
    restart: tuple[float, float] | None = None
    deadline = started + options.minutes * 60
    next_change = started + options.change_every
    while time.monotonic() < deadline:
        now = time.monotonic()
        if restart is None and now >= started + options.minutes * 30:
            down = time.monotonic()
            chroma.stop()
            time.sleep(options.chroma_down)
            chroma.start()
            restart = (down - started, time.monotonic() - started)
        elif now >= next_change:
            change_documents(folder, changes)
            ingest(folder, env)
            changes += 1
            next_change = time.monotonic() + options.change_every
        time.sleep(0.5)
    stop.set()
    for client in clients:
        client.join(timeout=60)
    return summarise(log.outcomes, started, restart, changes)


def ask_until(url: str, questions: list[str], log: Log, stop: threading.Event, seed: int) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=url, timeout=60) as client:
        while not stop.is_set():
            began = time.monotonic()
            try:
                if rng.random() < 0.7:
                    response = client.post("/v1/ask", json={"question": rng.choice(questions)})
                else:
                    response = client.get("/v1/search", params={"q": rng.choice(QUERIES), "k": 10})
                error = "" if response.status_code == 200 else response.json().get("error", "")
                log.add(Outcome(began, time.monotonic() - began, response.status_code, error))
            except (httpx.HTTPError, ValueError) as failure:
                log.add(Outcome(began, time.monotonic() - began, None, type(failure).__name__))


def change_documents(folder: Path, round_number: int) -> None:
    """Add one file, change one, delete one (never the laws, so the deletion guard's share stays small)."""
    (folder / f"endringsfil-{round_number}.md").write_text(
        f"---\ntitle: Endringsfil {round_number}\n---\n\n# Endringsfil {round_number}\n\n"
        f"Denne filen ble lagt til i runde {round_number} av soak-testen for endringsfil.\n",
        encoding="utf-8",
    )
    changed = folder / "politiske-prioriteringer-2024-2027.md"
    if changed.exists():
        changed.write_text(changed.read_text(encoding="utf-8") + f"\nTillegg i runde {round_number}.\n", "utf-8")
    if round_number >= 1:
        (folder / f"endringsfil-{round_number - 1}.md").unlink(missing_ok=True)


def summarise(outcomes: list[Outcome], started: float, restart: tuple[float, float] | None, changes: int) -> dict:
    grace = 15.0  # seconds after Chroma is back in which a 503 still counts as the restart's
    window = (restart[0], restart[1] + grace) if restart else (0.0, 0.0)

    def expected_503(outcome: Outcome) -> bool:
        """A 503 `store_unavailable` of a request that was in flight at some moment of the restart window."""
        began = outcome.started - started
        ended = began + outcome.seconds
        return (
            outcome.status == 503 and outcome.error == "store_unavailable" and began <= window[1] and ended >= window[0]
        )

    statuses = Counter(str(outcome.status) for outcome in outcomes)
    lost = [outcome for outcome in outcomes if outcome.status != 200 and not expected_503(outcome)]
    latencies = sorted(outcome.seconds * 1000 for outcome in outcomes if outcome.status == 200)
    return {
        "requests": len(outcomes),
        "by_status": dict(statuses),
        "store_unavailable_during_restart": sum(expected_503(outcome) for outcome in outcomes),
        "lost": len(lost),
        "lost_examples": [vars(outcome) for outcome in lost[:10]],
        "chroma_restart_seconds": restart,
        "document_changes": changes,
        "latency_ms": _percentiles(latencies),
    }


def _percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    quantiles = statistics.quantiles(values, n=100)
    return {"p50": round(quantiles[49], 1), "p95": round(quantiles[94], 1), "p99": round(quantiles[98], 1)}


def compare_with_clean_ingest(folder: Path, env: dict[str, str], root: Path) -> dict:
    """The soaked index against a clean ingest of the final folder into its own collection and data dir."""
    clean_env = {**env, "KILDESVAR_DATA_DIR": str(root / "clean"), "KILDESVAR_COLLECTION": "soak-clean"}
    ingest(folder, clean_env)
    script = (
        "import json, sys\n"
        "from vectorstore.settings import StoreSettings\n"
        "from vectorstore.store import KnowledgeStore\n"
        "store = KnowledgeStore.open(StoreSettings())\n"
        "chunks = {c.id: [c.text, repr(c)] for c in store.all_chunks()}\n"
        "vectors = {c.id: [round(v, 4) for v in vector] for c, vector in store.chunks_with_vectors()}\n"
        f"queries = {list(QUERIES)!r}\n"
        "hits = {q: [h.chunk.id for h in store.keyword_search(q, 20)] for q in queries}\n"
        "json.dump({'chunks': chunks, 'vectors': vectors, 'hits': hits}, sys.stdout)\n"
    )
    soaked, clean = (
        json.loads(subprocess.run([sys.executable, "-c", script], env=e, capture_output=True, check=True).stdout)
        for e in (env, clean_env)
    )
    vectors_equal = soaked["vectors"].keys() == clean["vectors"].keys() and all(
        max(abs(a - b) for a, b in zip(soaked["vectors"][key], clean["vectors"][key], strict=True)) < 1e-3
        for key in soaked["vectors"]
    )
    return {
        "chunks": len(soaked["chunks"]),
        "chunks_equal": soaked["chunks"] == clean["chunks"],
        "vectors_equal": vectors_equal,
        "keyword_hits_equal": soaked["hits"] == clean["hits"],
        "equal": soaked["chunks"] == clean["chunks"] and vectors_equal and soaked["hits"] == clean["hits"],
    }


class Chroma:
    """A `chroma run` server on loopback that can be stopped and started again on the same data."""

    def __init__(self, path: Path, port: int) -> None:
        self.path, self.port = path, port
        self.url = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [str(BIN / "chroma"), "run", "--path", str(self.path), "--host", "127.0.0.1"]
        log = (self.path.parent / "chroma.log").open("ab")
        self.process = subprocess.Popen([*command, "--port", str(self.port)], stdout=log, stderr=subprocess.STDOUT)
        wait_ready(f"{self.url}/api/v2/heartbeat", timeout=120)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=60)


def ingest(folder: Path, env: dict[str, str]) -> None:
    result = subprocess.run([str(BIN / "kildesvar"), "ingest", str(folder)], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"ingest exited {result.returncode}:\n{result.stdout}\n{result.stderr}")


def wait_ready(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{url} was not ready after {timeout} s")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


if __name__ == "__main__":
    sys.exit(main())
