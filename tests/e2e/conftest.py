"""The real thing, in subprocesses: documents of every format, the ingest CLI, servers on free loopback ports."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.ingest.conftest import write_docx, write_pdf

BIN = Path(sys.executable).parent
QUESTION = "Når er søknadsfristen for grønn omstilling i Fjellvik?"
PDF_PAGE_2 = (
    "Tilskudd til grønn omstilling",
    "Søknadsfristen for grønn omstilling i Fjellvik er 15. mars 2027.",
    "Søknaden sendes til næringsavdelingen i kommunen.",
)


@pytest.fixture
def documents(tmp_path: Path) -> Path:
    """A folder with one document of every supported format; the answer to QUESTION is on page 2 of the PDF."""
    folder = tmp_path / "dokumenter"
    folder.mkdir()
    (folder / "veileder.md").write_text(
        "# Veileder for innkjøp\n\n## Terskelverdier\n\n"
        "Den nasjonale terskelverdien for offentlige anskaffelser er 500 000 kroner ekskl. mva.\n",
        encoding="utf-8",
    )
    (folder / "notat.txt").write_text(
        "Notat fra næringsrådet\n\nNæringsrådet møtes fire ganger i året og gir råd om næringsplanen.\n",
        encoding="utf-8",
    )
    (folder / "kurs.html").write_text(
        "<html><head><title>Kurs i innovative anskaffelser</title></head><body><h1>Gratiskurs</h1>"
        "<p>Kurset lærer innkjøpere å bruke dialog med leverandørene før konkurransen.</p></body></html>",
        encoding="utf-8",
    )
    write_pdf(
        folder / "rapport.pdf",
        [
            (
                "Rapport om næringsutvikling i Fjellvik",
                "Fjellvik har 12 000 innbyggere og et aktivt næringsliv.",
                "Rapporten beskriver tilskuddsordningene kommunen forvalter.",
            ),
            PDF_PAGE_2,
        ],
    )
    write_docx(
        folder / "program.docx",
        [("Heading 1", "Læring for næring"), ("Normal", "Programmet samler kommuner som vil bli bedre vertskommuner.")],
    )
    return folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def kildesvar_env(**settings: str) -> dict[str, str]:
    """This process's environment without any KILDESVAR_* variable, plus the given ones."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("KILDESVAR_")}
    return {**env, "HF_HUB_OFFLINE": "1", **settings}


def run_ingest(folder: Path, env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ingest", str(folder)], env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, f"ingest failed:\n{result.stdout}\n{result.stderr}"


@contextmanager
def running(command: list[str], env: dict[str, str], ready_url: str, log: Path) -> Iterator[subprocess.Popen]:
    """Start a server, wait until `ready_url` answers 200, and stop the server however the test ends."""
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            wait_until_ready(process, ready_url, log)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until_ready(process: subprocess.Popen, url: str, log: Path, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{process.args} exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"{url} was not ready after {timeout} s:\n{log.read_text(errors='replace')}")


class ChromaServer:
    """`chroma run` on one port and data folder, which a test may stop, freeze and start again."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [str(BIN / "chroma"), "run", "--path", str(self.folder / "data"), "--host", "127.0.0.1"]
        self.folder.mkdir(parents=True, exist_ok=True)
        log = self.folder / "chroma.log"
        with log.open("ab") as output:
            self.process = subprocess.Popen(
                [*command, "--port", str(self.port)], env=kildesvar_env(), stdout=output, stderr=subprocess.STDOUT
            )
        wait_until_ready(self.process, f"{self.url}/api/v2/heartbeat", log)

    def signal(self, number: int) -> None:
        assert self.process is not None
        os.kill(self.process.pid, number)

    def kill(self) -> None:
        self.signal(signal.SIGKILL)
        assert self.process is not None
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.signal(signal.SIGCONT)
            self.kill()


@contextmanager
def chroma_server(folder: Path) -> Iterator[ChromaServer]:
    """A `ChromaServer` (not started yet) that is stopped however the test ends."""
    server = ChromaServer(folder)
    try:
        yield server
    finally:
        server.stop()
