"""Screenshots of the open widget for the docs: docs/widget-desktop.png (1280 px) and docs/widget-mobile.png (320 px).

Ingests the sample corpus into a temporary data dir, starts `kildesvar serve` on a free loopback port, asks a
question on the demo page in Debian's Chromium and saves the two screenshots. Run from the repo root:

    .venv/bin/python scripts/widget_screenshots.py
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
QUESTION = "Hva er Læring for næring?"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_ready(url: str, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{url} was not ready after {timeout} s")


def shoot(page: Page, url: str, out: Path, highlight: bool) -> None:
    page.goto(f"{url}/")
    page.locator(".ks-launcher").click()
    page.locator(".ks-input").fill(QUESTION)
    page.locator(".ks-input").press("Enter")
    page.locator(".ks-turn .ks-feedback").wait_for(timeout=120_000)
    if highlight:
        page.locator(".ks-marker").first.click()
        page.locator(".ks-input").focus()
    page.locator(".ks-turn").last.evaluate("node => node.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(600)
    page.screenshot(path=str(out))
    print(f"wrote {out}")


def main() -> None:
    with tempfile.TemporaryDirectory() as data_dir:
        env = {**os.environ, "KILDESVAR_DATA_DIR": data_dir, "HF_HUB_OFFLINE": "1"}
        subprocess.run([str(BIN / "kildesvar"), "ingest", str(ROOT / "corpus")], env=env, check=True)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([str(BIN / "kildesvar"), "serve", "--port", str(port)], env=env)
        try:
            wait_until_ready(url)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                for name, width, height, highlight in (("desktop", 1280, 860, True), ("mobile", 320, 640, False)):
                    page = browser.new_page(viewport={"width": width, "height": height}, locale="nb-NO")
                    shoot(page, url, ROOT / "docs" / f"widget-{name}.png", highlight)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=15)


if __name__ == "__main__":
    main()
